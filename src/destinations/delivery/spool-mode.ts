// When a destination uses its disk spool. Normal operation writes from memory (one lane per module). Once
// the destination has been failing for `graceMs`, or a memory queue would overflow, the destination switches
// to spooling: every memory lane hands what it holds, in order, to the spool and then forwards every new
// message there. A single replay lane writes the spool back, oldest first, retrying with backoff; its
// attempts are also how we notice the destination is back. When the spool is empty again the memory lanes
// take over. Data left in the spool at shutdown (or after a crash) is replayed at the next start, before any
// new data, so the order within a destination survives restarts too. A batch that is on the wire at the switch
// is copied into the spool first (reserved); replay waits in front of the copy until the write answers.

import type { AppLogger } from '../../log/logger.js';
import type { DataModule } from '../../threads/messages.js';
import type { Sink, SinkBatch } from '../sink.js';
import type { SinkWriteError } from '../sink-error.js';
import { DiskSpool, spoolDirectoryFor } from '../spool/disk-spool.js';
import type { SpoolSlot } from '../spool/reservations.js';
import type { Clock, RandomSource, TimerHandle } from '../../clock.js';
import { countDrop, type DeliveryCounters } from './delivery-stats.js';
import { DeliveryLane, type LaneEvents, type SpillFn, type SpillTarget, type SpoolReservation } from './lane.js';
import type { DeliveryOptions, SpoolOptions } from './options.js';

export interface SpoolModeDeps {
  sink: Sink;
  options: DeliveryOptions;
  spool: SpoolOptions;
  counters: DeliveryCounters;
  clock: Clock;
  random: RandomSource;
  logger: AppLogger;
  /** The destination's memory lanes (created on demand). */
  lanes: () => Iterable<DeliveryLane>;
  /** The destination's own handlers (error reports, logging) for the replay lane's writes. */
  events: LaneEvents;
}

const MIN_SEGMENT = 4 * 1024;
const MAX_SEGMENT = 16 * 1024 * 1024;

export class SpoolMode implements SpillTarget {
  readonly spool: DiskSpool;
  readonly lane: DeliveryLane;
  private active = false;
  private stopping = false;
  /** Start of the current run of failures, 0 while writes succeed. */
  private downSince = 0;
  private graceTimer: TimerHandle | undefined;

  constructor(
    destinationId: string,
    private readonly deps: SpoolModeDeps,
  ) {
    const { spool, counters, logger } = deps;
    const segmentBytes = spool.segmentBytes ?? Math.min(MAX_SEGMENT, Math.max(MIN_SEGMENT, Math.floor(spool.maxBytes / 8)));
    this.spool = new DiskSpool(
      { directory: spoolDirectoryFor(spool.directory, destinationId), maxBytes: spool.maxBytes, segmentBytes },
      {
        lost: (reason, lines, records) => countDrop(counters, reason, lines, records),
        corrupt: (records) => (counters.spoolCorruptRecords += records),
      },
      logger,
    );
    // One replay lane for all modules: each batch it takes carries its own module; the lane's name is unused.
    this.lane = new DeliveryLane('LOG_EVENTS', {
      sink: deps.sink,
      buffer: this.spool,
      options: deps.options,
      counters,
      clock: deps.clock,
      random: deps.random,
      replay: true,
      events: {
        firstFailure: (b, e) => deps.events.firstFailure(b, e),
        attemptFailed: (e) => this.failed(e),
        written: (b, after) => {
          this.succeeded();
          deps.events.written(b, after);
        },
        idle: () => this.replayIdle(),
      },
    });
  }

  /** True while new data goes to the spool. */
  get spooling(): boolean {
    return this.active;
  }

  /** Loads what an earlier run left; replay starts right away (before any new data). */
  open(): void {
    let waiting = 0;
    try {
      waiting = this.spool.open();
    } catch (err) {
      this.deps.logger.error({ spool: this.spool.options.directory, err: (err as Error).message }, 'Could not read the spool directory; starting with an empty spool.');
    }
    if (waiting > 0) this.enter(`replaying ${waiting} lines spooled by an earlier run`);
  }

  /** Stores one message in the spool (counted), and lets the replay lane know. */
  readonly spill: SpillFn = (module: DataModule, body: Uint8Array, lines: number, serverName: string) => {
    if (this.spool.append(module, body, lines, serverName)) {
      this.deps.counters.spooledLines += lines;
      this.deps.counters.spooledBatches++;
    }
    if (!this.stopping) this.lane.kick();
  };

  /** Copies a batch that is still on the wire into the spool; replay waits for its write's answer. */
  reserve(batch: SinkBatch): SpoolReservation | undefined {
    const slot = this.spool.reserve(batch.module, batch.body, batch.lines, batch.serverName);
    if (!slot) return undefined;
    let settled = false;
    return {
      settle: (outcome) => {
        if (settled) return;
        settled = true;
        this.settleReserved(slot, batch.lines, outcome);
      },
    };
  }

  /** A memory lane was created: while spooling, it forwards to the spool from its first message. */
  adopt(lane: DeliveryLane): void {
    if (this.active) lane.divert(this);
  }

  /** Called before a message is queued in memory: a queue that would overflow switches to the spool. */
  beforePush(lane: DeliveryLane, lines: number, bytes: number): void {
    if (this.active || lane.isDiverted) return;
    const o = this.deps.options;
    if (lane.queuedLines + lines > o.maxQueuedLines || lane.queuedBytes + bytes > o.maxQueuedBytes) this.enter(`the ${lane.module} queue is full`);
  }

  /** Every failed attempt of any lane of this destination. */
  failed(error: SinkWriteError): void {
    if (error.kind === 'rejected' || this.downSince !== 0) return;
    this.downSince = this.deps.clock.now();
    this.armGrace();
  }

  /** Any accepted write of this destination. */
  succeeded(): void {
    this.downSince = 0;
    this.clearGrace();
  }

  /** Shutdown, first step: no more replay writes; a destination that is failing spools at once. */
  beginStop(): void {
    this.stopping = true;
    this.clearGrace();
    if (this.downSince !== 0) this.enter('shutting down while the destination is failing');
  }

  close(): void {
    this.spool.close();
  }

  private clearGrace(): void {
    if (this.graceTimer !== undefined) this.deps.clock.clearTimer(this.graceTimer);
    this.graceTimer = undefined;
  }

  private armGrace(): void {
    if (this.graceTimer !== undefined || this.active) return;
    const wait = Math.max(0, this.downSince + this.deps.spool.graceMs - this.deps.clock.now());
    this.graceTimer = this.deps.clock.setTimer(() => {
      this.graceTimer = undefined;
      if (this.downSince === 0 || this.active) return;
      const downFor = this.deps.clock.now() - this.downSince;
      if (downFor >= this.deps.spool.graceMs) this.enter(`the destination has been failing for ${downFor} ms`);
      else this.armGrace();
    }, wait);
  }

  private enter(why: string): void {
    if (this.active) return;
    this.active = true;
    this.deps.logger.warn({ spool: this.spool.options.directory, why }, 'Destination data now goes to the disk spool.');
    for (const lane of this.deps.lanes()) lane.divert(this);
  }

  private settleReserved(slot: SpoolSlot, lines: number, outcome: 'written' | 'failed' | 'kept'): void {
    if (outcome === 'written') {
      this.spool.cancel(slot);
    } else if (this.spool.confirm(slot)) {
      this.deps.counters.spooledLines += lines;
      this.deps.counters.spooledBatches++;
    } else {
      // Its segment went to make room while the write was on the wire, and the write failed.
      countDrop(this.deps.counters, 'spool_full', lines, 1);
    }
    if (this.stopping) return;
    this.lane.kick();
    // Passing over the last record (a copy of a written batch) leaves the replay lane idle without a write.
    if (this.lane.inFlightLines === 0 && this.spool.headSeq() === undefined) this.replayIdle();
  }

  private replayIdle(): void {
    if (!this.active || this.stopping || this.spool.headSeq() !== undefined) return;
    this.active = false;
    this.deps.logger.info({ spool: this.spool.options.directory, replayedLines: this.deps.counters.replayedLines }, 'Spool replayed; writing from memory again.');
    for (const lane of this.deps.lanes()) lane.undivert();
  }
}
