// The one lifecycle every destination implements. A sink only knows how to deliver one batch to its
// backend and how to say what went wrong; queueing, batching, retry, error reporting and (later) the disk
// spool live in the delivery layer (./delivery/), so every destination gets them the same way.

import type { DataModule, ErrorReport, ErrorType } from '../threads/messages.js';

/** One write unit: whole producer messages of one DataModule, joined in arrival order. */
export interface SinkBatch {
  module: DataModule;
  /** Newline-terminated, newline-separated records (line protocol for InfluxDB and the file sink). */
  body: Uint8Array;
  /** Number of records (points) in body, as counted by the producers. */
  lines: number;
  /** Server the data belongs to when all messages agree, else ''. Goes into error reports. */
  serverName: string;
}

export interface SinkHealth {
  /** True once the destination accepted a write or finished provisioning, false while it fails. */
  up: boolean;
  /** Why it is down, for status pages and logs ('' when up). */
  reason: string;
}

/**
 * Error-report fields a sink adds for a failed batch (docs/error-tracking.md#error-types-and-modules: module
 * LOG_EVENTS_MQTT, broker host, ...).
 */
export type SinkErrorContext = Partial<Pick<ErrorReport, 'module' | 'host' | 'destinationHost'>>;

export interface Sink {
  /** Destination id used for routing (`BatchMessage.dest`) and in stats. */
  readonly id: string;
  /** Error type the delivery layer reports a failed batch under; undefined: failures are only logged. */
  readonly errorType: ErrorType | undefined;
  /** Where the data goes (URL without query string, or a directory), for logs and stats. */
  readonly target: string;
  /**
   * True when the backend does not care in which order batches arrive (InfluxDB: a point is its series and
   * time, not its place in the stream), so the delivery layer may have several writes in flight
   * (`delivery.maxWritesInFlight`). Absent: one write at a time, in the producers' order (a file's lines,
   * MQTT messages).
   */
  readonly unordered?: boolean;
  /**
   * Prepares the destination (provisioning, directories). Never rejects because the backend is
   * unreachable: the sink stays down and keeps trying in the background.
   */
  start(): Promise<void>;
  /**
   * Delivers one batch. Resolves when the backend holds every line; rejects with a SinkWriteError that
   * says whether retrying can help. A sink never retries by itself (the delivery layer does).
   */
  write(batch: SinkBatch): Promise<void>;
  /** Releases connections and timers. Idempotent; safe without start(). */
  stop(): Promise<void>;
  health(): SinkHealth;
  /** Optional: the error module and hosts to report for a failed batch of this data module. */
  errorContext?(module: DataModule): SinkErrorContext;
}
