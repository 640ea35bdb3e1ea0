// Tuning of the delivery layer, one set per destination. Defaults follow Butler SOS where it had a
// setting (maxBatchSize 1000) and the InfluxDB write guidance elsewhere (batches up to ~1 MiB, gzip).

import { DEFAULT_BACKOFF, type BackoffPolicy } from './backoff.js';

export interface DeliveryOptions {
  /** Lines per write (Butler's `maxBatchSize`). */
  maxBatchLines: number;
  /** Body bytes per write before compression. */
  maxBatchBytes: number;
  /**
   * A partly filled batch is written once its oldest line waited this long. With one write in flight per
   * lane, this only matters while the lane is idle: under load, lines gather while the previous write is on
   * the wire and the next batch goes out as soon as it returns, so the batch size follows the rate.
   */
  flushIntervalMs: number;
  /**
   * Writes one lane may have on the wire at once, for sinks whose backend takes batches in any order
   * (Sink.unordered: InfluxDB); every other sink, and the spool's replay, writes one at a time.
   */
  maxWritesInFlight: number;
  /** Bounds of each per-module queue; beyond them the oldest message is dropped (reason queue_full). */
  maxQueuedLines: number;
  maxQueuedBytes: number;
  backoff: BackoffPolicy;
  /** The disk spool; undefined: none (a full queue drops its oldest, shutdown drops what is left). */
  spool?: SpoolOptions;
}

export interface SpoolOptions {
  /** Parent directory; each destination spools into `<directory>/<destination id>/`. */
  directory: string;
  /** Upper bound of one destination's spool files; beyond it the oldest segment is dropped (counted). */
  maxBytes: number;
  /** How long a destination may fail before new data goes to the spool instead of memory. */
  graceMs: number;
  /** Size at which a new segment file is started; default maxBytes / 8, between 4 KiB and 16 MiB. */
  segmentBytes?: number;
}

export const DEFAULT_SPOOL: Omit<SpoolOptions, 'directory'> = {
  maxBytes: 1024 * 1024 * 1024,
  graceMs: 10_000,
};

export const DEFAULT_DELIVERY: DeliveryOptions = {
  maxBatchLines: 1000,
  maxBatchBytes: 1024 * 1024,
  // 100 ms, not Butler SOS's 1 s: the age of a partial batch was the whole p99 latency at low and medium rates
  // (docs/benchmarks.md), and at most ten writes a second per lane cost the backend little.
  flushIntervalMs: 100,
  maxWritesInFlight: 1,
  maxQueuedLines: 100_000,
  maxQueuedBytes: 32 * 1024 * 1024,
  backoff: DEFAULT_BACKOFF,
};

export type DeliveryOverrides = Partial<Omit<DeliveryOptions, 'backoff' | 'spool'>> & {
  backoff?: Partial<BackoffPolicy>;
  /** `enable: false` (or no directory) switches the spool off. */
  spool?: Partial<SpoolOptions> & { enable?: boolean };
};

export function deliveryOptions(...layers: (DeliveryOverrides | undefined)[]): DeliveryOptions {
  let result: DeliveryOptions = { ...DEFAULT_DELIVERY, backoff: { ...DEFAULT_BACKOFF } };
  for (const layer of layers) {
    if (!layer) continue;
    const { backoff, spool, ...rest } = layer;
    result = { ...result, ...stripUndefined(rest), backoff: { ...result.backoff, ...stripUndefined(backoff ?? {}) }, spool: mergeSpool(result.spool, spool) };
  }
  if (result.spool === undefined) delete result.spool;
  return result;
}

function mergeSpool(base: SpoolOptions | undefined, layer: DeliveryOverrides['spool']): SpoolOptions | undefined {
  if (!layer) return base;
  const { enable, ...rest } = layer;
  if (enable === false) return undefined;
  const merged = { ...DEFAULT_SPOOL, ...base, ...stripUndefined(rest) };
  return merged.directory ? (merged as SpoolOptions) : undefined;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  const out: Partial<T> = {};
  for (const key of Object.keys(value) as (keyof T)[]) if (value[key] !== undefined) out[key] = value[key];
  return out;
}
