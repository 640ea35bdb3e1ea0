// Tuning of the delivery layer, one set per destination. Defaults follow Butler SOS where it had a
// setting (maxBatchSize 1000) and the InfluxDB write guidance elsewhere (batches up to ~1 MiB, gzip).

import { DEFAULT_BACKOFF, type BackoffPolicy } from './backoff.js';

export interface DeliveryOptions {
  /** Lines per write (Butler's `maxBatchSize`). */
  maxBatchLines: number;
  /** Body bytes per write before compression. */
  maxBatchBytes: number;
  /** A partly filled batch is written once its oldest line waited this long. */
  flushIntervalMs: number;
  /** Bounds of each per-module queue; beyond them the oldest message is dropped (reason queue_full). */
  maxQueuedLines: number;
  maxQueuedBytes: number;
  backoff: BackoffPolicy;
}

export const DEFAULT_DELIVERY: DeliveryOptions = {
  maxBatchLines: 1000,
  maxBatchBytes: 1024 * 1024,
  flushIntervalMs: 1000,
  maxQueuedLines: 100_000,
  maxQueuedBytes: 32 * 1024 * 1024,
  backoff: DEFAULT_BACKOFF,
};

export type DeliveryOverrides = Partial<Omit<DeliveryOptions, 'backoff'>> & { backoff?: Partial<BackoffPolicy> };

export function deliveryOptions(...layers: (DeliveryOverrides | undefined)[]): DeliveryOptions {
  let result: DeliveryOptions = { ...DEFAULT_DELIVERY, backoff: { ...DEFAULT_BACKOFF } };
  for (const layer of layers) {
    if (!layer) continue;
    const { backoff, ...rest } = layer;
    result = { ...result, ...stripUndefined(rest), backoff: { ...result.backoff, ...stripUndefined(backoff ?? {}) } };
  }
  return result;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  const out: Partial<T> = {};
  for (const key of Object.keys(value) as (keyof T)[]) if (value[key] !== undefined) out[key] = value[key];
  return out;
}
