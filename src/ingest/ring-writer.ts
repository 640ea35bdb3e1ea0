import { performance } from 'node:perf_hooks';
import {
  CONTROL_BYTES,
  CONTROL_SLOTS,
  Ctl,
  MAX_RING_BYTES,
  MIN_RING_BYTES,
  RECORD_ALIGN,
  RECORD_HEADER_BYTES,
  REC_FLAGS,
  REC_IPV4,
  REC_KIND,
  REC_PORT,
  REC_RESERVED,
  REC_TIME_US,
  WRAP_MARKER,
  type SocketKindValue,
} from './ring-layout.js';
import { RingSlice, type SliceSink } from './ring-slice.js';

// How often the µs clock is compared with the wall clock. performance.now() is monotonic and does not follow
// NTP adjustments, so over days it drifts from Date.now(); InfluxDB points are keyed by this time.
const CLOCK_RECHECK_MS = 10_000;
// Date.now() has 1 ms resolution: smaller differences are noise, not drift.
const CLOCK_DRIFT_TOLERANCE_US = 1_000;
// The writer goes back to offset 0 as soon as the records not yet released sit this far from the start (and
// the start has room for several times their bytes), instead of running on to the end of the ring. Every
// page of a SharedArrayBuffer the writer touches stays resident, so a ring that always ran to the end cost
// its full size (32 MiB by default) within seconds of load; wrapping early keeps the pages in use at a few
// times the bytes in flight, and the rest of the ring is touched only by a backlog that needs it.
export const EARLY_WRAP_MIN_BYTES = 1024 * 1024;
// The room at the start must hold this many times the bytes in flight: until the slices before the wrap are
// released, the writer's space ends at the read offset.
const EARLY_WRAP_HEADROOM = 4;

/**
 * The main-thread (single-producer) side of one datagram ring. It copies datagrams in, keeps the open
 * slice (records since the last close), a FIFO of closed slices not yet released, and is the only code that
 * moves the read and write offsets. Never blocks: a record that does not fit is dropped and counted.
 */
export class RingWriter {
  readonly sab: SharedArrayBuffer;
  readonly capacity: number;
  readonly kind: SocketKindValue;
  readonly id: number;
  /** Control words; the listener adds its counters here too. */
  readonly control: Int32Array;

  private readonly u8: Uint8Array;
  private readonly u16: Uint16Array;
  private readonly u32: Uint32Array;
  private readonly f64: Float64Array;

  private writeOffset = 0;
  private readOffset = 0;
  private used = 0;
  /** Bytes of `used` that are tails skipped by an early wrap (free, only not yet reachable). */
  private skipped = 0;
  private published = 0;

  private openStart = 0;
  private openBytes = 0;
  private openRecords = 0;
  private sliceSeq = 0;
  private readonly fifo: Array<RingSlice | undefined> = [];
  private fifoHead = 0;
  private sink: SliceSink | null = null;

  private clockAnchorUs: number;
  private lastClockCheckMs: number;
  private lastTimeUs = 0;

  /**
   * A ring with a data region of `bytes` (rounded down to a multiple of 8). `id` is what RingTask.ring
   * carries; it defaults to the socket kind so a worker can index its rings by kind.
   */
  static create(bytes: number, kind: SocketKindValue, id: number = kind): RingWriter {
    if (!Number.isInteger(bytes) || bytes < MIN_RING_BYTES || bytes > MAX_RING_BYTES) {
      throw new RangeError(`ring size must be an integer from ${MIN_RING_BYTES} to ${MAX_RING_BYTES} bytes, got ${bytes}`);
    }
    const capacity = bytes - (bytes % RECORD_ALIGN);
    return new RingWriter(new SharedArrayBuffer(CONTROL_BYTES + capacity), capacity, kind, id);
  }

  private constructor(sab: SharedArrayBuffer, capacity: number, kind: SocketKindValue, id: number) {
    this.sab = sab;
    this.capacity = capacity;
    this.kind = kind;
    this.id = id;
    this.control = new Int32Array(sab, 0, CONTROL_SLOTS);
    this.u8 = new Uint8Array(sab, CONTROL_BYTES, capacity);
    this.u16 = new Uint16Array(sab, CONTROL_BYTES, capacity >> 1);
    this.u32 = new Uint32Array(sab, CONTROL_BYTES, capacity >> 2);
    this.f64 = new Float64Array(sab, CONTROL_BYTES, capacity >> 3);
    Atomics.store(this.control, Ctl.CAPACITY, capacity);
    Atomics.store(this.control, Ctl.SOCKET_KIND, kind);
    this.clockAnchorUs = performance.timeOrigin * 1000;
    this.lastClockCheckMs = performance.now();
  }

  /** The dispatcher registers here to receive every closed slice. */
  attach(sink: SliceSink): void {
    this.sink = sink;
  }

  /**
   * Copies one datagram into the ring. Returns false (and counts DROPPED_RING_FULL) when it does not fit.
   * A record that would run past the end of the data region closes the open slice, leaves a wrap marker and
   * goes to offset 0; a slice therefore never crosses the wrap.
   */
  write(payload: Uint8Array, remoteIPv4: number, remotePort: number): boolean {
    const length = payload.length;
    const size = (RECORD_HEADER_BYTES + length + RECORD_ALIGN - 1) & ~(RECORD_ALIGN - 1);
    const at = this.reserve(size);
    if (at < 0) {
      Atomics.add(this.control, Ctl.DROPPED_RING_FULL, 1);
      return false;
    }
    this.u32[at >> 2] = length;
    this.u32[(at + REC_IPV4) >> 2] = remoteIPv4;
    this.u16[(at + REC_PORT) >> 1] = remotePort;
    this.u8[at + REC_KIND] = this.kind;
    this.u8[at + REC_FLAGS] = 0;
    this.u32[(at + REC_RESERVED) >> 2] = 0;
    this.f64[(at + REC_TIME_US) >> 3] = this.nextTimeUs();
    this.u8.set(payload, at + RECORD_HEADER_BYTES);

    if (this.openRecords === 0) this.openStart = at;
    this.openRecords++;
    this.openBytes += size;
    this.used += size;
    const end = at + size;
    if (end === this.capacity) {
      // Exactly full to the end: the next record starts at 0, so the open slice must end here.
      this.writeOffset = 0;
      this.closeSlice();
    } else {
      this.writeOffset = end;
    }
    Atomics.store(this.control, Ctl.WRITE_OFFSET, this.writeOffset);
    Atomics.store(this.control, Ctl.BYTES_USED, this.used - this.skipped);
    this.published = (this.published + 1) | 0;
    Atomics.store(this.control, Ctl.PUBLISH_SEQ, this.published);
    return true;
  }

  /** Records in the open slice. */
  get openCount(): number {
    return this.openRecords;
  }

  /** Closes the open slice and passes it to the sink; null when it is empty. */
  closeSlice(): RingSlice | null {
    if (this.openRecords === 0) return null;
    const slice = new RingSlice(this.id, this.sliceSeq++, this.openStart, this.openStart + this.openBytes, this.openRecords, this.capacity);
    this.openRecords = 0;
    this.openBytes = 0;
    this.fifo.push(slice);
    this.recheckClock();
    if (this.sink !== null) this.sink.sliceClosed(slice);
    return slice;
  }

  /**
   * Marks a slice finished. The read offset advances over finished slices in order only, so a slice that
   * finishes early keeps its bytes until every older slice has finished too.
   */
  release(slice: RingSlice): void {
    if (slice.done) return;
    slice.done = true;
    const fifo = this.fifo;
    let head = this.fifoHead;
    while (head < fifo.length) {
      const oldest = fifo[head];
      if (oldest === undefined || !oldest.done) break;
      fifo[head] = undefined;
      head++;
      this.used -= oldest.freeBytes;
      this.skipped -= oldest.skippedBytes;
      this.readOffset = oldest.nextStart;
    }
    if (head === fifo.length) {
      fifo.length = 0;
      head = 0;
    } else if (head > 1024 && head * 2 > fifo.length) {
      fifo.splice(0, head);
      head = 0;
    }
    this.fifoHead = head;
    Atomics.store(this.control, Ctl.READ_OFFSET, this.readOffset);
    Atomics.store(this.control, Ctl.BYTES_USED, this.used - this.skipped);
  }

  /** Bytes held by records not yet released (and the short tails a wrap skipped); early-wrap skips are not. */
  get bytesUsed(): number {
    return this.used - this.skipped;
  }

  /** Closed slices not yet released. */
  get unreleasedSlices(): number {
    return this.fifo.length - this.fifoHead;
  }

  /** Where a record of `size` bytes goes, or -1 when it does not fit. May wrap (closing the open slice). */
  private reserve(size: number): number {
    const capacity = this.capacity;
    if (size > capacity) return -1;
    const w = this.writeOffset;
    const r = this.readOffset;
    if (this.used === 0) {
      if (size <= capacity - w && w < EARLY_WRAP_MIN_BYTES) return w;
      // Empty ring, and no room before the end or far from the start: start over at 0 (nothing unreleased
      // can refer to the old offsets).
      this.writeOffset = this.readOffset = 0;
      Atomics.store(this.control, Ctl.READ_OFFSET, 0);
      return 0;
    }
    if (w > r) {
      if (r >= EARLY_WRAP_MIN_BYTES && r >= EARLY_WRAP_HEADROOM * (w - r + size)) {
        this.wrap(w, true);
        return 0;
      }
      if (size <= capacity - w) return w;
      if (size > r) return -1;
      this.wrap(w);
      return 0;
    }
    // w < r: free space is [w, r). w === r with used > 0 means full.
    return size <= r - w ? w : -1;
  }

  /**
   * Skips the tail [w, capacity): closes the open slice and charges the tail to the newest slice. An early
   * wrap's tail is free space the writer chose not to use yet, so it does not count in bytesUsed.
   */
  private wrap(w: number, early = false): void {
    this.closeSlice();
    const tail = this.capacity - w;
    this.u32[w >> 2] = WRAP_MARKER;
    const newest = this.fifo[this.fifo.length - 1];
    // used > 0 and no open records, so the newest slice exists and precedes the tail.
    if (newest !== undefined) {
      newest.freeBytes += tail;
      newest.nextStart = 0;
      if (early) {
        newest.skippedBytes += tail;
        this.skipped += tail;
      }
    }
    this.used += tail;
    this.writeOffset = 0;
  }

  private nextTimeUs(): number {
    let t = Math.floor(this.clockAnchorUs + performance.now() * 1000);
    if (t <= this.lastTimeUs) t = this.lastTimeUs + 1;
    this.lastTimeUs = t;
    return t;
  }

  /** Follows wall-clock adjustments at most every CLOCK_RECHECK_MS; strict monotony is kept by nextTimeUs. */
  private recheckClock(): void {
    const mono = performance.now();
    if (mono - this.lastClockCheckMs < CLOCK_RECHECK_MS) return;
    this.lastClockCheckMs = mono;
    const anchor = Date.now() * 1000 - mono * 1000;
    if (Math.abs(anchor - this.clockAnchorUs) > CLOCK_DRIFT_TOLERANCE_US) this.clockAnchorUs = anchor;
  }
}
