// When each sequence number left the sender. The sender sends in short bursts of consecutive sequence numbers
// (one burst per pacing tick, well under a millisecond), so one (first seq, time) pair per burst gives every
// datagram's send time to within the burst's duration. The bench joins it with the sink's arrival times for
// end-to-end latency; no clock travels inside the datagram.

export interface SendLogJson {
  seqs: number[];
  times: number[];
}

export class SendLog {
  private seqs = new Float64Array(1024);
  private times = new Float64Array(1024);
  private size = 0;

  /** `firstSeq` is the first sequence number of a burst that started at `timeMs` (epoch ms, fractional). */
  add(firstSeq: number, timeMs: number): void {
    if (this.size === this.seqs.length) this.grow();
    this.seqs[this.size] = firstSeq;
    this.times[this.size] = timeMs;
    this.size++;
  }

  get length(): number {
    return this.size;
  }

  /** Send time of `seq` (epoch ms), or NaN if it precedes the log. Bursts are added in increasing seq order. */
  timeOf(seq: number): number {
    let lo = 0;
    let hi = this.size - 1;
    if (hi < 0 || seq < this.seqs[0]) return Number.NaN;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.seqs[mid] <= seq) lo = mid;
      else hi = mid - 1;
    }
    return this.times[lo];
  }

  toJSON(): SendLogJson {
    return { seqs: Array.from(this.seqs.subarray(0, this.size)), times: Array.from(this.times.subarray(0, this.size)) };
  }

  static fromJSON(json: SendLogJson): SendLog {
    const log = new SendLog();
    for (let i = 0; i < json.seqs.length; i++) log.add(json.seqs[i], json.times[i]);
    return log;
  }

  private grow(): void {
    const seqs = new Float64Array(this.seqs.length * 2);
    const times = new Float64Array(this.times.length * 2);
    seqs.set(this.seqs);
    times.set(this.times);
    this.seqs = seqs;
    this.times = times;
  }
}
