// The audit API's queue point end to end in the built collector: the http thread samples its queue, the tracker
// writes audit_events_queue through the InfluxDB destination into a real InfluxDB 1.x, with v15's tags and its
// 17 queue fields, and the counts add up to what was posted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hostname } from 'node:os';
import { defaultCollectorConfig, useInfluxV1 } from '../../support/collector-config.js';
import { startCollector } from '../../support/collector-process.js';
import { freePort } from '../../support/free-port.js';
import { envelope, postAudit } from '../../support/audit-events.js';
import { startInfluxd, type InfluxdHandle } from '../../support/influxd.js';
import { freeUdpPort } from '../../support/udp.js';

const V15_QUEUE_FIELDS = [
  'backpressure_active',
  'messages_dropped_queue_full',
  'messages_dropped_rate_limit',
  'messages_dropped_size',
  'messages_dropped_total',
  'messages_failed',
  'messages_processed',
  'messages_queued',
  'messages_received',
  'processing_time_avg_ms',
  'processing_time_max_ms',
  'processing_time_p95_ms',
  'queue_max_size',
  'queue_running',
  'queue_size',
  'queue_utilization_pct',
  'rate_limit_current',
];

async function auditQueueRows(influx: InfluxdHandle, db: string, wantReceived: number): Promise<Array<Record<string, unknown>>> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const rows = await influx.rows(`SELECT * FROM audit_events_queue WHERE queue_type = 'audit_events'`, db, 'ms').catch(() => []);
    const received = rows.reduce((n, r) => n + Number(r.messages_received), 0);
    if (received >= wantReceived || Date.now() > deadline) return rows;
    await new Promise((r) => setTimeout(r, 250));
  }
}

test('audit_events_queue: the audit queue point reaches InfluxDB 1.x with queue_type audit_events, its tags and v15 fields', async (t) => {
  const influx = await startInfluxd();
  if (!influx) return t.skip('influxd missing');
  const db = 'audit_queue';
  const [logPort, userPort, auditPort] = [await freeUdpPort(), await freeUdpPort(), await freePort()];
  const config = useInfluxV1(defaultCollectorConfig(logPort, userPort), influx.port, db);
  config.auditEvents = {
    enable: true,
    host: '127.0.0.1',
    port: auditPort,
    maxBodyBytes: 1024,
    queue: { queueMetrics: { influxdb: { enable: true, writeFrequency: 1000, tags: [{ name: 'site', value: 'lab' }] } } },
  };
  const collector = await startCollector(config);
  try {
    await collector.waitForLog((l) => l.msg.startsWith('AUDIT API: listening on'), 30_000);
    assert.ok(!collector.logs.some((l) => /audit_events_queue|queueMetrics/.test(l.msg) && l.level === 'warn'), 'no not-applied warning');
    const base = `http://127.0.0.1:${auditPort}`;
    for (let i = 0; i < 5; i++) assert.equal((await postAudit(base, envelope('navigation.sheet.loaded', i))).status, 202);
    // Over maxBodyBytes: a dropped message of the queue (messages_dropped_size), as in v15.
    const big = envelope('navigation.sheet.loaded', 9);
    (big.payload as Record<string, unknown>).padding = 'x'.repeat(2048);
    assert.equal((await postAudit(base, big)).status, 413);

    const rows = await auditQueueRows(influx, db, 6);
    const sum = (field: string): number => rows.reduce((n, r) => n + Number(r[field]), 0);
    assert.equal(sum('messages_received'), 6, JSON.stringify(rows));
    assert.equal(sum('messages_queued'), 5);
    assert.equal(sum('messages_processed'), 5);
    assert.equal(sum('messages_dropped_size'), 1);
    assert.equal(sum('messages_dropped_total'), 1);
    assert.equal(sum('messages_failed'), 0);
    for (const row of rows) {
      assert.equal(row.queue_type, 'audit_events');
      assert.equal(row.host, hostname());
      assert.equal(row.site, 'lab');
      assert.equal(row.queue_max_size, 200);
      assert.equal(row.queue_running, 0);
    }
    const keys = await influx.rows('SHOW FIELD KEYS FROM audit_events_queue', db);
    assert.deepEqual(keys.map((k) => k.fieldKey).sort(), V15_QUEUE_FIELDS);
    assert.ok(keys.every((k) => k.fieldType === 'float'), 'v1 numbers are floats, as node-influx wrote them');
    assert.equal(await collector.stop(), 0);
  } finally {
    if (collector.child.exitCode === null) await collector.stop();
    await influx.stop();
  }
});

test('audit_events_queue: nothing is written while queue.queueMetrics.influxdb.enable is off (the default)', async (t) => {
  const influx = await startInfluxd();
  if (!influx) return t.skip('influxd missing');
  const db = 'audit_queue_off';
  const [logPort, userPort, auditPort] = [await freeUdpPort(), await freeUdpPort(), await freePort()];
  const config = useInfluxV1(defaultCollectorConfig(logPort, userPort), influx.port, db);
  config.logEvents.udpServerConfig.queueMetrics.influxdb = { ...config.logEvents.udpServerConfig.queueMetrics.influxdb, enable: true, writeFrequency: 1000 };
  config.auditEvents = { enable: true, host: '127.0.0.1', port: auditPort };
  const collector = await startCollector(config);
  try {
    await collector.waitForLog((l) => l.msg.startsWith('AUDIT API: listening on'), 30_000);
    assert.equal((await postAudit(`http://127.0.0.1:${auditPort}`, envelope('navigation.sheet.loaded', 1))).status, 202);
    // The log socket's queue point shows the tracker wrote queue points meanwhile; the audit queue's is absent.
    const deadline = Date.now() + 30_000;
    while ((await influx.rows('SELECT * FROM log_events_queue', db).catch(() => [])).length < 2 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
    }
    assert.ok((await influx.rows('SELECT * FROM log_events_queue', db)).length >= 2);
    assert.deepEqual(await influx.rows('SELECT * FROM audit_events_queue', db), []);
    assert.equal(await collector.stop(), 0);
  } finally {
    if (collector.child.exitCode === null) await collector.stop();
    await influx.stop();
  }
});
