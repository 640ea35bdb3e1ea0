// Batch bodies are SharedArrayBuffers (src/publish/body-builder.ts). Their memory goes back only once every
// thread that held one has garbage-collected its handle, and a writer allocates so little JavaScript of its
// own that V8 scavenges it about once a second at 20,000 events/s: bodies it finished with long ago stayed
// resident until then, a saw tooth of ~50 MB/s that lifted the collector's peak RSS by ~45 MB (docs/tuning.md,
// "Memory"). The writer therefore asks for a young-generation collection every RECLAIM_MINOR_BYTES of bodies it
// receives (a scavenge of its small young generation takes well under a millisecond), and a full one every
// RECLAIM_MAJOR_BYTES for the bodies that were still queued during two scavenges and so moved to the old
// generation. `gc` is on every thread's global because src/threads/v8-tuning.ts sets --expose-gc before
// any worker starts.

/** Bodies received between two young-generation collections. */
export const RECLAIM_MINOR_BYTES = 4 * 1024 * 1024;
/** Bodies received between two full collections. */
export const RECLAIM_MAJOR_BYTES = 64 * 1024 * 1024;

/** A synchronous young-generation (`minor`) or full (`major`) collection of this thread's heap. */
export type CollectGarbage = (kind: 'minor' | 'major') => void;

/**
 * Returns the function the writer calls with each received body's size. Without an exposed `gc` (the flag
 * was not applied) it only counts.
 */
export function bodyReclaimer(collect: CollectGarbage | undefined = exposedGc()): (bytes: number) => void {
  let sinceMinor = 0;
  let sinceMajor = 0;
  return (bytes) => {
    sinceMinor += bytes;
    sinceMajor += bytes;
    if (sinceMinor < RECLAIM_MINOR_BYTES || collect === undefined) return;
    sinceMinor = 0;
    if (sinceMajor >= RECLAIM_MAJOR_BYTES) {
      sinceMajor = 0;
      collect('major');
    } else {
      collect('minor');
    }
  };
}

type ExposedGc = (options?: { type: 'minor'; execution: 'sync' }) => void;

/**
 * Collections through the global `gc` that --expose-gc gives every thread (src/threads/v8-tuning.ts); undefined
 * without the flag. A full collection is `gc()` without options: on Node.js 20, `gc({ type: 'major' })` runs a
 * young-generation collection only (V8 11.3; Node.js 22 runs a full one), which left the writer's "full"
 * collections as scavenges until this was measured (test/unit/threads/body-reclaim.test.ts).
 */
export function exposedGc(): CollectGarbage | undefined {
  const gc = (globalThis as { gc?: unknown }).gc;
  if (typeof gc !== 'function') return undefined;
  const run = gc as ExposedGc;
  return (kind) => (kind === 'minor' ? run({ type: 'minor', execution: 'sync' }) : run());
}
