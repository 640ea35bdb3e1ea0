// Messages that cross thread boundaries. Bulk data (encoded points) travels as a Uint8Array body;
// everything else is small and typed here so both ends agree.
import type { QueueSnapshot } from '../points/ingest-metrics.js';

/**
 * What kind of data a batch holds: the error tracker's `module` when a write of it fails
 * (docs/error-tracking.md#error-types-and-modules).
 */
export type DataModule =
  | 'LOG_EVENTS'
  | 'USER_EVENTS'
  | 'EVENT_COUNTS'
  | 'REJECTED_EVENT_COUNTS'
  | 'QUEUE_METRICS'
  | 'HEALTH_METRICS'
  | 'PROXY_SESSIONS'
  | 'BUTLER_MEMORY'
  /** butler_sos_errors points: a failed write of these is logged at debug and never re-enters the tracker. */
  | 'ERROR_EVENTS';

/** Who produced a batch; writers count batches per origin so shutdown can wait for all of them. */
export type BatchOrigin = 'parse' | 'poller' | 'tracker';

/**
 * Encoded data for one destination. `body` is destination-specific: UTF-8 line protocol ('\n'-separated)
 * for InfluxDB and the file destination, one JSON record per line for MQTT, New Relic and the other record destinations.
 */
export interface BatchMessage {
  t: 'batch';
  origin: BatchOrigin;
  dest: string;
  module: DataModule;
  /** Number of points/messages in body. */
  count: number;
  body: Uint8Array;
  /** Server or event host the data belongs to, for error reports ('' when mixed or none). */
  serverName?: string;
  /** Sequence number from this producer to this writer (src/threads/writer-ledger.ts). */
  seq?: number;
}

/** The error types of Butler SOS v15's error tracking (docs/error-tracking.md#error-types-and-modules) and of the audit API. */
export type CoreErrorType =
  | 'HEALTH_API'
  | 'PROXY_API'
  | 'APP_NAMES_EXTRACT'
  | 'INFLUXDB_V1_WRITE'
  | 'INFLUXDB_V2_WRITE'
  | 'INFLUXDB_V3_WRITE'
  | 'MQTT_PUBLISH'
  | 'NEW_RELIC_POST'
  | 'UDP_USER_EVENT'
  | 'UDP_LOG_EVENT'
  /** Audit.qs API requests refused for bad input (src/audit/). */
  | 'AUDIT_API'
  /** Audit event JSON/Parquet files that could not be written (src/destinations/audit-files/). */
  | 'AUDIT_FILE_WRITE';

/**
 * A destination's own error type (its plugin's `errorTypes`), named for what failed: `POSTGRESQL_WRITE`,
 * `OTLP_EXPORT`, ... The tracker accepts the core types and those the registered destinations declare.
 */
export type DestinationErrorType = `${string}_WRITE` | `${string}_PUBLISH` | `${string}_POST` | `${string}_EXPORT`;

export type ErrorType = CoreErrorType | DestinationErrorType;

/** The module values of docs/error-tracking.md#error-types-and-modules (USER_EVENTS_NEW_RELIC included). */
export type ErrorModule =
  | 'HEALTH_METRICS'
  | 'PROXY_SESSIONS'
  | 'LOG_EVENTS'
  | 'USER_EVENTS'
  | 'EVENT_COUNTS'
  | 'REJECTED_EVENT_COUNTS'
  | 'QUEUE_METRICS'
  | 'BUTLER_MEMORY'
  | 'HEALTH_METRICS_MQTT'
  | 'PROXY_SESSIONS_MQTT'
  | 'USER_EVENTS_MQTT'
  | 'LOG_EVENTS_MQTT'
  | 'HEALTH_METRICS_NEW_RELIC'
  | 'PROXY_SESSIONS_NEW_RELIC'
  | 'UPTIME_NEW_RELIC'
  | 'USER_EVENTS_NEW_RELIC'
  | 'UDP_USER_EVENTS'
  | 'UDP_LOG_EVENTS'
  | 'AUDIT_EVENTS';

/** The parts of an error the categoriser and the butler_sos_errors point need; all optional. */
export interface ErrorDetails {
  code?: string;
  httpStatus?: number;
  /** Scheme + host + path; producers strip the query string, the tracker strips it again. */
  requestUrl?: string;
  requestTimeoutMs?: number;
  remoteAddress?: string;
  remotePort?: number;
  syscall?: string;
  message?: string;
  name?: string;
}

export interface ErrorReport {
  t: 'error';
  type: ErrorType;
  module?: ErrorModule;
  /** Configured Qlik Sense server name; '' when not applicable. */
  serverName: string;
  host?: string;
  virtualProxy?: string;
  destinationHost?: string;
  /** Absent when there was no error object (categorised `unknown`). */
  err?: ErrorDetails;
  /** Epoch ms when the error happened. */
  at: number;
}

/** One key of the event counters with its count in this delta. */
export type EventCountDelta = [eventType: 'log' | 'user', source: string, host: string, subsystem: string, count: number];

/** One key of the rejected qix-perf counters with its count and summed process time in this delta. */
export type RejectedCountDelta = [appId: string, appName: string, method: string, objectType: string, count: number, processTimeSum: number];

/** Per-slice statistics a parse task reports to the tracker thread, which owns all counters. */
export interface ParseStatsMessage {
  t: 'parse-stats';
  socket: 'log' | 'user';
  /** Datagrams handled in this slice (parsed, skipped or failed). */
  datagrams: number;
  /** Events that reached at least one destination encoder. */
  processed: number;
  /** Datagrams whose handling threw (should stay 0). */
  failed: number;
  /** Unknown prefix or disabled source. */
  unrecognised: number;
  /** Dropped by a categorisation rule with action `drop`. */
  droppedByRule: number;
  /** Dropped by the user-event exclude list. */
  excluded: number;
  /** qix-perf events rejected by the monitor filters or with the monitor disabled. */
  rejected: number;
  /** Wall time spent on the slice in the parse worker, microseconds. */
  sliceTimeUs: number;
  eventCounts: EventCountDelta[];
  rejectedCounts: RejectedCountDelta[];
}

/** http thread → tracker: one write interval of the audit API's event queue (auditEvents.queue.queueMetrics). */
export interface AuditQueueMessage {
  t: 'audit-queue';
  sample: QueueSnapshot;
}

/** Poller thread → supervisor (parentPort): the QRS app list, after the first successful poll and on change. */
export interface AppListMessage {
  t: 'app-list';
  /** id → name */
  apps: Array<[id: string, name: string]>;
}

/**
 * Supervisor → parse workers on the app-names channel: the latest app list. `version` grows by one with every
 * change; a worker keeps the highest version it has seen, so a late or repeated message never rolls it back.
 */
export interface AppNamesMessage {
  t: 'app-names';
  version: number;
  /** id → name */
  apps: Array<[id: string, name: string]>;
}

/** Parse worker → supervisor on the app-names channel: "send me the latest list" (a worker that just started). */
export interface AppNamesRequest {
  t: 'app-names-request';
}
