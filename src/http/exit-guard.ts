// uWebSockets.js sockets live on the worker thread's libuv loop outside Node's handle tracking. If that thread
// is torn down while they are open (worker.terminate(), or process.exit() anywhere while it runs), Node aborts
// the whole process with "uv_loop_close() while having open handles" (exit code 134, no clean shutdown).
//
// The guard is a tiny SharedArrayBuffer handed to the http thread in workerData. The main thread raises the
// flag and waits (briefly, synchronously: this must work inside a process 'exit' listener) until the http
// thread has closed its sockets; the thread watches the flag with Atomics.waitAsync, so nothing polls.

// Atomics.waitAsync is in Node 16+ but in TypeScript's lib only from ES2024 (we compile against ES2023).
type WaitAsync = (ta: Int32Array, index: number, value: number) => { async: boolean; value: Promise<string> | string };
const waitAsync = (Atomics as unknown as { waitAsync: WaitAsync }).waitAsync;

const REQUEST = 0;
const DONE = 1;

/** Main-thread side. Create one per http thread, pass `sab` in workerData, call install() once. */
export class HttpExitGuard {
  readonly sab = new SharedArrayBuffer(8);
  private readonly flags = new Int32Array(this.sab);
  private readonly onExit = (): void => {
    this.closeSync();
  };

  /** Runs closeSync() when the process exits for any reason (process.exit included). */
  install(): this {
    process.on('exit', this.onExit);
    return this;
  }

  dispose(): void {
    process.off('exit', this.onExit);
  }

  /**
   * Asks the http thread to close its sockets now and waits up to `timeoutMs` for it. Call before
   * worker.terminate(). Returns false when the thread did not confirm (not running, or busy).
   */
  closeSync(timeoutMs = 500): boolean {
    if (Atomics.load(this.flags, DONE) === 1) return true;
    Atomics.store(this.flags, REQUEST, 1);
    Atomics.notify(this.flags, REQUEST);
    return Atomics.wait(this.flags, DONE, 0, timeoutMs) !== 'timed-out';
  }
}

/** Thread side: calls `closeNow` when the main thread raises the flag, then confirms. */
export function watchExitGuard(sab: SharedArrayBuffer | undefined, closeNow: () => void): void {
  if (!sab) return;
  const flags = new Int32Array(sab);
  const confirm = (): void => {
    Atomics.store(flags, DONE, 1);
    Atomics.notify(flags, DONE);
  };
  const act = (): void => {
    closeNow();
    // The socket handles finish closing on the next loop turn; confirm after it.
    setImmediate(confirm);
  };
  if (Atomics.load(flags, REQUEST) === 1) {
    act();
    return;
  }
  const waiting = waitAsync(flags, REQUEST, 0);
  if (waiting.async) void (waiting.value as Promise<string>).then(act);
  else act();
}
