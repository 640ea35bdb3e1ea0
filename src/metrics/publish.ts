import type { CounterTotals } from '../counters/counter-publisher.js';
import type { ErrorCountsSnapshot } from '../errors/index.js';
import type { RingCounters } from '../ingest/ring-layout.js';
import type { CollectorMetricsMessage, CollectorSnapshot, ErrorsSnapshot, RingSnapshot } from './messages.js';

// Helpers for the threads that own the collector's totals: turn what they already keep into a metrics
// message and post it on the metrics channel. Posting never waits for the http thread (and costs nothing
// when no http thread listens: a BroadcastChannel without receivers drops the message).

/** Anything with postMessage: a BroadcastChannel, a MessagePort. */
export interface MetricsPoster {
  postMessage(message: unknown): void;
}

/** Posts the given parts of the collector's totals; parts left out keep their last value in the http thread. */
export function publishCollectorMetrics(channel: MetricsPoster, snapshot: CollectorSnapshot): void {
  const msg: CollectorMetricsMessage = { t: 'collector', snapshot };
  channel.postMessage(msg);
}

/** The tracker's parse totals (CounterPublisher.totals) as the `parse` part. */
export function parseSnapshotFrom(totals: CounterTotals): CollectorSnapshot['parse'] {
  return { log: { ...totals.parse.log }, user: { ...totals.parse.user } };
}

/** The error tracker's since-start counts as the `errors` part. */
export function errorsSnapshotFrom(counts: ErrorCountsSnapshot): ErrorsSnapshot {
  const byType: Record<string, number> = {};
  for (const [type, entry] of Object.entries(counts.sinceStart.details)) if (entry) byType[type] = entry.total;
  const byCategory: Record<string, number> = {};
  for (const [category, n] of Object.entries(counts.sinceStart.byCategory)) if (n !== undefined) byCategory[category] = n;
  return { byType, byCategory, invalidReports: counts.invalidReports };
}

/** One ring's control words (readRingCounters(sab)) as a `rings` entry. */
export function ringSnapshotFrom(c: RingCounters): RingSnapshot {
  return {
    received: c.received,
    receivedBytes: c.receivedBytes,
    droppedSize: c.droppedSize,
    droppedRateLimit: c.droppedRateLimit,
    droppedRingFull: c.droppedRingFull,
    droppedSource: c.droppedSource,
    datagramsLost: c.datagramsLost,
    slicesDispatched: c.slicesDispatched,
    sliceRetries: c.sliceRetries,
    workerCrashes: c.workerCrashes,
    socketErrors: c.socketErrors,
    bytesUsed: c.bytesUsed,
    capacity: c.capacity,
  };
}
