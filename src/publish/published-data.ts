// The typed data every producer hands to the publisher, one shape per kind of data. A destination's encoders
// turn these into the records of its batches; producers never know which destinations are on or how they
// encode (docs/destinations.md#writing-a-destination).
import type { ServerConfig } from '../config/schema/index.js';
import type { EventCountRow, RejectedCountRow } from '../counters/event-count-table.js';
import type { ErrorCategory } from '../errors/categorise.js';
import type { LogEvent, UserEvent } from '../events/types.js';
import type { EngineHealthBody } from '../points/health.js';
import type { QueueMetricsSample } from '../points/ingest-metrics.js';
import type { MemorySample } from '../points/memory.js';
import type { ProxySession } from '../points/sessions.js';
import type { DataModule, ErrorReport } from '../threads/messages.js';

/** The kinds of data a destination can take (also the error tracker's module of a failed write). */
export type DataKind = DataModule;

export const DATA_KINDS = [
  'LOG_EVENTS',
  'USER_EVENTS',
  'HEALTH_METRICS',
  'PROXY_SESSIONS',
  'EVENT_COUNTS',
  'REJECTED_EVENT_COUNTS',
  'QUEUE_METRICS',
  'BUTLER_MEMORY',
  'ERROR_EVENTS',
] as const satisfies readonly DataKind[];

export interface PublishedData {
  /** One parsed, categorised log event; `timeUs` is when its datagram was received. */
  /** `plain`: see LogEventOutcome (src/events/log-event-router.ts); absent means not known to be plain. */
  LOG_EVENTS: { event: LogEvent; timeUs: number; plain?: boolean };
  USER_EVENTS: { event: UserEvent; timeUs: number };
  /** One engine health poll of one server. `appName` resolves app ids with the latest app list. */
  HEALTH_METRICS: { server: ServerConfig; body: EngineHealthBody; timeUs: number; appName: (id: string) => string | undefined };
  /** One session poll of one virtual proxy: parsed sessions and the response as received. */
  PROXY_SESSIONS: {
    server: ServerConfig;
    virtualProxy: string;
    /** servers[].userSessions.host, with the port. */
    sessionHost: string;
    sessions: readonly ProxySession[];
    rawBody: unknown;
    timeUs: number;
  };
  /** One row of the event counters of an interval (taken and cleared when published). */
  EVENT_COUNTS: { row: EventCountRow; timeUs: number };
  REJECTED_EVENT_COUNTS: { row: RejectedCountRow; timeUs: number };
  /** One sample of one UDP socket's queue and ingest metrics, or of the audit API's event queue. */
  QUEUE_METRICS: { sample: QueueMetricsSample; timeUs: number };
  /** One uptime-monitor iteration. `intervalMs`: time to the next iteration. */
  BUTLER_MEMORY: { sample: MemorySample; uptimeMs: number; intervalMs: number; timeUs: number };
  /** One error the tracker counted, with its category; its time is `report.at`. */
  ERROR_EVENTS: { report: ErrorReport; category: ErrorCategory };
}
