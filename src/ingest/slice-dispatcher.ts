import type { AppLogger } from '../log/logger.js';
import { Ctl } from './ring-layout.js';
import type { RingSlice, RingTask, SliceSink } from './ring-slice.js';
import type { RingWriter } from './ring-writer.js';

/** Runs one slice in the parse pool (the supervisor passes `pool.run`). Rejection = the worker crashed. */
export type SliceRunner = (task: RingTask) => Promise<unknown>;

export interface SliceDispatchOptions {
  /** Close the open slice when it holds this many datagrams. */
  sliceMaxDatagrams: number;
  /** Close the open slice this long after its first datagram. */
  sliceMaxDelayMs: number;
  /** Slice tasks running at once; further slices wait in order while the ring absorbs the burst. */
  maxSlicesInFlight: number;
  /** Attempts after the first for a rejected slice before its datagrams count as lost. Default 2. */
  maxRetries?: number;
}

export interface SliceDispatcherStats {
  inFlight: number;
  /** Closed slices waiting for a free in-flight slot. */
  queuedSlices: number;
  /** Datagrams in the open (not yet closed) slice. */
  openDatagrams: number;
  ringBytesUsed: number;
  ringCapacity: number;
  /** ringBytesUsed / ringCapacity × 100. */
  ringUtilisationPct: number;
}

const DEFAULT_MAX_RETRIES = 2;
// Crash logs are rate-limited: a poison datagram sent in a loop must not flood the log.
const CRASH_LOG_INTERVAL_MS = 10_000;

/**
 * Cuts a ring into slices and feeds them to the parse pool with a bounded number in flight. A rejected
 * slice is retried, then given up and counted as lost, so one poison datagram never stalls the ring.
 */
export class SliceDispatcher implements SliceSink {
  readonly ring: RingWriter;
  private readonly run: SliceRunner;
  private readonly logger: AppLogger | undefined;
  private readonly control: Int32Array;
  private readonly maxDatagrams: number;
  private readonly delayMs: number;
  private readonly maxInFlight: number;
  private readonly maxRetries: number;

  private readonly pending: Array<RingSlice | undefined> = [];
  private pendingHead = 0;
  private inFlight = 0;
  private timer: NodeJS.Timeout | null = null;
  private drainWaiters: Array<() => void> = [];
  // Retries (WARN) and losses (ERROR) are throttled separately: a burst of retry warnings must not hide
  // the first loss of data.
  private readonly crashLog = { retry: { lastMs: -Infinity, suppressed: 0 }, lost: { lastMs: -Infinity, suppressed: 0 } };

  constructor(ring: RingWriter, run: SliceRunner, options: SliceDispatchOptions, logger?: AppLogger) {
    for (const key of ['sliceMaxDatagrams', 'sliceMaxDelayMs', 'maxSlicesInFlight'] as const) {
      const value = options[key];
      if (!Number.isInteger(value) || value < 1) throw new RangeError(`\`${key}\` must be a positive integer, got ${value}`);
    }
    const retries = options.maxRetries ?? DEFAULT_MAX_RETRIES;
    if (!Number.isInteger(retries) || retries < 0) throw new RangeError(`\`maxRetries\` must be a non-negative integer, got ${retries}`);
    this.ring = ring;
    this.run = run;
    this.logger = logger;
    this.control = ring.control;
    this.maxDatagrams = options.sliceMaxDatagrams;
    this.delayMs = options.sliceMaxDelayMs;
    this.maxInFlight = options.maxSlicesInFlight;
    this.maxRetries = retries;
    ring.attach(this);
  }

  /** Per datagram: copy into the ring, close the slice when full, start the delay timer on its first record. */
  write(payload: Uint8Array, remoteIPv4: number, remotePort: number): boolean {
    const ring = this.ring;
    if (!ring.write(payload, remoteIPv4, remotePort)) return false;
    const open = ring.openCount;
    if (open >= this.maxDatagrams) ring.closeSlice();
    else if (open === 1) this.armTimer();
    return true;
  }

  /** Closes the open slice now (it is dispatched as soon as a slot is free). */
  flush(): void {
    this.ring.closeSlice();
  }

  /**
   * Shutdown: closes the open slice and resolves true once no slice is queued or in flight, or false when
   * `timeoutMs` passes first (a parse task that never settles must not hang the shutdown). Close the UDP
   * listener before: datagrams that keep arriving open new slices.
   */
  drain(timeoutMs = Infinity): Promise<boolean> {
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    this.flush();
    if (this.idle()) return Promise.resolve(true);
    return new Promise((resolve) => {
      const deadline = Number.isFinite(timeoutMs) ? setTimeout(() => resolve(false), Math.max(0, timeoutMs)) : null;
      this.drainWaiters.push(() => {
        if (deadline !== null) clearTimeout(deadline);
        resolve(true);
      });
    });
  }

  stats(): SliceDispatcherStats {
    const used = this.ring.bytesUsed;
    const capacity = this.ring.capacity;
    return {
      inFlight: this.inFlight,
      queuedSlices: this.pending.length - this.pendingHead,
      openDatagrams: this.ring.openCount,
      ringBytesUsed: used,
      ringCapacity: capacity,
      ringUtilisationPct: (used / capacity) * 100,
    };
  }

  /** SliceSink: the ring closed a slice (by count, timer, flush or wrap). */
  sliceClosed(slice: RingSlice): void {
    this.pending.push(slice);
    this.pump();
  }

  private readonly onTimer = (): void => {
    this.ring.closeSlice();
  };

  private armTimer(): void {
    if (this.timer === null) {
      this.timer = setTimeout(this.onTimer, this.delayMs);
      this.timer.unref();
    } else {
      this.timer.refresh();
    }
  }

  private pump(): void {
    const pending = this.pending;
    while (this.inFlight < this.maxInFlight && this.pendingHead < pending.length) {
      const slice = pending[this.pendingHead]!;
      pending[this.pendingHead++] = undefined;
      this.dispatch(slice);
    }
    if (this.pendingHead === pending.length) {
      pending.length = 0;
      this.pendingHead = 0;
    }
  }

  private dispatch(slice: RingSlice): void {
    slice.attempts++;
    Atomics.add(this.control, slice.attempts === 1 ? Ctl.SLICES_DISPATCHED : Ctl.SLICE_RETRIES, 1);
    this.inFlight++;
    let result: Promise<unknown>;
    try {
      result = this.run({ ring: slice.ring, start: slice.start, end: slice.end, count: slice.count });
    } catch (err) {
      result = Promise.reject(err);
    }
    result.then(
      () => this.completed(slice),
      (err: unknown) => this.rejected(slice, err),
    );
  }

  private completed(slice: RingSlice): void {
    this.inFlight--;
    Atomics.add(this.control, Ctl.SLICES_COMPLETED, 1);
    Atomics.add(this.control, Ctl.DATAGRAMS_COMPLETED, slice.count);
    this.ring.release(slice);
    this.afterSettle();
  }

  private rejected(slice: RingSlice, err: unknown): void {
    this.inFlight--;
    Atomics.add(this.control, Ctl.WORKER_CRASHES, 1);
    const retry = slice.attempts <= this.maxRetries;
    this.logCrash(slice, err, retry);
    if (retry) {
      // Straight back in, ahead of the queue: it is the oldest and holds the read offset.
      this.dispatch(slice);
      return;
    }
    Atomics.add(this.control, Ctl.DATAGRAMS_LOST, slice.count);
    this.ring.release(slice);
    this.afterSettle();
  }

  private afterSettle(): void {
    this.pump();
    if (this.drainWaiters.length > 0 && this.idle()) {
      const waiters = this.drainWaiters;
      this.drainWaiters = [];
      for (const resolve of waiters) resolve();
    }
  }

  private idle(): boolean {
    return this.inFlight === 0 && this.pendingHead === this.pending.length;
  }

  private logCrash(slice: RingSlice, err: unknown, retry: boolean): void {
    if (this.logger === undefined) return;
    const throttle = retry ? this.crashLog.retry : this.crashLog.lost;
    const now = Date.now();
    if (now - throttle.lastMs < CRASH_LOG_INTERVAL_MS) {
      throttle.suppressed++;
      return;
    }
    throttle.lastMs = now;
    const fields = {
      ring: slice.ring,
      slice: slice.seq,
      datagrams: slice.count,
      attempt: slice.attempts,
      suppressedSinceLastLog: throttle.suppressed,
      err: err instanceof Error ? err.message : String(err),
    };
    throttle.suppressed = 0;
    if (retry) this.logger.warn(fields, 'Parse task failed; retrying the slice.');
    else this.logger.error(fields, 'Parse task failed after all retries; the slice datagrams are lost.');
  }
}
