// The built collector with influxdbConfig.version 3 against the loopback /api/v3 endpoint: every fixture event
// written once, and every accepted line fits the v3 schema (the endpoint also refuses a tag and a field of the
// same name, as the columnar engine does).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseLine } from '../../support/line-protocol-check.js';
import { startInfluxV3Endpoint } from '../../support/influx-v3-endpoint.js';
import { ofMeasurement, runCollector } from './influx-collector-run.js';

test('collector → InfluxDB v3: every event stored once, nothing refused, every line fits the v3 schema', async () => {
  const endpoint = await startInfluxV3Endpoint({ schema: 3 });
  try {
    const run = await runCollector({
      port: endpoint.port,
      version: 3,
      v3Config: { database: 'butler_e2e', token: endpoint.token, description: 'e2e', retentionDuration: '10d', writeTimeout: 5000, queryTimeout: 60000 },
    });
    assert.equal(run.exitCode, 0, 'graceful stop exits 0');
    assert.ok(endpoint.pings >= 1, 'start-up check ran');
    assert.deepEqual(endpoint.writes.filter((w) => w.status !== 204).map((w) => w.status), [], 'no write refused');
    assert.deepEqual(endpoint.violations, [], 'accepted lines match the v3 schema');
    assert.ok(endpoint.writes.every((w) => w.precision === 'nanosecond' && w.db === 'butler_e2e'));
    const lines = endpoint.storedLines();
    assert.equal(ofMeasurement(lines, 'log_event').length, run.expectedLogEvents);
    const users = ofMeasurement(lines, 'user_events');
    assert.equal(users.length, run.expectedUserEvents);
    for (const l of users) {
      const p = parseLine(l);
      assert.ok(typeof p !== 'string');
      const fields = p.fields.map((f) => f.key);
      assert.ok(fields.includes('userFull_field') && fields.includes('userId_field'), l);
    }
    assert.ok(ofMeasurement(lines, 'event_count').length >= 1, 'event counts written');
  } finally {
    await endpoint.close();
  }
});
