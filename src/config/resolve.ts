// Turns the `auto` values of the configuration into numbers for this machine. Kept apart from loading so the
// loaded Config stays what the admin wrote (and can be shown back), and so tests can pass any core count.
//
//   threads.parseWorkers: auto      = max(2, cores - 1): the main thread (UDP sockets only), the writer and
//                                     the tracker are mostly idle, so every core but one can parse; at least
//                                     two, because on 2 cores a second parse worker lifted the sustained
//                                     rate from ~70,000 to ~90,000 events/s (docs/benchmarks.md).
//   ingest.maxSlicesInFlight: auto  = parseWorkers * 2: each worker has its next slice queued while it works.
//   fileDestination.influxVersion: auto = influxdbConfig.version (what the database would receive), so files
//                                     can be replayed into it; set 1, 2 or 3 to choose explicitly.

import { availableParallelism } from 'node:os';
import type { Config } from './schema/index.js';
import { LIGHT_THREAD_YOUNG_GENERATION_MB } from '../threads/v8-tuning.js';

export interface RuntimeSettings {
  parseWorkers: number;
  writerWorkers: number;
  /** Worker resourceLimits.maxYoungGenerationSizeMb; undefined: V8's default. */
  workerYoungGenerationMb: number | undefined;
  logRingBytes: number;
  userRingBytes: number;
  udpReceiveBufferBytes: number;
  slices: {
    sliceMaxDatagrams: number;
    sliceMaxDelayMs: number;
    maxSlicesInFlight: number;
  };
}

export function resolveParseWorkers(config: Pick<Config, 'threads'>, cores: number = availableParallelism()): number {
  const value = config.threads.parseWorkers;
  return value === 'auto' ? Math.max(2, Math.floor(cores) - 1) : value;
}

export function resolveMaxSlicesInFlight(config: Pick<Config, 'ingest'>, parseWorkers: number): number {
  const value = config.ingest.maxSlicesInFlight;
  return value === 'auto' ? parseWorkers * 2 : value;
}

/** Every `auto` resolved against `cores` (default: this machine's available parallelism). */
export function resolveRuntimeSettings(config: Config, cores: number = availableParallelism()): RuntimeSettings {
  const parseWorkers = resolveParseWorkers(config, cores);
  return {
    parseWorkers,
    writerWorkers: config.threads.writerWorkers,
    workerYoungGenerationMb: config.threads.workerYoungGenerationMb > 0 ? config.threads.workerYoungGenerationMb : undefined,
    logRingBytes: config.ingest.logEvents.ringBytes,
    userRingBytes: config.ingest.userEvents.ringBytes,
    udpReceiveBufferBytes: config.ingest.udpReceiveBufferBytes,
    slices: {
      sliceMaxDatagrams: config.ingest.sliceMaxDatagrams,
      sliceMaxDelayMs: config.ingest.sliceMaxDelayMs,
      maxSlicesInFlight: resolveMaxSlicesInFlight(config, parseWorkers),
    },
  };
}

/**
 * The V8 limits a worker thread starts with; undefined: V8's defaults. `light` threads (tracker, http, poller,
 * the log-file writer) handle little data and get at most LIGHT_THREAD_YOUNG_GENERATION_MB.
 */
export function workerResourceLimits(
  settings: Pick<RuntimeSettings, 'workerYoungGenerationMb'>,
  weight: 'busy' | 'light' = 'busy',
): { maxYoungGenerationSizeMb: number } | undefined {
  const mb = settings.workerYoungGenerationMb;
  if (mb === undefined) return undefined;
  return { maxYoungGenerationSizeMb: weight === 'light' ? Math.min(mb, LIGHT_THREAD_YOUNG_GENERATION_MB) : mb };
}
