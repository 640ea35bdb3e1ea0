import Type from 'typebox';
import { Int } from './common.js';

// New keys of this edition: thread counts and the UDP ingest path (docs/architecture.md#ring-buffer, docs/tuning.md).
// All optional; `auto` values are resolved against the core count by ../resolve.ts.

const AutoOrAtLeastOne = () =>
  Type.Union([Type.Literal('auto'), Type.Integer({ minimum: 1, maximum: 1024 })], { default: 'auto' });

export const ThreadsSection = Type.Object({
  parseWorkers: AutoOrAtLeastOne(),
  writerWorkers: Int(1, { minimum: 1, maximum: 64 }),
  // V8's young generation of the parse and writer threads (Worker resourceLimits.maxYoungGenerationSizeMb; the
  // light threads get at most 4 MB, src/threads/v8-tuning.ts); 0 = V8's own
  // size (up to ~48 MB per busy thread). Short-lived garbage is what a thread makes per event, so this is the
  // part of each thread's memory that grows with load (docs/tuning.md "Memory").
  workerYoungGenerationMb: Int(8, { minimum: 0, maximum: 1024 }),
  // V8's parallel scavenging: helper threads join each young-generation collection. Off by default: every
  // collector thread allocates per event, so the cores are already busy and each collection waited for helpers
  // to be scheduled (docs/tuning.md "Garbage collection"). Process-wide, applied at start.
  parallelScavenge: Type.Boolean({ default: false }),
});

const MIB = 1024 * 1024;

// The ring's records are 8-byte aligned, so its size must be too; a SharedArrayBuffer above 1 GiB is refused by
// some platforms and is far beyond what a burst needs.
const RingBytes = (value: number) => Int(value, { minimum: MIB, maximum: 1024 * MIB, multipleOf: 8 });

export const IngestSection = Type.Object({
  logEvents: Type.Object({ ringBytes: RingBytes(32 * MIB) }),
  userEvents: Type.Object({ ringBytes: RingBytes(8 * MIB) }),
  sliceMaxDatagrams: Int(512, { minimum: 1, maximum: 65536 }),
  // 25 ms, not 5: every slice costs the same fixed work (a parse task, a stats message, a batch per destination),
  // and below ~100,000 events/s slices close by time, so the delay sets that cost (docs/tuning.md "Slices").
  sliceMaxDelayMs: Int(25, { minimum: 1, maximum: 1000 }),
  maxSlicesInFlight: AutoOrAtLeastOne(),
  udpReceiveBufferBytes: Int(8 * MIB, { minimum: 0, maximum: 1024 * MIB }),
});

// The periodic one-line summary at info of what arrived and what was written (src/counters/activity-summary.ts).
export const ActivitySummarySection = Type.Object({
  /** Milliseconds between two lines; 0 = no summary lines. */
  intervalMs: Int(60_000, { minimum: 0 }),
});
