import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ServerConfig } from '../../../../src/config/schema/index.js';
import { encodeLogEvent, encodeUserEvent } from '../../../../src/destinations/postgresql/encode-events.js';
import { encodeErrorEvent, encodeEventCount, encodeHealth, encodeQueueMetrics, encodeRejectedCount, memoryEncoder, sessionEncoder } from '../../../../src/destinations/postgresql/encode-metrics.js';
import { isoMicros } from '../../../../src/destinations/postgresql/record.js';
import { TABLES, type TableName } from '../../../../src/destinations/postgresql/tables.js';
import type { EngineLogEvent, QixPerfLogEvent } from '../../../../src/events/types.js';
import type { AuditQueueSample, IngestMetricsSnapshot } from '../../../../src/points/ingest-metrics.js';

const T_US = 1_767_225_600_123_456; // 2026-01-01T00:00:00.123456Z

function collect(run: (out: (r: string) => void) => void): Array<Record<string, unknown>> {
  const lines: string[] = [];
  run((r) => lines.push(r));
  for (const l of lines) assert.ok(!l.includes('\n'), 'a record is one line');
  return lines.map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** Every key of a record is `t`, `time` or a column of its table. */
function assertColumns(record: Record<string, unknown>, table: TableName): void {
  assert.equal(record.t, table);
  const known = new Set(['t', 'time', ...TABLES[table].columns.map(([c]) => c)]);
  assert.deepEqual(Object.keys(record).filter((k) => !known.has(k)), [], `unknown columns for ${table}`);
}

const server = { host: 'sense1.lab:4747', serverName: 'sense1', serverDescription: 'Central node', serverTags: { env: 'prod' } } as unknown as ServerConfig;

test('isoMicros keeps microseconds', () => {
  assert.equal(isoMicros(T_US), '2026-01-01T00:00:00.123456Z');
  assert.equal(isoMicros(1_000_000), '1970-01-01T00:00:01.000000Z');
});

test('log events: filter columns, categories as one object, every other field in `fields`', () => {
  const event: EngineLogEvent = {
    source: 'qseow-engine', log_row: 12, ts_iso: '2026-01-01T01:00:00.000+0100', ts_local: 'x', level: 'WARN', host: 'sense1', subsystem: 'System.Engine',
    windows_user: 'LAB\\svc', message: 'Low memory\ttab', proxy_session_id: 'p', user_directory: 'LAB', user_id: 'joe', engine_ts: 'e', process_id: '42',
    engine_exe_version: '14.1', server_started: 's', entry_type: 'Warning', session_id: 'sid', app_id: 'a1', user_full: 'LAB\\joe',
    category: [{ name: 'qs_log_category', value: 'memory' }],
  };
  const [r] = collect((out) => encodeLogEvent({ event, timeUs: T_US }, out));
  assertColumns(r, 'log_events');
  assert.equal(r.time, '2026-01-01T00:00:00.123456Z');
  assert.equal(r.level, 'WARN');
  assert.equal(r.message, 'Low memory\ttab');
  assert.equal(r.log_row, 12);
  assert.deepEqual(r.categories, { qs_log_category: 'memory' });
  assert.deepEqual(r.fields, { ts_local: 'x', engine_ts: 'e', process_id: '42', engine_exe_version: '14.1', server_started: 's', entry_type: 'Warning', user_full: 'LAB\\joe' });
});

test('qix-perf events keep their numbers in `fields`; no categories is NULL', () => {
  const event = {
    source: 'qseow-qix-perf', log_row: 1, ts_iso: 't', ts_local: 't', level: 'INFO', host: 'h', subsystem: 's', windows_user: 'w', proxy_session_id: 'p',
    user_directory: 'd', user_id: 'u', engine_ts: 'e', session_id: 's', app_id: 'a', app_name: 'App', request_id: 5, method: 'Global::OpenApp',
    process_time: 12.5, work_time: 1, lock_time: 0, validate_time: 0, traverse_time: 0, handle: -1, object_id: 'o', net_ram: 10, peak_ram: 20,
    object_type: 'sheet', event_activity_source: 'user', user_full: 'd\\u',
  } satisfies QixPerfLogEvent;
  const [r] = collect((out) => encodeLogEvent({ event, timeUs: T_US }, out));
  assertColumns(r, 'log_events');
  assert.equal(r.categories, null);
  assert.equal(r.app_name, 'App');
  assert.equal((r.fields as Record<string, unknown>).process_time, 12.5);
  assert.equal((r.fields as Record<string, unknown>).method, 'Global::OpenApp');
});

test('user events: browser and OS from the user agent', () => {
  const [r] = collect((out) =>
    encodeUserEvent(
      {
        event: {
          messageType: 'qseow-proxy-session', host: 'sense1', command: 'Start session', user_directory: 'LAB', user_id: 'joe', origin: 'AppAccess', context: '/app',
          message: 'm', user_full: 'LAB\\joe', appId: 'a1', appName: 'Sales',
          ua: { browser: { name: 'Chrome', version: '120.0', major: '120' }, os: { name: 'Windows', version: 'NT 10.0' }, ua: 'Mozilla/5.0' },
        },
        timeUs: T_US,
      },
      out,
    ),
  );
  assertColumns(r, 'user_events');
  assert.equal(r.browser_name, 'Chrome');
  assert.equal(r.os_version, 'NT 10.0');
  assert.equal(r.app_name, 'Sales');
});

test('health: one row per poll, doc lists with names, host without port', () => {
  const body = {
    version: '14.1', started: '20260101T000000.000Z', mem: { committed: 1.5, allocated: 2, free: 3 }, apps: { active_docs: ['a1', 'SessionApp_x'], calls: 5, selections: 6 },
    cpu: { total: 7 }, session: { active: 1, total: 2 }, users: { active: 3, total: 4 }, cache: { hits: 1, lookups: 2, added: 3, replaced: 4, bytes_added: 5 }, saturated: false,
  };
  const [r] = collect((out) => encodeHealth({ server, body, timeUs: T_US, appName: (id) => (id === 'a1' ? 'Sales' : undefined) }, out));
  assertColumns(r, 'health_metrics');
  assert.equal(r.host, 'sense1.lab');
  assert.deepEqual(r.server_tags, { env: 'prod' });
  assert.deepEqual(r.apps_active_docs, [{ id: 'a1', name: 'Sales' }, { id: 'SessionApp_x', name: null }]);
  assert.deepEqual(r.apps_loaded_docs, []);
  assert.equal(r.saturated, false);
  assert.equal(r.mem_committed, 1.5);
});

test('proxy sessions: counted and listed; excluded users are left out of the session list only', () => {
  const sessions = [
    { UserDirectory: 'LAB', UserId: 'joe', SessionId: 's1' },
    { UserDirectory: 'LAB', UserId: 'sa_scheduler', SessionId: 's2' },
    { UserDirectory: 'LAB', UserId: 'joe', SessionId: 's3' },
  ];
  const encode = sessionEncoder([{ directory: 'LAB', userId: 'sa_scheduler' }]);
  const [r] = collect((out) => encode({ server, virtualProxy: '/hdr', sessionHost: 'sense1.lab:4243', sessions, rawBody: sessions, timeUs: T_US }, out));
  assertColumns(r, 'proxy_sessions');
  assert.equal(r.session_count, 3);
  assert.deepEqual(r.users, ['LAB\\joe', 'LAB\\sa_scheduler']);
  assert.deepEqual((r.sessions as unknown[]).length, 2);
  const [empty] = collect((out) => encode({ server, virtualProxy: '/', sessionHost: 'h', sessions: [], rawBody: [], timeUs: T_US }, out));
  assert.deepEqual(empty.users, []);
});

test('event counts, rejected counts, memory and errors: one row each with their columns', () => {
  const [c] = collect((out) => encodeEventCount({ row: { eventType: 'log', source: 'qseow-engine', host: 'h', subsystem: 's', counter: 9 }, timeUs: T_US }, out));
  assertColumns(c, 'event_counts');
  assert.equal(c.counter, 9);
  const [rj] = collect((out) => encodeRejectedCount({ row: { appId: 'a', appName: 'A', method: 'm', objectType: 'o', counter: 2, processTime: 3.5 }, timeUs: T_US }, out));
  assertColumns(rj, 'rejected_event_counts');
  const [m] = collect((out) => memoryEncoder('PROD', '1.2.3')({ sample: { heapUsed: 1, heapTotal: 2, external: 3, rss: 4 }, uptimeMs: 5, intervalMs: 60_000, timeUs: T_US }, out));
  assertColumns(m, 'butler_memory');
  assert.equal(m.instance, 'PROD');
  assert.equal(m.version, '1.2.3');
  const [e] = collect((out) =>
    encodeErrorEvent(
      { report: { t: 'error', type: 'HEALTH_API', module: 'HEALTH_METRICS', serverName: 'sense1', host: 'h', err: { code: 'ECONNREFUSED', message: 'refused' }, at: 1_767_225_600_123 }, category: 'connection_refused' },
      out,
    ),
  );
  assertColumns(e, 'error_events');
  assert.equal(e.time, '2026-01-01T00:00:00.123000Z');
  assert.equal(e.category, 'connection_refused');
  assert.equal(e.code, 'ECONNREFUSED');
});

test('queue metrics: every snapshot field has its snake_case column', () => {
  const sample: IngestMetricsSnapshot = {
    socket: 'log', hostname: 'collector1', queueSize: 1, queueMaxSize: 2, queueUtilizationPct: 3, queueRunning: 4, messagesReceived: 5, messagesQueued: 6,
    messagesProcessed: 7, messagesFailed: 8, messagesDroppedRateLimit: 9, messagesDroppedQueueFull: 10, messagesDroppedSize: 11, processingTimeAvgMs: 12,
    processingTimeP95Ms: 13, processingTimeMaxMs: 14, rateLimitCurrent: 15, backpressureActive: true, ringUtilisationPct: 16, messagesDroppedSource: 17,
    parseFailures: 18, messagesDroppedRule: 19, messagesExcluded: 20, messagesRejected: 21, bytesReceived: 22, workerCrashes: 23,
  };
  const [r] = collect((out) => encodeQueueMetrics({ sample, timeUs: T_US }, out));
  assertColumns(r, 'queue_metrics');
  assert.equal(Object.keys(r).length, 2 + TABLES.queue_metrics.columns.length, 'every column filled');
  assert.equal(r.processing_time_p95_ms, 13);
  assert.equal(r.backpressure_active, true);
});

test('queue metrics: the audit API queue sample is not a queue_metrics row (its point is InfluxDB\'s, as in v15)', () => {
  const sample: AuditQueueSample = {
    socket: 'audit', hostname: 'collector1', queueSize: 1, queueMaxSize: 200, queueUtilizationPct: 0.5, queueRunning: 0, messagesReceived: 5,
    messagesQueued: 5, messagesProcessed: 5, messagesFailed: 0, messagesDroppedRateLimit: 0, messagesDroppedQueueFull: 0, messagesDroppedSize: 0,
    processingTimeAvgMs: 0.1, processingTimeP95Ms: 0.2, processingTimeMaxMs: 0.3, rateLimitCurrent: 0, backpressureActive: false,
  };
  assert.deepEqual(collect((out) => encodeQueueMetrics({ sample, timeUs: T_US }, out)), []);
});
