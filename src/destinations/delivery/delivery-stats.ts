// Counters of one destination's delivery. Plain data so the writer thread can post them as-is.

export type DropReason =
  /** A per-module queue was full; the oldest waiting message went. */
  | 'queue_full'
  /** The destination refused the lines for good (e.g. InfluxDB 400 parse error). */
  | 'rejected'
  /** Still queued or failing when stop() ran out of time, or arrived after stop (without a spool). */
  | 'shutdown'
  /** The disk spool reached maxBytes; its oldest segment went (lines not yet replayed). */
  | 'spool_full'
  /** Writing to the disk spool failed (disk full, permissions); the batch being written went. */
  | 'spool_error'
  /** The writer thread died (uncaught error) holding it in memory, and there was no spool to save it to. */
  | 'writer_crash';

export const DROP_REASONS: readonly DropReason[] = ['queue_full', 'rejected', 'shutdown', 'spool_full', 'spool_error', 'writer_crash'];

export interface DeliveryCounters {
  writtenLines: number;
  writtenBatches: number;
  /** Attempts after the first one. */
  retries: number;
  /** Batches whose first attempt failed (each produced at most one ErrorReport). */
  failedBatches: number;
  droppedLines: Record<DropReason, number>;
  droppedBatches: Record<DropReason, number>;
  /** Epoch ms of the last accepted write, 0 before the first. */
  lastSuccessAt: number;
  lastFailureAt: number;
  /** Lines / records appended to the disk spool since start. */
  spooledLines: number;
  spooledBatches: number;
  /** Lines written to the destination from the spool (also in writtenLines). */
  replayedLines: number;
  /** Damaged spool records (torn last write, checksum mismatch) skipped instead of replayed. */
  spoolCorruptRecords: number;
}

export interface DeliveryStats extends DeliveryCounters {
  id: string;
  target: string;
  up: boolean;
  downReason: string;
  queuedLines: number;
  queuedBytes: number;
  inFlightLines: number;
  /** True while new data goes to the disk spool (destination down past the grace period, or queue full). */
  spooling: boolean;
  /** Lines waiting in the spool, and the spool's size on disk (0 without a spool). */
  spoolLines: number;
  spoolBytes: number;
}

export function emptyCounters(): DeliveryCounters {
  return {
    writtenLines: 0,
    writtenBatches: 0,
    retries: 0,
    failedBatches: 0,
    droppedLines: { queue_full: 0, rejected: 0, shutdown: 0, spool_full: 0, spool_error: 0, writer_crash: 0 },
    droppedBatches: { queue_full: 0, rejected: 0, shutdown: 0, spool_full: 0, spool_error: 0, writer_crash: 0 },
    lastSuccessAt: 0,
    lastFailureAt: 0,
    spooledLines: 0,
    spooledBatches: 0,
    replayedLines: 0,
    spoolCorruptRecords: 0,
  };
}

export function countDrop(counters: DeliveryCounters, reason: DropReason, lines: number, batches: number): void {
  counters.droppedLines[reason] += lines;
  counters.droppedBatches[reason] += batches;
}

/** A write accepted `lines` lines at `at` (replay: they came from the disk spool). */
export function countWritten(counters: DeliveryCounters, lines: number, replay: boolean, at: number): void {
  counters.writtenLines += lines;
  counters.writtenBatches++;
  if (replay) counters.replayedLines += lines;
  counters.lastSuccessAt = at;
}

const SUMMED = ['writtenLines', 'writtenBatches', 'retries', 'failedBatches', 'spooledLines', 'spooledBatches', 'replayedLines', 'spoolCorruptRecords'] as const;

/**
 * The counters of two incarnations of one destination added up (a crashed writer and its successor, `a`);
 * gauges (queued, spool size, up) are `a`'s.
 */
export function addDeliveryStats(a: DeliveryStats, b: DeliveryStats): DeliveryStats {
  const sum = { ...a };
  for (const key of SUMMED) sum[key] = a[key] + b[key];
  sum.droppedLines = { ...a.droppedLines };
  sum.droppedBatches = { ...a.droppedBatches };
  for (const r of DROP_REASONS) {
    sum.droppedLines[r] = (a.droppedLines[r] ?? 0) + (b.droppedLines[r] ?? 0);
    sum.droppedBatches[r] = (a.droppedBatches[r] ?? 0) + (b.droppedBatches[r] ?? 0);
  }
  return sum;
}
