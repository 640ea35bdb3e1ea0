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
}

export interface LaneDeps {
  sink: Sink;
  buffer: BatchBuffer;
  options: DeliveryOptions;
  counters: DeliveryCounters;
  clock: Clock;
  random: RandomSource;
  events: LaneEvents;
}

interface Attempt {
  taken: TakenBatch;
  failures: number;
  writing: boolean;
}

interface FlushWaiter {
  /** Resolved once every message with seq <= throughSeq is settled. */
  throughSeq: number;
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

  push(body: Uint8Array, lines: number, serverName: string): void {
    if (body.byteLength === 0) return;
    if (this.stopping) {
      // stop() stops accepting input first, so the flush it waits for has a fixed end.
      countDrop(this.deps.counters, 'shutdown', lines, 1);
      return;
    }
    this.deps.buffer.push({ body, lines, serverName, seq: this.nextSeq++, queuedAt: this.deps.clock.now() });
    this.pump();
  }

  /** Writes everything queued now. Resolves true when all of it is settled, false when budgetMs ran out. */
  flush(budgetMs?: number): Promise<boolean> {
    const throughSeq = this.nextSeq - 1;
    if (this.settledThrough() >= throughSeq) return Promise.resolve(true);
    return new Promise<boolean>((resolve) => {
      let timer: TimerHandle | undefined;
      const waiter: FlushWaiter = {
        throughSeq,
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

  /** Flushes within the budget, then drops what is left (reason shutdown). Idempotent. */
  async stop(budgetMs: number): Promise<void> {
    if (this.stopped) return;
    this.stopping = true;
    await this.flush(budgetMs);
    this.stopped = true;
    this.clearTimers();
    const left = this.deps.buffer.discardAll();
    countDrop(this.deps.counters, 'shutdown', left.lines, left.batches);
    // A batch still waiting for its retry is abandoned; one on the wire settles when the sink answers.
    if (this.current && !this.current.writing) this.abandonCurrent();
    this.notifyWaiters();
  }

  /** Highest seq such that it and everything before it is written, rejected or dropped. */
  private settledThrough(): number {
    if (this.current) return this.current.taken.firstSeq - 1;
    const head = this.deps.buffer.headSeq();
    return (head ?? this.nextSeq) - 1;
  }

  private isDue(): boolean {
    const { buffer, options, clock } = this.deps;
    if (this.waiters.length > 0 || this.stopping) return true;
    if (buffer.lines >= options.maxBatchLines || buffer.bytes >= options.maxBatchBytes) return true;
    const oldest = buffer.oldestQueuedAt();
    return oldest !== undefined && clock.now() - oldest >= options.flushIntervalMs;
  }

  private pump(): void {
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
        counters.lastSuccessAt = counters.lastFailureAt;
        events.written(batch, true);
      }
      this.finish(attempt);
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
    countDrop(this.deps.counters, 'shutdown', attempt.taken.batch.lines, 1);
    this.current = undefined;
    this.deps.buffer.settle(attempt.taken);
  }

  private finish(attempt: Attempt): void {
    if (this.current === attempt) this.current = undefined;
    this.deps.buffer.settle(attempt.taken);
    this.notifyWaiters();
    this.pump();
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
