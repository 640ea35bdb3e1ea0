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

/** The V8 flags `threads.*` asks for (exported for tests and the start-up log). */
export function v8Flags(config: Pick<Config, 'threads'>): string[] {
  // Each young-generation collection of a busy thread keeps ~60 KB: copying it takes well under a millisecond
  // on the thread itself, while a parallel scavenge waited for helper threads the collector's own threads kept
  // off the cores.
  return [config.threads.parallelScavenge ? '--parallel-scavenge' : '--no-parallel-scavenge', WORKERS_OWN_SEMI_SPACE];
}

export function applyV8Tuning(config: Pick<Config, 'threads'>): string[] {
  const flags = v8Flags(config);
  for (const flag of flags) setFlagsFromString(flag);
  return flags;
}
