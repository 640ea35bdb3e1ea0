// Which sequence numbers of one bench step reached the destination, how often, and when. A bitset gives exact
// unique and duplicate counts; every SAMPLE_EVERY-th sequence number also records its arrival time for the
// latency percentiles (bounded: MAX_SAMPLES per step).

/** Sequence numbers per bench step: step k uses [k × STEP_SPAN, (k + 1) × STEP_SPAN). */
export const STEP_SPAN = 100_000_000;
export const SAMPLE_EVERY = 4;
const MAX_SAMPLES = 1_000_000;

export interface StepSnapshot {
  step: number;
  unique: number;
  duplicates: number;
  /** Highest sequence number seen, relative to the step's base; -1 when none. */
  maxOffset: number;
  sampleSeqs: Float64Array;
  sampleTimes: Float64Array;
}

class StepTracker {
  private bits = new Uint8Array(1 << 16);
  unique = 0;
  duplicates = 0;
  maxOffset = -1;
  private seqs = new Float64Array(4096);
  private times = new Float64Array(4096);
  private samples = 0;

  constructor(readonly step: number) {}

  add(offset: number, seq: number, arrivalMs: number): void {
    const byte = offset >>> 3;
    if (byte >= this.bits.length) this.growBits(byte);
    const mask = 1 << (offset & 7);
    if ((this.bits[byte] & mask) !== 0) {
      this.duplicates++;
      return;
    }
    this.bits[byte] |= mask;
    this.unique++;
    if (offset > this.maxOffset) this.maxOffset = offset;
    if (seq % SAMPLE_EVERY === 0 && this.samples < MAX_SAMPLES) {
      if (this.samples === this.seqs.length) this.growSamples();
      this.seqs[this.samples] = seq;
      this.times[this.samples] = arrivalMs;
      this.samples++;
    }
  }

  snapshot(): StepSnapshot {
    return {
      step: this.step, unique: this.unique, duplicates: this.duplicates, maxOffset: this.maxOffset,
      sampleSeqs: this.seqs.slice(0, this.samples), sampleTimes: this.times.slice(0, this.samples),
    };
  }

  private growBits(byte: number): void {
    let size = this.bits.length;
    while (size <= byte) size *= 2;
    const bits = new Uint8Array(size);
    bits.set(this.bits);
    this.bits = bits;
  }

  private growSamples(): void {
    const seqs = new Float64Array(this.seqs.length * 2);
    const times = new Float64Array(this.times.length * 2);
    seqs.set(this.seqs);
    times.set(this.times);
    this.seqs = seqs;
    this.times = times;
  }
}

export class SeqTracker {
  private readonly steps = new Map<number, StepTracker>();
  /** Tokens of another run id (an earlier bench run still draining, or a stale sender). */
  foreign = 0;

  constructor(private readonly runId: number) {}

  add(runId: number, seq: number, arrivalMs: number): void {
    if (runId !== this.runId) {
      this.foreign++;
      return;
    }
    const step = Math.floor(seq / STEP_SPAN);
    let tracker = this.steps.get(step);
    if (tracker === undefined) {
      tracker = new StepTracker(step);
      this.steps.set(step, tracker);
    }
    tracker.add(seq - step * STEP_SPAN, seq, arrivalMs);
  }

  snapshot(step: number): StepSnapshot {
    return (this.steps.get(step) ?? new StepTracker(step)).snapshot();
  }
}
