// One destination × one DataModule: a buffer, batching by count/bytes/age, and up to `maxInFlight` writes at
// once (1 unless the sink says its backend does not care in which order batches arrive, see Sink.unordered):
// with one, lines reach the backend in the order producers sent them. A failed batch is retried (same
// content, never merged with newer data) until it is written, rejected for good, or shutdown runs out of
// time; while one is failing the lane sends only retries. Diverted to the disk spool, the lane keeps the
// producers' order: batches still on the wire are copied into the spool, oldest first, ahead of what was
// queued behind them, and each write's answer decides whether its copy is replayed.

import { errorFromException, type SinkWriteError } from '../sink-error.js';
import type { DataModule } from '../../threads/messages.js';
import type { TakenBatch } from './batch-buffer.js';
import { retryDelayMs } from './backoff.js';
import type { TimerHandle } from '../../clock.js';
import { countDrop, countWritten } from './delivery-stats.js';
import { FlushWaiters } from './flush-waiters.js';
import { InFlight, type Attempt } from './in-flight.js';
import type { LaneDeps, SpillFn, SpillTarget } from './lane-types.js';

export type { LaneDeps, LaneEvents, SpillFn, SpillTarget, SpoolReservation } from './lane-types.js';

export class DeliveryLane {
  private nextSeq = 1;
  private readonly inFlight = new InFlight();
  private readonly maxInFlight: number;
  private flushTimer: TimerHandle | undefined;
  private readonly waiters: FlushWaiters;
  private stopping = false;
  private stopped = false;
  /** Set by divert(): this lane stops writing and hands everything to the spool. */
  private target: SpillTarget | undefined;
  /** divert() finished: the lane's queue is empty and every push goes straight to the spool. */
  private diverted = false;

  constructor(
    readonly module: DataModule,
    private readonly deps: LaneDeps,
  ) {
    this.waiters = new FlushWaiters(deps.clock);
    this.maxInFlight = Math.max(1, Math.floor(deps.maxInFlight ?? 1));
  }

  get queuedLines(): number {
    return this.deps.buffer.lines;
  }

  get queuedBytes(): number {
    return this.deps.buffer.bytes;
  }

  get inFlightLines(): number {
    return this.inFlight.lines;
  }

  /** True while the lane hands its data to the spool (see divert()). */
  get isDiverted(): boolean {
    return this.target !== undefined;
  }

  push(body: Uint8Array, lines: number, serverName: string): void {
    if (body.byteLength === 0) return;
    if (this.diverted && this.target) {
      this.target.spill(this.module, body, lines, serverName);
      return;
    }
    if (this.stopping && !this.target) {
      // stop() stops accepting input first, so the flush it waits for has a fixed end.
      countDrop(this.deps.counters, 'shutdown', lines, 1);
      return;
    }
    this.deps.buffer.push({ body, lines, serverName, seq: this.nextSeq++, queuedAt: this.deps.clock.now() });
    this.pump();
  }

  /**
   * Writes everything queued now. Resolves true when all of it is settled, false when budgetMs ran out.
   * @param failFast retry a waiting batch right away and give up (false) at the first failed attempt: used
   *   when undelivered data is safe anyway (in the disk spool), so a shutdown need not wait for a dead backend
   */
  flush(budgetMs?: number, failFast = false): Promise<boolean> {
    const throughSeq = this.lastPushedSeq();
    if (this.settledThrough() >= throughSeq) return Promise.resolve(true);
    if (budgetMs !== undefined && budgetMs <= 0) return Promise.resolve(false);
    if (failFast) this.retryNow();
    const done = this.waiters.add(throughSeq, failFast, budgetMs);
    this.pump();
    return done;
  }

  /** Batches waiting for their backoff timer are attempted now. */
  private retryNow(): void {
    if (this.stopped) return;
    for (const attempt of this.inFlight.clearRetryTimers(this.deps.clock)) {
      this.deps.counters.retries++;
      this.attempt(attempt);
    }
  }

  /**
   * Stops writing this lane and hands, in order, the batches in flight, everything queued and every later
   * push to the spool. A batch on the wire is copied (reserved); its write's answer settles the copy.
   */
  divert(target: SpillTarget): void {
    this.target = target;
    this.completeDivert();
  }

  /** Back to writing directly (the spool has been replayed). */
  undivert(): void {
    this.target = undefined;
    this.diverted = false;
    this.pump();
  }

  /** Starts a write if one is due (the spool lane: after records were appended behind the lane's back). */
  kick(): void {
    this.pump();
  }

  /**
   * Flushes within the budget, then hands what is left to `target` (the spool) or drops it (reason shutdown).
   * Returns with every line accounted for: a batch still on the wire stays in the spool (its copy) or is
   * counted as dropped now, and the sink's late answers are ignored.
   */
  async stop(budgetMs: number, target?: SpillTarget, failFast = false): Promise<void> {
    if (this.stopped) return;
    this.stopping = true;
    await this.flush(budgetMs, failFast);
    this.end(target, 'shutdown');
  }

  /**
   * The writer thread is dying (uncaught error): synchronously, everything queued and the batches in flight go
   * to `target` (the spool), or are counted as dropped with reason writer_crash. No write is waited for.
   */
  evacuate(target?: SpillTarget): void {
    if (this.stopped) return;
    this.stopping = true;
    this.end(target, 'writer_crash');
  }

  private end(target: SpillTarget | undefined, reason: 'shutdown' | 'writer_crash'): void {
    if (this.stopped) return;
    if (target) this.divert(target);
    this.stopped = true;
    this.clearTimers();
    const left = this.deps.buffer.discardAll();
    countDrop(this.deps.counters, reason, left.lines, left.batches);
    this.inFlight.abandonAll(this.deps.buffer, (lost) => countDrop(this.deps.counters, reason, lost, 1));
    this.notifyWaiters();
  }

  private lastPushedSeq(): number {
    return this.deps.buffer.tailSeq?.() ?? this.nextSeq - 1;
  }

  /** Highest seq such that it and everything before it is written, rejected, dropped or spilled. */
  private settledThrough(): number {
    const oldest = this.inFlight.oldestSeq();
    if (oldest !== undefined) return oldest - 1;
    const head = this.deps.buffer.headSeq();
    return head === undefined ? this.lastPushedSeq() : head - 1;
  }

  private completeDivert(): void {
    const target = this.target;
    if (!target) return;
    this.clearTimers();
    // Oldest first, so the spool holds the original order whatever the answers.
    for (const attempt of this.inFlight.list()) {
      if (!attempt.writing) {
        this.inFlight.remove(attempt);
        this.spillTaken(attempt.taken, target.spill);
      } else if (attempt.reservation === undefined) {
        // On the wire: its copy goes in now, so a hung write never holds the queue behind it in memory.
        attempt.reservation = target.reserve(attempt.taken.batch) ?? null;
      }
    }
    if (!this.diverted) {
      this.spillQueued(target.spill);
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
    if (this.waiters.size > 0 || this.stopping) return true;
    if (buffer.lines >= options.maxBatchLines || buffer.bytes >= options.maxBatchBytes) return true;
    const oldest = buffer.oldestQueuedAt();
    return oldest !== undefined && clock.now() - oldest >= options.flushIntervalMs;
  }

  private pump(): void {
    if (this.target) return this.completeDivert();
    if (this.stopped) return;
    const { buffer, options } = this.deps;
    // A failing backend gets only the retries, not more new batches that would fail the same way.
    while (this.inFlight.size < this.maxInFlight && !this.inFlight.failing()) {
      if (buffer.headSeq() === undefined) return;
      if (!this.isDue()) return this.armFlushTimer();
      const taken = buffer.take({ maxLines: options.maxBatchLines, maxBytes: options.maxBatchBytes });
      if (!taken) return;
      const attempt: Attempt = { taken, failures: 0, writing: false };
      this.inFlight.add(attempt);
      this.attempt(attempt);
    }
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
    if (attempt.abandoned) return;
    const batch = attempt.taken.batch;
    countWritten(this.deps.counters, batch.lines, this.deps.replay === true, this.deps.clock.now());
    this.deps.events.written(batch, attempt.failures > 0);
    this.finish(attempt, 'written');
  }

  private failed(attempt: Attempt, error: SinkWriteError): void {
    if (attempt.abandoned) return;
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
        countWritten(counters, batch.lines - rejected, this.deps.replay === true, counters.lastFailureAt);
        events.written(batch, true);
      }
      // Every line is written or counted: a spool copy of this batch is passed over.
      this.finish(attempt, 'written');
      return;
    }
    this.waiters.failed();
    // Diverted while this batch was on the wire: its copy in the spool takes its place.
    if (attempt.reservation) return this.finish(attempt, 'failed');
    // ... or, when no copy could be stored, it is spilled now instead of being retried.
    if (this.target) return this.completeDivert();
    const delay = retryDelayMs(options.backoff, attempt.failures, error.kind, error.retryAfterMs, random);
    attempt.retryTimer = clock.setTimer(() => {
      attempt.retryTimer = undefined;
      if (!this.inFlight.has(attempt) || this.stopped) return;
      counters.retries++;
      this.attempt(attempt);
    }, delay);
  }

  private finish(attempt: Attempt, outcome: 'written' | 'failed'): void {
    this.inFlight.remove(attempt);
    this.deps.buffer.settle(attempt.taken);
    attempt.reservation?.settle(outcome);
    this.notifyWaiters();
    this.pump();
    if (this.inFlight.size === 0 && this.deps.buffer.headSeq() === undefined) this.deps.events.idle?.();
  }

  private notifyWaiters(): void {
    if (this.waiters.size === 0) return;
    if (this.stopped) this.waiters.settle(Number.MAX_SAFE_INTEGER, this.isAllWritten());
    else this.waiters.settle(this.settledThrough(), true);
  }

  private isAllWritten(): boolean {
    return this.inFlight.size === 0 && this.deps.buffer.headSeq() === undefined;
  }

  private clearTimers(): void {
    if (this.flushTimer !== undefined) this.deps.clock.clearTimer(this.flushTimer);
    this.flushTimer = undefined;
    // Batches that were waiting for a retry stay in flight, not writing: divert spills them, end abandons them.
    this.inFlight.clearRetryTimers(this.deps.clock);
  }
}
