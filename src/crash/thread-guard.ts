// One call per worker thread: crash dumps for its uncaught errors (src/crash/safety-net.ts), and the
// test-only crash trigger (src/crash/test-crash.ts).
import { packageVersion } from '../cli/args.js';
import type { AppLogger } from '../log/logger.js';
import type { CrashConfig } from './crash-dump.js';
import { SafetyNet } from './safety-net.js';
import { fireTestCrash, type TestCrash } from './test-crash.js';

export interface GuardedThreadData {
  config: unknown;
  testCrash?: TestCrash;
}

export function guardThread(data: GuardedThreadData, thread: string, logger: AppLogger, beforeExit?: () => void): SafetyNet {
  // Parse workers belong to Piscina: their error must reach the pool (src/pipeline/parse/parse-pool.ts), not end quietly.
  const rethrow = thread === 'parse';
  const net = new SafetyNet({ thread, appVersion: packageVersion(), logger, config: data.config as CrashConfig, beforeExit, rethrow }).install();
  fireTestCrash(data.testCrash, thread);
  return net;
}
