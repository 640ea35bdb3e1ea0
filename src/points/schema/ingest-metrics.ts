import { defineMeasurement, field, same, tag, type FieldSpec } from './define.js';

// Ingest metrics per UDP socket, written where Butler SOS wrote its queue metrics
// (docs/data-model.md#log_events_queue-user_events_queue-audit_events_queue) so existing panels keep working. Butler's
// in-process queue is replaced by the shared-memory ring and the parse pool; fields keep Butler's names where the
// meaning holds and new fields cover what is new. The audit API keeps an in-process queue like Butler's: its point
// has Butler's fields only. Not in node-influx's schema: v1 wrote every number as a float.

/** A count: float in v1 (type-guessed by node-influx), integer in v2/v3. */
const UDP_ONLY = 'UDP sockets';

const count = (name: string, description: string, when = 'always'): FieldSpec =>
  field(description, when, [name, 'float'], [name, 'integer'], [name, 'integer']);

const float = (name: string, description: string): FieldSpec => field(description, 'always', [name, 'float'], [name, 'float'], [name, 'float']);

export const ingestMetricsSchema = defineMeasurement(
  'log_events_queue',
  'Ingest metrics of one UDP socket, or the audit API\'s event queue (`audit_events_queue`, [audit-events.md](audit-events.md#queue)), since the last write (counters) or now (gauges). Descriptions are for the UDP sockets; for the audit queue the counts are of requests and events, its size and capacity are `queue.messageQueue`\'s, and `queue_running` is always 0 (events are handed on synchronously)',
  {
    queueType: tag('queue_type', 'always', '`log_events` | `user_events` | `audit_events`'),
    host: tag('host', 'always', 'Host name of the machine running the collector (Butler SOS wrote `undefined`: fixed)'),
    queueSize: count('queue_size', 'Datagrams in the ring not yet parsed (gauge)'),
    queueMaxSize: count('queue_max_size', 'Ring capacity, in datagrams of the average size seen (gauge; estimate)'),
    queueUtilizationPct: float('queue_utilization_pct', 'Ring bytes used / ring capacity × 100 (gauge)'),
    queueRunning: count('queue_running', 'Datagrams in slices being parsed now (gauge)'),
    messagesReceived: count('messages_received', 'Datagrams that passed the source check'),
    messagesQueued: count('messages_queued', 'Datagrams written into the ring'),
    messagesProcessed: count('messages_processed', 'Datagrams the parse pool finished (parsed, skipped or failed)'),
    messagesFailed: count('messages_failed', 'Datagrams whose handling threw, plus datagrams of slices given up'),
    messagesDroppedTotal: count('messages_dropped_total', 'messages_dropped_size + _rate_limit + _queue_full'),
    messagesDroppedRateLimit: count('messages_dropped_rate_limit', 'Over the rate limit'),
    messagesDroppedQueueFull: count('messages_dropped_queue_full', 'No room in the ring'),
    messagesDroppedSize: count('messages_dropped_size', 'Larger than maxMessageSize'),
    processingTimeAvgMs: float('processing_time_avg_ms', 'Mean parse time per datagram, ms (0 when none)'),
    processingTimeP95Ms: float('processing_time_p95_ms', '95th percentile of the per-slice parse time per datagram, ms'),
    processingTimeMaxMs: float('processing_time_max_ms', 'Largest per-slice parse time per datagram, ms'),
    rateLimitCurrent: count('rate_limit_current', 'Messages/minute in the current rate-limit window (0 when off)'),
    backpressureActive: count('backpressure_active', '1 when ring utilisation ≥ backpressureThreshold, else 0'),
    ringUtilisationPct: field('New: peak ring bytes used / capacity × 100 during the interval', UDP_ONLY, ...same('ring_utilisation_pct', 'float')),
    messagesDroppedSource: count('messages_dropped_source', 'New: sender not on the allow-list (not in messages_received)', UDP_ONLY),
    parseFailures: count('parse_failures', 'New: datagrams that could not be parsed (unknown prefix, bad fields)', UDP_ONLY),
    messagesDroppedRule: count('messages_dropped_rule', 'New: dropped by a categorisation rule (action drop)', UDP_ONLY),
    messagesExcluded: count('messages_excluded', 'New: user events of excluded users', UDP_ONLY),
    messagesRejected: count('messages_rejected', 'New: qix-perf events rejected by the monitor filters', UDP_ONLY),
    bytesReceived: count('bytes_received', 'New: payload bytes of messages_received', UDP_ONLY),
    workerCrashes: count('worker_crashes', 'New: parse tasks that failed because a worker exited or threw', UDP_ONLY),
  },
  {
    aliases: ['user_events_queue', 'audit_events_queue'],
    nameConfigKey: '{logEvents,userEvents}.udpServerConfig.queueMetrics.influxdb.measurementName, auditEvents.queue.queueMetrics.influxdb.measurementName',
    dynamicTags: [{ label: 'static tags', description: 'every queueMetrics.influxdb.tags entry of the socket or the audit queue' }],
  },
);
