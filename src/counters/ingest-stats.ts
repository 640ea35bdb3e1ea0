import type { ParseStatsMessage } from '../threads/messages.js';

/**
 * What the parse workers reported for one UDP socket since the last queue-metrics write. Ring-side counters
 * (received, drops before the ring) come from the ring's control words and are merged at write time.
 */
export class IngestStats {
  datagrams = 0;
  processed = 0;
  failed = 0;
  unrecognised = 0;
  droppedByRule = 0;
  excluded = 0;
  rejected = 0;
  /** Per-datagram parse time of each slice, ms; a bounded window like Butler's 1,000-sample buffer. */
  private readonly samples: number[] = [];
  private static readonly MAX_SAMPLES = 1000;

  add(msg: ParseStatsMessage): void {
    this.datagrams += msg.datagrams;
    this.processed += msg.processed;
    this.failed += msg.failed;
    this.unrecognised += msg.unrecognised;
    this.droppedByRule += msg.droppedByRule;
    this.excluded += msg.excluded;
    this.rejected += msg.rejected;
    if (msg.datagrams > 0) {
      if (this.samples.length >= IngestStats.MAX_SAMPLES) this.samples.shift();
      this.samples.push(msg.sliceTimeUs / 1000 / msg.datagrams);
    }
  }

  /** Processing-time summary as Butler computes it: mean, p95 at index ceil(n*0.95)-1, max; 0 when empty. */
  processingTime(): { avgMs: number; p95Ms: number; maxMs: number } {
    const n = this.samples.length;
    if (n === 0) return { avgMs: 0, p95Ms: 0, maxMs: 0 };
    const sorted = [...this.samples].sort((a, b) => a - b);
    let sum = 0;
    for (const v of sorted) sum += v;
    return { avgMs: sum / n, p95Ms: sorted[Math.ceil(n * 0.95) - 1], maxMs: sorted[n - 1] };
  }

  reset(): void {
    this.datagrams = 0;
    this.processed = 0;
    this.failed = 0;
    this.unrecognised = 0;
    this.droppedByRule = 0;
    this.excluded = 0;
    this.rejected = 0;
    this.samples.length = 0;
  }
}
