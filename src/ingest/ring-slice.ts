/**
 * A run of consecutive records in one ring, handed to the parse pool as one task. Slices never cross the
 * wrap: [start, end) is contiguous in the data region. Main-thread object; workers only see RingTask.
 */
export class RingSlice {
  /** Data-region offset where the next slice's bytes begin once this one is released (0 after a wrap). */
  nextStart: number;
  /** Bytes released with this slice: its records plus the tail skipped when the ring wrapped after it. */
  freeBytes: number;
  /** The part of freeBytes the writer skipped by wrapping early (RingWriter: not counted as used). */
  skippedBytes = 0;
  done = false;
  /** Dispatch attempts so far (the dispatcher retries rejected tasks). */
  attempts = 0;

  constructor(
    /** Ring id the slice belongs to (RingTask.ring). */
    readonly ring: number,
    /** Per-ring sequence number, for logs and tests. */
    readonly seq: number,
    readonly start: number,
    readonly end: number,
    /** Number of records (datagrams) in the slice. */
    readonly count: number,
    capacity: number,
  ) {
    this.freeBytes = end - start;
    this.nextStart = end === capacity ? 0 : end;
  }
}

/** What a parse task receives: three numbers and the ring id (the SAB itself is given to workers once). */
export interface RingTask {
  ring: number;
  start: number;
  end: number;
  count: number;
}

/** Receives every slice the writer closes, in order (the dispatcher). */
export interface SliceSink {
  sliceClosed(slice: RingSlice): void;
}
