// What the parse workers, the pollers and the tracker call to turn data into InfluxDB line protocol.
// Encoders return one line without a trailing newline, or '' when nothing InfluxDB could store is left.

export type { InfluxVersion, Point, Tag, Field, FieldType } from './point.js';
export { INFLUX_VERSIONS } from './point.js';
export { encodeLine, encodeLines, nanosecondsFromMicros } from './line-protocol.js';

export { logEventPoint, logEventContext, type LogEventContext, type LogEventPointConfig } from './log-event.js';
export { createLogEventEncoder } from './log-event-line.js';
export { createUserEventEncoder, userEventPoint, userEventContext, type UserEventContext, type UserEventPointConfig } from './user-event.js';
export {
  createEventCountEncoder,
  createRejectedCountEncoder,
  eventCountPoint,
  rejectedCountPoint,
  type CounterPointConfig,
  type RejectedCountKey,
} from './event-counts.js';
export {
  createIngestMetricsEncoder,
  ingestMetricsPoint,
  ingestMetricsTarget,
  type IngestMetricsSnapshot,
  type AuditQueueSample,
  type QueueMetricsSample,
  type QueueSnapshot,
  type IngestMetricsPointConfig,
  type IngestMetricsTarget,
} from './ingest-metrics.js';
export { healthPoints, type EngineHealthBody, type HealthPointOptions } from './health.js';
export { sessionPoints, uniqueUserList, type ProxySession, type SessionPointTarget } from './sessions.js';
export { memoryUsagePoint, megabytes, type MemorySample } from './memory.js';
export { serverTags, hostWithoutPort, type ServerIdentity } from './server-tags.js';
export { formatUptime, parseQlikStarted } from './uptime.js';
export { ALL_SCHEMAS } from './schema/all.js';
