// TEST ONLY: makes one thread crash for real, so tests can check crash dumps end to end. Armed only when
// NODE_ENV=test and BUTLER_SOS_TEST_CRASH=<thread>[:exception|rejection[:message]] are both set, and fires
// once per process (a restarted thread does not crash again). Production never sets NODE_ENV=test.

export interface TestCrash {
  thread: string;
  kind: 'exception' | 'rejection';
  message: string;
  /** Int32 flag shared by all threads: 0 = not fired yet. */
  fired: SharedArrayBuffer;
}

export function testCrashFromEnv(env: NodeJS.ProcessEnv): TestCrash | undefined {
  const spec = env.BUTLER_SOS_TEST_CRASH;
  if (env.NODE_ENV !== 'test' || !spec) return undefined;
  const [thread, kind = 'exception', ...message] = spec.split(':');
  return {
    thread,
    kind: kind === 'rejection' ? 'rejection' : 'exception',
    message: message.join(':') || `test crash of thread ${thread}`,
    fired: new SharedArrayBuffer(4),
  };
}

/** Called by every thread once it runs; the named thread throws (or rejects) shortly after. */
export function fireTestCrash(crash: TestCrash | undefined, thread: string): void {
  if (!crash || crash.thread !== thread) return;
  if (Atomics.compareExchange(new Int32Array(crash.fired), 0, 0, 1) !== 0) return;
  setTimeout(() => {
    if (crash.kind === 'rejection') void Promise.reject(new Error(crash.message));
    else throw new Error(crash.message);
  }, 200);
}
