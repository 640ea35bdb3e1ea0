// What the supervisor hands each thread at start-up (workerData). Plain data only: it is structured-cloned,
// except the ring SharedArrayBuffers, which are shared.
import type { Config } from '../config/schema/index.js';
import type { TestCrash } from '../crash/test-crash.js';
import type { LogFormat, LogLevel } from '../log/logger.js';
import type { DestinationRoute } from '../destinations/routes.js';

/** What a producer publishes with: the configuration in force and the destination routes it gives (a reload changes both). */
export interface ProducerConfig {
  config: Config;
  routes: DestinationRoute[];
}

export interface CommonThreadData {
  /** Parse-worker slots (writer channels per writer); more than the pool size so replaced workers get fresh ones. */
  parseSlots: number;
  /** Keeps the BroadcastChannels of two collectors in one process apart. */
  instanceId: string;
  config: Config;
  logLevel: LogLevel;
  logFormat: LogFormat;
  /** fileLogging: lines also go to the main thread's log files. */
  logToFile?: boolean;
  /** Every enabled destination and the writer that owns it (src/destinations/routes.ts). */
  routes: DestinationRoute[];
  writerCount: number;
  /** Tests only (NODE_ENV=test): which thread crashes on purpose (src/crash/test-crash.ts). */
  testCrash?: TestCrash;
  /** src/threads/writer-ledger.ts: which batches each writer has taken in, shared by every thread. */
  ledger?: SharedArrayBuffer;
}

export interface ParseWorkerData extends CommonThreadData {
  /** src/pipeline/parse/parse-slots.ts: which writer-channel slots live parse workers hold. */
  parseSlotTable: SharedArrayBuffer;
  /** Ring id (RingTask.ring) → its SharedArrayBuffer and the socket it belongs to. */
  rings: Record<number, { sab: SharedArrayBuffer; socket: 'log' | 'user' }>;
  /** src/threads/config-box.ts: the configuration and routes after the latest reload (none written: workerData's). */
  configBox?: SharedArrayBuffer;
}

export interface WriterThreadData extends CommonThreadData {
  index: number;
}

export interface TrackerThreadData extends CommonThreadData {
  rings: Record<number, { sab: SharedArrayBuffer; socket: 'log' | 'user' }>;
  /** os.hostname() of the collector, the `host` tag of queue metrics. */
  hostname: string;
}
