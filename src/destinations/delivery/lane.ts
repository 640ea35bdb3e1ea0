// One destination × one DataModule: a buffer, batching by count/bytes/age, and exactly one write in flight,
// so lines reach the backend in the order producers sent them. A failed batch is retried (same content,
// never merged with newer data) until it is written, rejected for good, or shutdown runs out of time.

import type { Sink, SinkBatch } from '../sink.js';
import { errorFromException, type SinkWriteError } from '../sink-error.js';
import type { DataModule } from '../../threads/messages.js';
import type { BatchBuffer, TakenBatch } from './batch-buffer.js';
import { retryDelayMs } from './backoff.js';
import type { Clock, RandomSource, TimerHandle } from './clock.js';
import { countDrop, type DeliveryCounters } from './delivery-stats.js';
import type { DeliveryOptions } from './options.js';

export interface LaneEvents {
  /** The first failed attempt of a batch; called once per batch, however often it is retried. */
  firstFailure(batch: SinkBatch, error: SinkWriteError): void;
  /** A batch was written (fully or, after a partial rejection, the accepted part). */
  written(batch: SinkBatch, afterFailure: boolean): void;
  /** Every failed attempt (firstFailure only sees the first per batch). */
  attemptFailed?(error: SinkWriteError): void;
  /** Nothing queued and nothing in flight any more (after a batch settled). */
  idle?(): void;
}

/** Where a diverted lane hands its data: the destination's disk spool. */
export type SpillFn = (module: DataModule, body: Uint8Array, lines: number, serverName: string) => void;

export interface LaneDeps {
  sink: Sink;
  buffer: BatchBuffer;
  options: DeliveryOptions;
  counters: DeliveryCounters;
  clock: Clock;
  random: RandomSource;
  events: LaneEvents;
  /** This lane replays the disk spool: its written lines also count as replayed. */
  replay?: boolean;
}

interface Attempt {
  taken: TakenBatch;
  failures: number;
  writing: boolean;
}

interface FlushWaiter {
  /** Resolved once every message with seq <= throughSeq is settled. */
  throughSeq: number;
  /** Resolve (false) at the first failed attempt instead of waiting out the budget. */
  failFast?: boolean;
  resolve: (done: boolean) => void;
}

export class DeliveryLane {
  private nextSeq = 1;
  private current: Attempt | undefined;
  private flushTimer: TimerHandle | undefined;
  private retryTimer: TimerHandle | undefined;
  private waiters: FlushWaiter[] = [];
  private stopping = false;
  private stopped = false;
  /** Set by divert(): this lane stops writing and hands everything to the spool. */
  private spill: SpillFn | undefined;
  /** divert() finished: the lane is empty and every push goes straight to `spill`. */
  private diverted = false;

  constructor(
    readonly module: DataModule,
    private readonly deps: LaneDeps,
  ) {}

  get queuedLines(): number {
    return this.deps.buffer.lines;
  }

  get queuedBytes(): number {
    return this.deps.buffer.bytes;
  }

  get inFlightLines(): number {
    return this.current ? this.current.taken.batch.lines : 0;
  }

  /** True while the lane hands its data to the spool (see divert()). */
  get isDiverted(): boolean {
    return this.spill !== undefined;
  }

  push(body: Uint8Array, lines: number, serverName: string): void {
    if (body.byteLength === 0) return;
    if (this.diverted && this.spill) {
      this.spill(this.module, body, lines, serverName);
      return;
    }
    if (this.stopping && !this.spill) {
      // stop() stops accepting input first, so the flush it waits for has a fixed end.
      countDrop(this.deps.counters, 'shutdown', lines, 1);
      return;
    }
    this.deps.buffer.push({ body, lines, serverName, seq: this.nextSeq++, queuedAt: this.deps.clock.now() });
    this.pump();
  }

  /** Writes everything queued now. Resolves true when all of it is settled, false when budgetMs ran out. */
  /**
   * @param failFast retry a waiting batch right away and give up (false) at the first failed attempt: used
   *   when undelivered data is safe anyway (in the disk spool), so a shutdown need not wait for a dead backend
   */
  flush(budgetMs?: number, failFast = false): Promise<boolean> {
    const throughSeq = this.lastPushedSeq();
    if (this.settledThrough() >= throughSeq) return Promise.resolve(true);
    if (budgetMs !== undefined && budgetMs <= 0) return Promise.resolve(false);
    if (failFast) this.retryNow();
    return new Promise<boolean>((resolve) => {
      let timer: TimerHandle | undefined;
      const waiter: FlushWaiter = {
        throughSeq,
        failFast,
        resolve: (done) => {
          if (timer !== undefined) this.deps.clock.clearTimer(timer);
          resolve(done);
        },
      };
      this.waiters.push(waiter);
      if (budgetMs !== undefined) {
        timer = this.deps.clock.setTimer(() => {
          this.waiters = this.waiters.filter((w) => w !== waiter);
          resolve(false);
        }, Math.max(0, budgetMs));
      }
      this.pump();
    });
  }

  /** A batch waiting for its backoff timer is attempted now. */
  private retryNow(): void {
    const attempt = this.current;
    if (!attempt || attempt.writing || this.retryTimer === undefined || this.stopped) return;
    this.deps.clock.clearTimer(this.retryTimer);
    this.retryTimer = undefined;
    this.deps.counters.retries++;
    this.attempt(attempt);
  }

  /**
   * Stops writing this lane and hands, in order, the batch waiting for its retry, everything queued and every
   * later push to `spill`. A batch on the wire finishes; if it fails, it is spilled instead of retried.
   */
  divert(spill: SpillFn): void {
    this.spill = spill;
    this.completeDivert();
  }

  /** Back to writing directly (the spool has been replayed). */
  undivert(): void {
    this.spill = undefined;
    this.diverted = false;
    this.pump();
  }

  /** Starts a write if one is due (the spool lane: after records were appended behind the lane's back). */
  kick(): void {
    this.pump();
  }

  /** Flushes within the budget, then spills (when `spill` is given) or drops what is left (reason shutdown). */
  async stop(budgetMs: number, spill?: SpillFn): Promise<void> {
    if (this.stopped) return;
    this.stopping = true;
    await this.flush(budgetMs);
    // A write still on the wire is spilled if it fails; everything queued goes now.
    if (spill) this.divert(spill);
    this.stopped = true;
    this.clearTimers();
    const left = this.deps.buffer.discardAll();
    countDrop(this.deps.counters, 'shutdown', left.lines, left.batches);
    // A batch still waiting for its retry is abandoned; one on the wire settles when the sink answers.
    if (this.current && !this.current.writing) this.abandonCurrent();
    this.notifyWaiters();
  }

  private lastPushedSeq(): number {
    return this.deps.buffer.tailSeq?.() ?? this.nextSeq - 1;
  }

  /** Highest seq such that it and everything before it is written, rejected, dropped or spilled. */
  private settledThrough(): number {
    if (this.current) return this.current.taken.firstSeq - 1;
    const head = this.deps.buffer.headSeq();
    return head === undefined ? this.lastPushedSeq() : head - 1;
  }

  private completeDivert(): void {
    const spill = this.spill;
    if (!spill) return;
    if (this.retryTimer !== undefined) this.deps.clock.clearTimer(this.retryTimer);
    if (this.flushTimer !== undefined) this.deps.clock.clearTimer(this.flushTimer);
    this.retryTimer = this.flushTimer = undefined;
    const current = this.current;
    // A batch on the wire is left to finish; if it fails, failed() spills it (then behind what is queued:
    // one batch may land out of order, but a hung write can never make a full queue drop data).
    if (current && !current.writing) {
      this.current = undefined;
      this.spillTaken(current.taken, spill);
    }
    if (!this.diverted) {
      this.spillQueued(spill);
      this.diverted = true;
    }
    this.notifyWaiters();
  }

  private spillQueued(spill: SpillFn): void {
    const { buffer, options } = this.deps;
    const limits = { maxLines: options.maxBatchLines, maxBytes: options.maxBatchBytes };
    for (let t = buffer.take(limits); t; t = buffer.take(limits)) this.spillTaken(t, spill);
  }

  private spillTaken(taken: TakenBatch, spill: SpillFn): void {
    const b = taken.batch;
    spill(b.module, b.body, b.lines, b.serverName);
    this.deps.buffer.settle(taken);
  }

  private isDue(): boolean {
    const { buffer, options, clock } = this.deps;
    if (this.waiters.length > 0 || this.stopping) return true;
    if (buffer.lines >= options.maxBatchLines || buffer.bytes >= options.maxBatchBytes) return true;
    const oldest = buffer.oldestQueuedAt();
    return oldest !== undefined && clock.now() - oldest >= options.flushIntervalMs;
  }

  private pump(): void {
    if (this.spill) return this.completeDivert();
    if (this.current || this.stopped) return;
    const { buffer, options } = this.deps;
    if (buffer.headSeq() === undefined) return;
    if (!this.isDue()) {
      this.armFlushTimer();
      return;
    }
    const taken = buffer.take({ maxLines: options.maxBatchLines, maxBytes: options.maxBatchBytes });
    if (!taken) return;
    this.current = { taken, failures: 0, writing: false };
    this.attempt(this.current);
  }

  private armFlushTimer(): void {
    if (this.flushTimer !== undefined) return;
    const oldest = this.deps.buffer.oldestQueuedAt() ?? this.deps.clock.now();
    const wait = Math.max(0, oldest + this.deps.options.flushIntervalMs - this.deps.clock.now());
    this.flushTimer = this.deps.clock.setTimer(() => {
      this.flushTimer = undefined;
      this.pump();
    }, wait);
  }

  private attempt(attempt: Attempt): void {
    attempt.writing = true;
    this.deps.sink.write(attempt.taken.batch).then(
      () => this.succeeded(attempt),
      (err: unknown) => this.failed(attempt, errorFromException(err)),
    );
  }

  private succeeded(attempt: Attempt): void {
    const { counters, clock, events } = this.deps;
    const batch = attempt.taken.batch;
    counters.writtenLines += batch.lines;
    counters.writtenBatches++;
    if (this.deps.replay) counters.replayedLines += batch.lines;
    counters.lastSuccessAt = clock.now();
    events.written(batch, attempt.failures > 0);
    this.finish(attempt);
  }

  private failed(attempt: Attempt, error: SinkWriteError): void {
    const { counters, clock, events, options, random } = this.deps;
    const batch = attempt.taken.batch;
    attempt.writing = false;
    attempt.failures++;
    counters.lastFailureAt = clock.now();
    events.attemptFailed?.(error);
    if (attempt.failures === 1) {
      counters.failedBatches++;
      events.firstFailure(batch, error);
    }
    if (error.kind === 'rejected') {
      const rejected = Math.min(batch.lines, error.rejectedLines ?? batch.lines);
      countDrop(counters, 'rejected', rejected, 1);
      if (rejected < batch.lines) {
        counters.writtenLines += batch.lines - rejected;
        counters.writtenBatches++;
        if (this.deps.replay) counters.replayedLines += batch.lines - rejected;
        counters.lastSuccessAt = counters.lastFailureAt;
        events.written(batch, true);
      }
      this.finish(attempt);
      return;
    }
    this.failFastWaiters();
    if (this.spill) {
      // Diverted while this batch was on the wire: it goes to the spool instead of being retried.
      this.completeDivert();
      return;
    }
    if (this.stopped) {
      if (this.current === attempt) this.abandonCurrent();
      this.notifyWaiters();
      return;
    }
    const delay = retryDelayMs(options.backoff, attempt.failures, error.kind, error.retryAfterMs, random);
    this.retryTimer = clock.setTimer(() => {
      this.retryTimer = undefined;
      if (this.current !== attempt || this.stopped) return;
      counters.retries++;
      this.attempt(attempt);
    }, delay);
  }

  private abandonCurrent(): void {
    const attempt = this.current;
    if (!attempt) return;
    this.current = undefined;
    const { buffer, counters } = this.deps;
    // A persistent buffer (the spool) keeps the batch for the next start; a memory one loses it.
    const lost = buffer.release ? buffer.release(attempt.taken) : attempt.taken.batch.lines;
    if (lost > 0) countDrop(counters, 'shutdown', lost, 1);
    if (!buffer.release) buffer.settle(attempt.taken);
  }

  private finish(attempt: Attempt): void {
    if (this.current === attempt) this.current = undefined;
    this.deps.buffer.settle(attempt.taken);
    this.notifyWaiters();
    this.pump();
    if (!this.current && this.deps.buffer.headSeq() === undefined) this.deps.events.idle?.();
  }

  private notifyWaiters(): void {
    if (this.waiters.length === 0) return;
    const settled = this.stopped ? Number.MAX_SAFE_INTEGER : this.settledThrough();
    const still: FlushWaiter[] = [];
    for (const w of this.waiters) {
      if (w.throughSeq <= settled) w.resolve(!this.stopped || this.isAllWritten());
      else still.push(w);
    }
    this.waiters = still;
  }

  private failFastWaiters(): void {
    if (!this.waiters.some((w) => w.failFast)) return;
    const still: FlushWaiter[] = [];
    for (const w of this.waiters) {
      if (w.failFast) w.resolve(false);
      else still.push(w);
    }
    this.waiters = still;
  }

  private isAllWritten(): boolean {
    return this.current === undefined && this.deps.buffer.headSeq() === undefined;
  }

  private clearTimers(): void {
    if (this.flushTimer !== undefined) this.deps.clock.clearTimer(this.flushTimer);
    if (this.retryTimer !== undefined) this.deps.clock.clearTimer(this.retryTimer);
    this.flushTimer = undefined;
    this.retryTimer = undefined;
  }
}
