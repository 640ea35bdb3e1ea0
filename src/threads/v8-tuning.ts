// V8 settings that must be in force before any worker thread exists: V8 flags are process-wide, and a worker's
// heap reads them when the worker starts. Applied once by the main thread right after the configuration loaded,
// before the logger's transport thread and every collector thread start.
import { setFlagsFromString } from 'node:v8';
import type { Config } from '../config/schema/index.js';

/** The young generation (MB) of threads that handle little data: tracker, http, poller, the log-file writer. */
export const LIGHT_THREAD_YOUNG_GENERATION_MB = 4;

/**
 * Undoes a `--max-semi-space-size` given on node's command line (or in NODE_OPTIONS) for the threads started
 * afterwards. That flag is the only way to bound the main thread's young generation (its heap exists before any
 * code runs), but V8 lets it override a worker's resourceLimits; with 0 each worker again gets the young
 * generation the collector gives it (`threads.workerYoungGenerationMb`, LIGHT_THREAD_YOUNG_GENERATION_MB).
 */
export const WORKERS_OWN_SEMI_SPACE = '--max-semi-space-size=0';

/** Gives every thread started afterwards a global `gc` (the writer's body reclaim and the parse workers' old-space trim call it). */
export const EXPOSE_GC = '--expose-gc';

/**
 * Old generations grow by 20 % of what the last full collection kept, not V8's 1.1-4×: each collector thread
 * keeps ~10 MB and promotes a little garbage all the time, so by default a parse worker's old space doubled
 * between two full collections (docs/tuning.md, "Memory").
 */
export const OLD_GENERATION_GROWTH = '--heap-growing-percent=20';

/**
 * WebAssembly stays on V8's baseline compiler. The only WebAssembly in the collector is undici's HTTP parser;
 * its optimising compile took ~40 MB of malloc for half a second when the first writes went out, which set
 * the collector's peak RSS, and the baseline code parses the few responses a second a writer gets.
 */
export const WASM_BASELINE_ONLY = '--liftoff-only';

/** The V8 flags `threads.*` asks for (exported for tests and the start-up log). */
export function v8Flags(config: Pick<Config, 'threads'>): string[] {
  // Each young-generation collection of a busy thread keeps ~60 KB: copying it takes well under a millisecond
  // on the thread itself, while a parallel scavenge waited for helper threads the collector's own threads kept
  // off the cores.
  // --expose-gc: the writer collects the batch bodies it is done with (src/threads/body-reclaim.ts), a parse
  // worker its promoted garbage (src/threads/old-space-trim.ts).
  return [
    config.threads.parallelScavenge ? '--parallel-scavenge' : '--no-parallel-scavenge',
    WORKERS_OWN_SEMI_SPACE,
    EXPOSE_GC,
    OLD_GENERATION_GROWTH,
    WASM_BASELINE_ONLY,
  ];
}

export function applyV8Tuning(config: Pick<Config, 'threads'>): string[] {
  const flags = v8Flags(config);
  for (const flag of flags) setFlagsFromString(flag);
  return flags;
}
