// A parse worker's old generation. V8 lets an old generation grow at least 8 MB past what the last full
// collection kept before it collects again (its minimum growing step, whatever --heap-growing-percent says), and
// a busy parse worker promotes a steady trickle of short-lived garbage (events of a slice that were in flight
// during two scavenges), so that space fills: ~16 MB of old space for ~7 MB that is live, in each parse worker.
// After every TRIM_CHECK_EVERY slices the worker reads its old space and collects in full once it holds
// TRIM_SLACK_BYTES more than after the last collection. Measured on the 2-core bench machine (docs/tuning.md
// "Memory"): ~10 MB less peak RSS at 45,000-50,000 events/s with two parse workers, at one full collection per
// ~4 s per worker of a ~7 MB heap. Like the writer's body reclaim (body-reclaim.ts), it needs the `gc` that
// src/threads/v8-tuning.ts exposes; without it the trim only measures.
import { getHeapSpaceStatistics } from 'node:v8';
import { exposedGc, type CollectGarbage } from './body-reclaim.js';

export const TRIM_CHECK_EVERY = 16;
export const TRIM_SLACK_BYTES = 3 * 1024 * 1024;

/** Bytes in use in V8's old space of this thread. */
export function oldSpaceUsedBytes(): number {
  for (const space of getHeapSpaceStatistics()) if (space.space_name === 'old_space') return space.space_used_size;
  return 0;
}

export class OldSpaceTrim {
  private slices = 0;
  /** Old-space bytes after the last full collection (or the lowest seen before the first). */
  private floor = -1;
  /** Full collections asked for so far. */
  collections = 0;

  constructor(
    private readonly usedBytes: () => number = oldSpaceUsedBytes,
    private readonly collect: CollectGarbage | undefined = exposedGc(),
  ) {}

  /** Called by the parse worker after each slice. */
  afterSlice(): void {
    if (++this.slices % TRIM_CHECK_EVERY !== 0) return;
    const used = this.usedBytes();
    // V8's own full collections lower the floor too.
    if (this.floor < 0 || used < this.floor) this.floor = used;
    if (used - this.floor <= TRIM_SLACK_BYTES || this.collect === undefined) return;
    this.collect('major');
    this.collections++;
    this.floor = this.usedBytes();
  }
}
