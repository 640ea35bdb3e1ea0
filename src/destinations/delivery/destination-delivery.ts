// Delivery for one destination: a lane per DataModule in front of one sink, the destination's counters,
// error reports to the tracker (one per failed batch) and rate-limited logging. Lanes are independent so
// a failing module (say, a rejected error-event batch) never holds back log events.

import type { AppLogger } from '../../log/logger.js';
import type { BatchMessage, DataModule, ErrorModule, ErrorReport } from '../../threads/messages.js';
import type { Sink, SinkBatch } from '../sink.js';
import type { SinkWriteError } from '../sink-error.js';
import { MemoryBatchBuffer } from './batch-buffer.js';
import { systemClock, type Clock, type RandomSource } from '../../clock.js';
import { countDrop, emptyCounters, type DeliveryCounters, type DeliveryStats, type DropReason } from './delivery-stats.js';
import { DeliveryLane, type LaneEvents } from './lane.js';
import type { DeliveryOptions } from './options.js';
import { SpoolMode } from './spool-mode.js';

export interface DeliveryDeps {
  logger: AppLogger;
  /** Receives one report per failed batch; absent in tests that only look at stats. */
  reportError?: (report: ErrorReport) => void;
  clock?: Clock;
  random?: RandomSource;
}

/** A reminder while a destination keeps failing, so a long outage is visible without a line per retry. */
const STILL_FAILING_LOG_MS = 30_000;
const OFFENDING_LINES_LOGGED = 3;
const OFFENDING_CHARS_LOGGED = 300;

export class DestinationDelivery {
  private readonly lanes = new Map<DataModule, DeliveryLane>();
  private readonly counters: DeliveryCounters = emptyCounters();
  private readonly clock: Clock;
  private readonly random: RandomSource;
  private failingSince = 0;
  private lastFailureLogAt = 0;
  private stopPromise: Promise<void> | undefined;
  /** Present when options.spool is set. */
  private readonly spoolMode: SpoolMode | undefined;

  constructor(
    readonly sink: Sink,
    readonly options: DeliveryOptions,
    private readonly deps: DeliveryDeps,
  ) {
    this.clock = deps.clock ?? systemClock;
    this.random = deps.random ?? Math.random;
    if (options.spool) {
      this.spoolMode = new SpoolMode(sink.id, {
        sink,
        options,
        spool: options.spool,
        counters: this.counters,
        clock: this.clock,
        random: this.random,
        logger: deps.logger,
        lanes: () => this.lanes.values(),
        events: this.laneEvents(),
      });
    }
  }

  get id(): string {
    return this.sink.id;
  }

  /** Starts the sink. Never rejects for an unreachable backend: the sink reports itself down instead. */
  async start(): Promise<void> {
    // Spooled data from an earlier run is queued for replay first; it waits for the sink's start.
    this.spoolMode?.open();
    await this.sink.start();
    this.spoolMode?.lane.kick();
    this.deps.logger.info({ destination: this.id, target: this.sink.target }, 'Destination started.');
  }

  accept(msg: BatchMessage): void {
    const lane = this.lane(msg.module);
    this.spoolMode?.beforePush(lane, msg.count, msg.body.byteLength);
    lane.push(msg.body, msg.count, msg.serverName ?? '');
  }

  /** Counts lines that never reached this destination's queue (held for it during a reload and dropped). */
  countDropped(reason: DropReason, lines: number, batches: number): void {
    countDrop(this.counters, reason, lines, batches);
  }

  /**
   * Writes everything queued now (including the spool); true when all of it settled within the budget. With a
   * spool, a failed attempt ends the wait (false): the data is kept on disk, so shutdown need not wait out
   * its deadline for a destination that is down.
   */
  async flush(budgetMs?: number): Promise<boolean> {
    const endAt = this.clock.now() + (budgetMs ?? 0);
    const failFast = this.spoolMode !== undefined;
    const results = await Promise.all([...this.lanes.values()].map((lane) => lane.flush(budgetMs, failFast)));
    // Memory lanes spill into the spool, so the spool is flushed after them.
    const spool = this.spoolMode ? await this.spoolMode.lane.flush(budgetMs === undefined ? undefined : Math.max(0, endAt - this.clock.now()), true) : true;
    return spool && results.every(Boolean);
  }

  /** Stops accepting, flushes within the budget, drops the rest (counted), then stops the sink. Idempotent. */
  stop(budgetMs: number): Promise<void> {
    this.stopPromise ??= this.stopOnce(budgetMs);
    return this.stopPromise;
  }

  private async stopOnce(budgetMs: number): Promise<void> {
    const endAt = this.clock.now() + budgetMs;
    const spool = this.spoolMode;
    spool?.beginStop();
    // With a spool, what memory cannot deliver in time is kept on disk for the next start.
    await Promise.all([...this.lanes.values()].map((lane) => lane.stop(budgetMs, spool)));
    // Replay goes on for what is left of the budget, unless the destination fails: the spool keeps the rest.
    await spool?.lane.stop(Math.max(0, endAt - this.clock.now()), undefined, true);
    await this.sink.stop();
    spool?.close();
    const dropped = this.counters.droppedLines.shutdown;
    if (dropped > 0) this.deps.logger.warn({ destination: this.id, droppedLines: dropped }, 'Destination stopped with undelivered lines.');
    else this.deps.logger.info({ destination: this.id }, 'Destination stopped.');
  }

  /**
   * The writer thread is dying (uncaught error). Synchronously, every memory queue and the batch on the wire
   * go to the disk spool (replayed at the next start, before new data), or without a spool are counted as
   * dropped (writer_crash). A batch on the wire may thus be written twice: once by its write, once replayed.
   */
  evacuate(): void {
    if (this.stopPromise) return;
    this.stopPromise = Promise.resolve();
    const spool = this.spoolMode;
    spool?.beginStop();
    for (const lane of this.lanes.values()) lane.evacuate(spool);
    // The replay lane's batch in flight stays in the spool (its cursor has not passed it).
    spool?.lane.evacuate();
    spool?.close();
  }

  stats(): DeliveryStats {
    let queuedLines = 0;
    let queuedBytes = 0;
    let inFlightLines = this.spoolMode?.lane.inFlightLines ?? 0;
    for (const lane of this.lanes.values()) {
      queuedLines += lane.queuedLines;
      queuedBytes += lane.queuedBytes;
      inFlightLines += lane.inFlightLines;
    }
    const health = this.sink.health();
    const c = this.counters;
    return {
      id: this.id,
      target: this.sink.target,
      up: health.up,
      downReason: health.reason,
      queuedLines,
      queuedBytes,
      inFlightLines,
      writtenLines: c.writtenLines,
      writtenBatches: c.writtenBatches,
      retries: c.retries,
      failedBatches: c.failedBatches,
      droppedLines: { ...c.droppedLines },
      droppedBatches: { ...c.droppedBatches },
      lastSuccessAt: c.lastSuccessAt,
      lastFailureAt: c.lastFailureAt,
      spooling: this.spoolMode?.spooling ?? false,
      spoolLines: this.spoolMode?.spool.lines ?? 0,
      spoolBytes: this.spoolMode?.spool.bytes ?? 0,
      spooledLines: c.spooledLines,
      spooledBatches: c.spooledBatches,
      replayedLines: c.replayedLines,
      spoolCorruptRecords: c.spoolCorruptRecords,
    };
  }

  private lane(module: DataModule): DeliveryLane {
    let lane = this.lanes.get(module);
    if (!lane) {
      const counters = this.counters;
      const buffer = new MemoryBatchBuffer(module, this.options, (lines, batches) => countDrop(counters, 'queue_full', lines, batches));
      lane = new DeliveryLane(module, {
        sink: this.sink,
        buffer,
        options: this.options,
        counters,
        clock: this.clock,
        random: this.random,
        events: this.laneEvents(),
        maxInFlight: this.sink.unordered === true ? this.options.maxWritesInFlight : 1,
      });
      this.lanes.set(module, lane);
      this.spoolMode?.adopt(lane);
    }
    return lane;
  }

  private laneEvents(): LaneEvents {
    return {
      firstFailure: (b, e) => this.onFirstFailure(b, e),
      attemptFailed: (e) => this.spoolMode?.failed(e),
      written: (b, after) => {
        this.spoolMode?.succeeded();
        this.onWritten(b, after);
      },
    };
  }

  private onFirstFailure(batch: SinkBatch, error: SinkWriteError): void {
    const { logger, reportError } = this.deps;
    // butler_sos_errors points must never cause error reports: that was Butler's write storm (docs/compatibility.md
    // D6.5).
    if (batch.module === 'ERROR_EVENTS') {
      logger.debug({ destination: this.id, kind: error.kind, err: error.details }, 'Error-event batch write failed.');
      return;
    }
    const errorType = this.sink.errorType;
    if (errorType && reportError) {
      const context = this.sink.errorContext?.(batch.module) ?? {};
      reportError({
        t: 'error',
        type: errorType,
        module: batch.module as ErrorModule,
        serverName: batch.serverName,
        err: error.details,
        at: this.clock.now(),
        ...context,
      });
    }
    if (error.kind === 'rejected') this.logRejected(batch, error);
    else this.logFailing(error);
  }

  private logRejected(batch: SinkBatch, error: SinkWriteError): void {
    const offending = error.offending.slice(0, OFFENDING_LINES_LOGGED).map((l) => l.slice(0, OFFENDING_CHARS_LOGGED));
    this.deps.logger.error(
      { destination: this.id, module: batch.module, lines: batch.lines, rejectedLines: error.rejectedLines ?? batch.lines, offending, err: error.details },
      'Destination rejected lines of a batch; they are dropped and not retried.',
    );
  }

  private logFailing(error: SinkWriteError): void {
    const now = this.clock.now();
    const first = this.failingSince === 0;
    if (!first && now - this.lastFailureLogAt < STILL_FAILING_LOG_MS) return;
    if (first) this.failingSince = now;
    this.lastFailureLogAt = now;
    const fields = { destination: this.id, target: this.sink.target, kind: error.kind, err: error.details, failingForMs: now - this.failingSince };
    if (error.kind === 'config') this.deps.logger.error(fields, 'Destination refuses writes (check its configuration); retrying slowly.');
    else this.deps.logger.warn(fields, first ? 'Destination write failed; retrying with backoff.' : 'Destination still failing; retrying with backoff.');
  }

  private onWritten(_batch: SinkBatch, afterFailure: boolean): void {
    if (!afterFailure || this.failingSince === 0) return;
    this.deps.logger.info({ destination: this.id, downForMs: this.clock.now() - this.failingSince }, 'Destination accepts writes again.');
    this.failingSince = 0;
    this.lastFailureLogAt = 0;
  }
}
