// The built collector with influxdbConfig.version 2 against the loopback /api/v2 endpoint: provisioning at
// start, every fixture event written once, and every accepted line fits the v2 schema (names and types).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseLine } from '../../support/line-protocol-check.js';
import { startInfluxV2Endpoint } from '../../support/influx-v2-endpoint.js';
import { ofMeasurement, runCollector } from './influx-collector-run.js';

test('collector → InfluxDB v2: bucket provisioned, every event stored once, every line fits the v2 schema', async () => {
  const endpoint = await startInfluxV2Endpoint({ schema: 2 });
  try {
    const run = await runCollector({
      port: endpoint.port,
      version: 2,
      v2Config: { org: 'butler', bucket: 'butler_e2e', description: 'e2e', token: endpoint.token, retentionDuration: '2d' },
    });
    assert.equal(run.exitCode, 0, 'graceful stop exits 0');
    assert.deepEqual(endpoint.created.map((b) => [b.name, b.retentionRules]), [['butler_e2e', [{ type: 'expire', everySeconds: 2 * 86_400 }]]]);
    const lines = endpoint.storedLines();
    assert.deepEqual(endpoint.violations, [], 'accepted lines match the v2 schema');
    assert.ok(endpoint.writes.every((w) => w.precision === 'ns' && w.org === 'butler' && w.bucket === 'butler_e2e'));
    assert.equal(ofMeasurement(lines, 'log_event').length, run.expectedLogEvents);
    const users = ofMeasurement(lines, 'user_events');
    assert.equal(users.length, run.expectedUserEvents);
    assert.ok(run.expectedLogEvents >= 15 && run.expectedUserEvents >= 10, 'fixtures give a meaningful sample');
    // v2 names: userFull/userId stay as fields; app fields get the _field suffix.
    for (const l of users) {
      const p = parseLine(l);
      assert.ok(typeof p !== 'string');
      const fields = p.fields.map((f) => f.key);
      assert.ok(fields.includes('userFull') && fields.includes('userId'), l);
      assert.ok(!fields.includes('userFull_field'), l);
      assert.ok(p.timestamp !== undefined && p.timestamp.length >= 19, 'points carry their receive time in ns');
    }
    assert.ok(ofMeasurement(lines, 'log_events_queue').length >= 1, 'ingest metrics written');
  } finally {
    await endpoint.close();
  }
});
