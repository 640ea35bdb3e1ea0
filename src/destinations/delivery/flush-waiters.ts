// Callers of DeliveryLane.flush() waiting for a point in the lane's message sequence to be settled
// (written, rejected, dropped or handed to the spool), each with an optional budget.

import type { Clock, TimerHandle } from '../../clock.js';

interface Waiter {
  /** Resolved once every message with seq <= throughSeq is settled. */
  throughSeq: number;
  /** Resolve (false) at the first failed attempt instead of waiting out the budget. */
  failFast: boolean;
  resolve: (done: boolean) => void;
}

export class FlushWaiters {
  private waiters: Waiter[] = [];

  constructor(private readonly clock: Clock) {}

  get size(): number {
    return this.waiters.length;
  }

  /** Resolves true/false through settle()/failed(), or false when budgetMs runs out first. */
  add(throughSeq: number, failFast: boolean, budgetMs: number | undefined): Promise<boolean> {
    return new Promise<boolean>((resolve) => {
      let timer: TimerHandle | undefined;
      const waiter: Waiter = {
        throughSeq,
        failFast,
        resolve: (done) => {
          if (timer !== undefined) this.clock.clearTimer(timer);
          resolve(done);
        },
      };
      this.waiters.push(waiter);
      if (budgetMs !== undefined) {
        timer = this.clock.setTimer(() => {
          this.waiters = this.waiters.filter((w) => w !== waiter);
          resolve(false);
        }, Math.max(0, budgetMs));
      }
    });
  }

  /** Resolves, with `done`, every waiter whose messages are all settled. */
  settle(settledThrough: number, done: boolean): void {
    this.resolveWhere((w) => w.throughSeq <= settledThrough, done);
  }

  /** An attempt failed: fail-fast waiters give up (false). */
  failed(): void {
    this.resolveWhere((w) => w.failFast, false);
  }

  private resolveWhere(pick: (w: Waiter) => boolean, done: boolean): void {
    if (this.waiters.length === 0) return;
    const still: Waiter[] = [];
    const ready: Waiter[] = [];
    for (const w of this.waiters) (pick(w) ? ready : still).push(w);
    this.waiters = still;
    for (const w of ready) w.resolve(done);
  }
}
