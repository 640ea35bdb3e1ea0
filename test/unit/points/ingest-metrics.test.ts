import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hostname } from 'node:os';
import { createIngestMetricsEncoder, type AuditQueueSample, type IngestMetricsSnapshot } from '../../../src/points/index.js';
import { CONFIG, TIME_NS, TIME_US } from './helpers.js';

function snapshot(socket: 'log' | 'user'): IngestMetricsSnapshot {
  return {
    socket,
    hostname: hostname(),
    queueSize: 3,
    queueMaxSize: 200,
    queueUtilizationPct: 1.5,
    queueRunning: 0,
    messagesReceived: 120,
    messagesQueued: 118,
    messagesProcessed: 117,
    messagesFailed: 1,
    messagesDroppedRateLimit: 0,
    messagesDroppedQueueFull: 2,
    messagesDroppedSize: 1,
    processingTimeAvgMs: 1.7,
    processingTimeP95Ms: 2.25,
    processingTimeMaxMs: 4,
    rateLimitCurrent: 0,
    backpressureActive: false,
    ringUtilisationPct: 12.5,
    messagesDroppedSource: 4,
    parseFailures: 1,
    messagesDroppedRule: 0,
    messagesExcluded: 0,
    messagesRejected: 5,
    bytesReceived: 65536,
    workerCrashes: 0,
  };
}

const FIELDS_V1 =
  'backpressure_active=0,bytes_received=65536,messages_dropped_queue_full=2,messages_dropped_rate_limit=0,messages_dropped_rule=0,messages_dropped_size=1,' +
  'messages_dropped_source=4,messages_dropped_total=3,messages_excluded=0,messages_failed=1,messages_processed=117,' +
  'messages_queued=118,messages_received=120,messages_rejected=5,parse_failures=1,processing_time_avg_ms=1.7,' +
  'processing_time_max_ms=4,processing_time_p95_ms=2.25,queue_max_size=200,queue_running=0,queue_size=3,' +
  'queue_utilization_pct=1.5,rate_limit_current=0,ring_utilisation_pct=12.5,worker_crashes=0';

test('v1: every number a float (as node-influx guessed), real host name instead of "undefined"', () => {
  const line = createIngestMetricsEncoder(CONFIG, 1)(snapshot('log'), TIME_US);
  assert.equal(line, `log_events_queue,queue_type=log_events,host=${hostname()},qs_env=dev ${FIELDS_V1} ${TIME_NS}`);
  assert.ok(!line.includes('host=undefined'));
});

test('v2/v3: counts as integers, percentages and times as floats; user socket uses its own measurement', () => {
  const fields = FIELDS_V1.replace(/=(\d+)(,|$)/g, (m, n: string, sep: string) => `=${n}i${sep}`)
    .replace('processing_time_max_ms=4i', 'processing_time_max_ms=4');
  for (const v of [2, 3] as const) {
    const line = createIngestMetricsEncoder(CONFIG, v)(snapshot('user'), TIME_US);
    assert.equal(line, `user_events_queue,host=${hostname()},qs_env=dev,queue_type=user_events ${fields} ${TIME_NS}`);
  }
});

test('backpressure flag is written 1/0', () => {
  const line = createIngestMetricsEncoder(CONFIG, 2)({ ...snapshot('log'), backpressureActive: true }, TIME_US);
  assert.ok(line.includes(' backpressure_active=1i,'), line);
});

function auditSample(): AuditQueueSample {
  const s = snapshot('log');
  return {
    socket: 'audit',
    hostname: s.hostname,
    queueSize: s.queueSize,
    queueMaxSize: s.queueMaxSize,
    queueUtilizationPct: s.queueUtilizationPct,
    queueRunning: s.queueRunning,
    messagesReceived: s.messagesReceived,
    messagesQueued: s.messagesQueued,
    messagesProcessed: s.messagesProcessed,
    messagesFailed: s.messagesFailed,
    messagesDroppedRateLimit: s.messagesDroppedRateLimit,
    messagesDroppedQueueFull: s.messagesDroppedQueueFull,
    messagesDroppedSize: s.messagesDroppedSize,
    processingTimeAvgMs: s.processingTimeAvgMs,
    processingTimeP95Ms: s.processingTimeP95Ms,
    processingTimeMaxMs: s.processingTimeMaxMs,
    rateLimitCurrent: s.rateLimitCurrent,
    backpressureActive: s.backpressureActive,
  };
}

// Butler SOS v15's audit_events_queue point: queue_type audit_events, host, the queue's tags, and exactly the
// queue fields every v15 queue point has (src/lib/influxdb/shared/queue-metrics-builder.js's list).
const AUDIT_FIELDS_V1 =
  'backpressure_active=0,messages_dropped_queue_full=2,messages_dropped_rate_limit=0,messages_dropped_size=1,messages_dropped_total=3,' +
  'messages_failed=1,messages_processed=117,messages_queued=118,messages_received=120,processing_time_avg_ms=1.7,' +
  'processing_time_max_ms=4,processing_time_p95_ms=2.25,queue_max_size=200,queue_running=0,queue_size=3,' +
  'queue_utilization_pct=1.5,rate_limit_current=0';

test('audit queue: audit_events_queue with queue_type audit_events, its own tags and only the v15 queue fields', () => {
  const v1 = createIngestMetricsEncoder(CONFIG, 1)(auditSample(), TIME_US);
  assert.equal(v1, `audit_events_queue,queue_type=audit_events,host=${hostname()},site=lab ${AUDIT_FIELDS_V1} ${TIME_NS}`);
  const v2 = createIngestMetricsEncoder(CONFIG, 2)(auditSample(), TIME_US);
  assert.ok(v2.startsWith(`audit_events_queue,host=${hostname()},queue_type=audit_events,site=lab `), v2);
  assert.ok(v2.includes('messages_received=120i,') && v2.includes('processing_time_avg_ms=1.7,'), v2);
  assert.equal(v2.split(' ')[1].split(',').length, 17, 'v15 writes 17 queue fields');
});
