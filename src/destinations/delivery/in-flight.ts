// The batches a DeliveryLane has taken from its buffer and not yet settled: on the wire, or waiting for a
// retry. Kept in the order they were taken (by message seq), whatever order their answers come back in, so
// the lane can tell how far its sequence is settled and hand them to the spool in their original order.

import type { Clock, TimerHandle } from '../../clock.js';
import type { BatchBuffer, TakenBatch } from './batch-buffer.js';
import type { SpoolReservation } from './lane-types.js';

export interface Attempt {
  taken: TakenBatch;
  failures: number;
  writing: boolean;
  /** Set while the batch waits for its backoff before the next attempt. */
  retryTimer?: TimerHandle;
  /** Its copy in the spool (diverted while on the wire); null: the copy could not be stored. */
  reservation?: SpoolReservation | null;
  /** stop() has accounted for it; the sink's late answer changes nothing. */
  abandoned?: boolean;
}

export class InFlight {
  private attempts: Attempt[] = [];

  get size(): number {
    return this.attempts.length;
  }

  get lines(): number {
    let lines = 0;
    for (const a of this.attempts) lines += a.taken.batch.lines;
    return lines;
  }

  /** Oldest first. A copy, so callers may remove while they walk it. */
  list(): Attempt[] {
    return this.attempts.slice();
  }

  has(attempt: Attempt): boolean {
    return this.attempts.includes(attempt);
  }

  /** First seq of the oldest unsettled batch, undefined when none is. */
  oldestSeq(): number | undefined {
    return this.attempts[0]?.taken.firstSeq;
  }

  /** True while a batch of the lane has failed and is not yet settled: the lane then sends only retries. */
  failing(): boolean {
    return this.attempts.some((a) => a.failures > 0);
  }

  add(attempt: Attempt): void {
    // Taken from the buffer in seq order, so appending keeps the list sorted.
    this.attempts.push(attempt);
  }

  remove(attempt: Attempt): void {
    const at = this.attempts.indexOf(attempt);
    if (at >= 0) this.attempts.splice(at, 1);
  }

  /** Cancels every pending retry; returns the batches that were waiting for one, oldest first. */
  clearRetryTimers(clock: Clock): Attempt[] {
    const waiting: Attempt[] = [];
    for (const attempt of this.attempts) {
      if (attempt.retryTimer === undefined) continue;
      clock.clearTimer(attempt.retryTimer);
      attempt.retryTimer = undefined;
      if (!attempt.writing) waiting.push(attempt);
    }
    return waiting;
  }

  /**
   * Shutdown or crash: every batch is accounted for now, its sink's late answer ignored. One with a copy in
   * the spool stays there; otherwise a persistent buffer (the spool itself) keeps it for the next start and
   * a memory one loses it (`lost`).
   */
  abandonAll(buffer: BatchBuffer, lost: (lines: number) => void): void {
    const all = this.attempts;
    this.attempts = [];
    for (const attempt of all) {
      attempt.abandoned = true;
      if (attempt.reservation) {
        attempt.reservation.settle('kept');
        continue;
      }
      const lines = buffer.release ? buffer.release(attempt.taken) : attempt.taken.batch.lines;
      if (lines > 0) lost(lines);
      if (!buffer.release) buffer.settle(attempt.taken);
    }
  }
}
