import { test } from 'node:test';
import assert from 'node:assert/strict';
import { METRICS } from '../../../../src/destinations/open-telemetry/metric-catalog.js';
import type { PointLine } from '../../../../src/destinations/open-telemetry/records.js';
import { parseQlikStarted } from '../../../../src/points/uptime.js';
import type { AuditQueueSample, IngestMetricsSnapshot } from '../../../../src/points/ingest-metrics.js';
import { fixtureHealth } from '../../../integration/destinations/record-fixtures.js';
import { encode, otelConfig } from './fixtures.js';

const config = otelConfig((c) => {
  c.qlikSenseEvents.influxdb.writeFrequency = 20_000;
  c.logEvents.udpServerConfig.queueMetrics.influxdb.writeFrequency = 30_000;
});
const T = 1_767_225_600_000_000;
const points = (lines: unknown[]): PointLine[] => lines as PointLine[];
const byName = (ps: PointLine[]): Map<string, PointLine[]> => {
  const m = new Map<string, PointLine[]>();
  for (const p of ps) m.set(p.n, [...(m.get(p.n) ?? []), p]);
  return m;
};

/** Every point agrees with the catalog: unit, shape, value type; sums carry a start, gauges none. */
function assertCatalog(ps: PointLine[]): void {
  for (const p of ps) {
    const def = METRICS[p.n as keyof typeof METRICS];
    assert.ok(def, `${p.n} is in the catalog`);
    assert.equal(p.u, def.unit, p.n);
    assert.equal(p.m, def.shape, p.n);
    assert.equal(p.vt, def.vt, p.n);
    if (p.m === 'gauge') assert.equal(p.s, undefined, p.n);
  }
}

test('a health poll: every engine metric once, on the server resource; cumulative counters start at the engine start', () => {
  const server = config.serversToMonitor.servers[0];
  const body = fixtureHealth();
  const ps = points(encode(config, 'HEALTH_METRICS', { server, body, timeUs: T, appName: () => undefined }));
  assertCatalog(ps);
  const names = Object.keys(METRICS).filter((n) => n.startsWith('qlik_sense.engine.') && (n !== 'qlik_sense.engine.saturated' || body.saturated !== undefined));
  assert.deepEqual(ps.map((p) => p.n).sort(), names.sort());
  const started = parseQlikStarted(body.started) * 1000;
  const m = byName(ps);
  assert.equal(m.get('qlik_sense.engine.memory.committed')![0].v, body.mem.committed);
  assert.equal(m.get('qlik_sense.engine.cpu.total')![0].v, body.cpu.total);
  assert.equal(m.get('qlik_sense.engine.apps.active')![0].v, (body.apps.active_docs ?? []).length);
  assert.equal(m.get('qlik_sense.engine.cache.hits')![0].v, body.cache.hits);
  assert.equal(m.get('qlik_sense.engine.cache.hits')![0].s, started);
  for (const p of ps) {
    assert.equal(p.t, T);
    assert.equal(p.r['service.name'], 'qlik-sense-engine');
    assert.equal(p.r['qlik_sense.server.name'], server.serverName);
    assert.equal(p.r['service.version'], body.version);
    assert.ok(!p.r['host.name'].includes(':'), 'host.name without the port');
  }
});

test('a session poll: sessions and distinct users of the virtual proxy', () => {
  const server = config.serversToMonitor.servers[0];
  const sessions = [
    { UserDirectory: 'LAB', UserId: 'anna', SessionId: '1' },
    { UserDirectory: 'LAB', UserId: 'anna', SessionId: '2' },
    { UserDirectory: 'LAB', UserId: 'bo', SessionId: '3' },
  ];
  const ps = points(encode(config, 'PROXY_SESSIONS', { server, virtualProxy: '/hdr', sessionHost: 'sense1:4243', sessions, rawBody: [], timeUs: T }));
  assertCatalog(ps);
  const m = byName(ps);
  assert.equal(m.get('qlik_sense.proxy.sessions')![0].v, 3);
  assert.equal(m.get('qlik_sense.proxy.users')![0].v, 2);
  assert.deepEqual(ps[0].a, { 'qlik_sense.virtual_proxy': '/hdr', 'qlik_sense.proxy.host': 'sense1:4243' });
  assert.equal(ps[0].r['service.name'], 'qlik-sense-proxy');
});

test('event counts: one delta point per row covering the counter interval, on the Qlik host', () => {
  const row = { eventType: 'log' as const, source: 'qseow-engine', host: 'sense1', subsystem: 'System.Engine', counter: 17 };
  const ps = points(encode(config, 'EVENT_COUNTS', { row, timeUs: T }));
  assertCatalog(ps);
  assert.equal(ps.length, 1);
  assert.deepEqual({ n: ps[0].n, v: ps[0].v, s: ps[0].s, t: ps[0].t }, { n: 'qlik_sense.events', v: 17, s: T - 20_000_000, t: T });
  assert.deepEqual(ps[0].r, { 'service.name': 'qlik-sense-engine', 'host.name': 'sense1' });
  assert.deepEqual(ps[0].a, { 'qlik_sense.event.type': 'log', 'qlik_sense.source': 'qseow-engine', 'qlik_sense.subsystem': 'System.Engine' });
});

test('rejected qix-perf counts: count and summed process time on the collector resource', () => {
  const row = { appId: 'a1', appName: 'Sales', method: 'GetLayout', objectType: 'barchart', counter: 4, processTime: 12.5 };
  const ps = points(encode(config, 'REJECTED_EVENT_COUNTS', { row, timeUs: T }));
  assertCatalog(ps);
  assert.deepEqual(ps.map((p) => [p.n, p.v]), [['qlik_sense.qix_perf.rejected', 4], ['qlik_sense.qix_perf.rejected.process_time', 12.5]]);
  assert.equal(ps[0].r['service.name'], 'butler-sos');
  assert.equal(ps[0].r['service.version'], '1.2.3');
  assert.equal(ps[0].a['qlik_sense.app_name'], 'Sales');
});

test('queue metrics: gauges for state, delta sums per outcome over the socket interval', () => {
  const sample: IngestMetricsSnapshot = {
    socket: 'log', hostname: 'collector1', queueSize: 3, queueMaxSize: 1000, queueUtilizationPct: 0.3, queueRunning: 1,
    messagesReceived: 100, messagesQueued: 99, messagesProcessed: 98, messagesFailed: 1, messagesDroppedRateLimit: 2,
    messagesDroppedQueueFull: 3, messagesDroppedSize: 4, processingTimeAvgMs: 0.05, processingTimeP95Ms: 0.1,
    processingTimeMaxMs: 0.2, rateLimitCurrent: 0, backpressureActive: false, ringUtilisationPct: 1.5,
    messagesDroppedSource: 5, parseFailures: 6, messagesDroppedRule: 7, messagesExcluded: 8, messagesRejected: 9,
    bytesReceived: 12345, workerCrashes: 0,
  };
  const ps = points(encode(config, 'QUEUE_METRICS', { sample, timeUs: T }));
  assertCatalog(ps);
  const outcomes = Object.fromEntries(ps.filter((p) => p.n === 'butler_sos.udp.messages').map((p) => [p.a['butler_sos.outcome'], p.v]));
  assert.deepEqual(outcomes, {
    received: 100, queued: 99, processed: 98, failed: 1, dropped_rate_limit: 2, dropped_queue_full: 3, dropped_size: 4,
    dropped_source: 5, parse_failed: 6, dropped_rule: 7, excluded: 8, rejected: 9,
  });
  for (const p of ps) {
    assert.equal(p.r['host.name'], 'collector1');
    assert.equal(p.a['butler_sos.socket'], 'log');
    if (p.m === 'delta') assert.equal(p.s, T - 30_000_000);
  }
  const names = new Set(ps.map((p) => p.n));
  assert.deepEqual([...names].sort(), Object.keys(METRICS).filter((n) => n.startsWith('butler_sos.udp.') || n === 'butler_sos.parse.worker_crashes').sort());
});

test('queue metrics: the audit API queue sample makes no OTel points (its point is InfluxDB\'s, as in v15)', () => {
  const sample: AuditQueueSample = {
    socket: 'audit', hostname: 'collector1', queueSize: 1, queueMaxSize: 200, queueUtilizationPct: 0.5, queueRunning: 0, messagesReceived: 5,
    messagesQueued: 5, messagesProcessed: 5, messagesFailed: 0, messagesDroppedRateLimit: 0, messagesDroppedQueueFull: 0, messagesDroppedSize: 0,
    processingTimeAvgMs: 0.1, processingTimeP95Ms: 0.2, processingTimeMaxMs: 0.3, rateLimitCurrent: 0, backpressureActive: false,
  };
  assert.deepEqual(points(encode(config, 'QUEUE_METRICS', { sample, timeUs: T })), []);
});

test('memory: bytes and uptime in seconds on the collector resource', () => {
  const sample = { heapUsed: 10_000_000, heapTotal: 20_000_000, external: 1_000_000, rss: 60_000_000 };
  const ps = points(encode(config, 'BUTLER_MEMORY', { sample, uptimeMs: 90_500, intervalMs: 60_000, timeUs: T }));
  assertCatalog(ps);
  assert.deepEqual(ps.map((p) => [p.n, p.v]), [
    ['butler_sos.memory.heap_used', 10_000_000],
    ['butler_sos.memory.heap_total', 20_000_000],
    ['butler_sos.memory.external', 1_000_000],
    ['butler_sos.memory.rss', 60_000_000],
    ['butler_sos.uptime', 90.5],
  ]);
  assert.equal(ps[0].r['service.name'], 'butler-sos');
});

test('errors: one delta point of 1 per counted error at its time, with error.type and category', () => {
  const report = { t: 'error' as const, type: 'HEALTH_API' as const, module: 'HEALTH_METRICS' as const, serverName: 'sense1', host: 'sense1.lab:4747', at: 1_767_225_600_500 };
  const ps = points(encode(config, 'ERROR_EVENTS', { report, category: 'timeout' }));
  assertCatalog(ps);
  assert.equal(ps.length, 1);
  assert.deepEqual({ n: ps[0].n, v: ps[0].v, t: ps[0].t, s: ps[0].s }, { n: 'butler_sos.errors', v: 1, t: report.at * 1000, s: report.at * 1000 });
  assert.deepEqual(ps[0].a, {
    'error.type': 'HEALTH_API',
    'butler_sos.error.category': 'timeout',
    'butler_sos.error.module': 'HEALTH_METRICS',
    'qlik_sense.server.name': 'sense1',
    'server.address': 'sense1.lab:4747',
  });
});

test('a value Qlik left out is skipped, an int metric is rounded', () => {
  const server = config.serversToMonitor.servers[0];
  const body = fixtureHealth();
  const odd = { ...body, cpu: { total: Number.NaN }, session: { active: 2.6, total: 3 } };
  const ps = points(encode(config, 'HEALTH_METRICS', { server, body: odd, timeUs: T, appName: () => undefined }));
  assert.equal(ps.find((p) => p.n === 'qlik_sense.engine.cpu.total'), undefined);
  assert.equal(ps.find((p) => p.n === 'qlik_sense.engine.sessions.active')?.v, 3);
});
