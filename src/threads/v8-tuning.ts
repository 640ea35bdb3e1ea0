// V8 settings that must be in force before any worker thread exists: V8 flags are process-wide, and a worker's
// heap reads them when the worker starts. Applied once by the main thread right after the configuration loaded,
// before the logger's transport thread and every collector thread start.
import { setFlagsFromString } from 'node:v8';
import type { Config } from '../config/schema/index.js';

/** The young generation (MB) of threads that handle little data: tracker, http, poller, the log-file writer. */
export const LIGHT_THREAD_YOUNG_GENERATION_MB = 4;

/** The V8 flags `threads.*` asks for (exported for tests and the start-up log). */
export function v8Flags(config: Pick<Config, 'threads'>): string[] {
  // Each young-generation collection of a busy thread keeps ~60 KB: copying it takes well under a millisecond
  // on the thread itself, while a parallel scavenge waited for helper threads the collector's own threads kept
  // off the cores.
  return [config.threads.parallelScavenge ? '--parallel-scavenge' : '--no-parallel-scavenge'];
}

export function applyV8Tuning(config: Pick<Config, 'threads'>): string[] {
  const flags = v8Flags(config);
  for (const flag of flags) setFlagsFromString(flag);
  return flags;
}
