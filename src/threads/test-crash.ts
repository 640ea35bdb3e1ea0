// Test-only crash trigger for the thread-death tests (test/e2e/thread-crash.e2e.test.ts). Without the
// environment variable it does nothing, and nothing in production sets it:
//   BUTLER_SOS_TEST_CRASH_AFTER=<thread>:<afterMs>:<onceFile>
// makes the thread named <thread> (writer-0, tracker, poller, http, parse) throw an uncaught error afterMs
// after it started; only the first thread to create <onceFile> does, so a restarted thread runs normally.
import { openSync, closeSync } from 'node:fs';

export const TEST_CRASH_ENV = 'BUTLER_SOS_TEST_CRASH_AFTER';

export function armTestCrash(thread: string): void {
  const spec = process.env[TEST_CRASH_ENV];
  if (!spec) return;
  const [name, afterMs, onceFile] = spec.split(':');
  if (name !== thread || !onceFile) return;
  const timer = setTimeout(() => {
    try {
      closeSync(openSync(onceFile, 'wx'));
    } catch {
      return;
    }
    throw new Error(`${TEST_CRASH_ENV}: ${thread} crashes as asked`);
  }, Number(afterMs));
  timer.unref();
}
