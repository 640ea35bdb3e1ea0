// Test-only fault injection, so tests can kill real threads and stall the main thread. It exists only when
// the process runs with BUTLER_SOS_TEST_FAULTS=1 AND was started with an IPC channel (child_process.fork or
// stdio 'ipc'); no configuration key reaches it, and a service manager starts neither.

export const TEST_FAULTS_ENV = 'BUTLER_SOS_TEST_FAULTS';
/** The control method a thread answers with an uncaught exception (its real crash path). */
export const CRASH_METHOD = '__testCrash';

export function testFaultsEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return env[TEST_FAULTS_ENV] === '1';
}

/** Thread side: the crash handler to add to a thread's control handlers, or none. */
export function crashHandler(): Record<string, () => boolean> {
  if (!testFaultsEnabled()) return {};
  return {
    [CRASH_METHOD]: () => {
      // Late enough for this call's reply to reach the supervisor first.
      setTimeout(() => {
        throw new Error('test fault: thread crashed on purpose');
      }, 100);
      return true;
    },
  };
}

export type FaultRequest = { fault: 'crash-thread'; thread: string } | { fault: 'block-main'; ms: number };

export interface FaultTarget {
  crashThread(name: string): Promise<void>;
}

/** Main side: answers fault requests arriving over the IPC channel; does nothing without both gates. */
export function installTestFaults(target: FaultTarget): void {
  if (!testFaultsEnabled() || typeof process.send !== 'function') return;
  process.on('message', (msg: FaultRequest) => {
    void apply(target, msg).then(
      () => process.send?.({ fault: msg.fault, ok: true }),
      (err: Error) => process.send?.({ fault: msg.fault, ok: false, error: err.message }),
    );
  });
  // The IPC channel must not keep a collector alive that was asked to stop.
  process.channel?.unref();
}

async function apply(target: FaultTarget, msg: FaultRequest): Promise<void> {
  if (msg.fault === 'crash-thread') return target.crashThread(msg.thread);
  // A busy loop: exactly what a stuck event loop looks like to the http thread.
  const end = Date.now() + msg.ms;
  while (Date.now() < end);
}
