import { parentPort, workerData } from 'node:worker_threads';
import type { ControlCall, ControlReply } from './control.js';
import { crashHandler as testFaultHandlers } from './test-faults.js';

export type ControlHandlers = Record<string, (args: never) => unknown>;

/** The optional `crash` handler: runs synchronously when the thread dies of an uncaught error. */
export type CrashHandler = () => unknown;

/**
 * Runs inside a dedicated thread: calls `init` with the thread's workerData, reports ready (or the init
 * error) to the supervisor, then answers control calls with the returned handlers until the thread ends.
 * An uncaught error or unhandled rejection runs the `crash` handler (the writer saves its queues, the
 * tracker posts its counters), reports `{ t: 'crashed', error, final }` to the supervisor, and ends the thread
 * with code 1 so the supervisor restarts it (after the thread's SafetyNet, if it has one, wrote the crash dump).
 */
export function serveThread<D>(init: (data: D) => Promise<ControlHandlers>): void {
  const port = parentPort;
  if (!port) throw new Error('serveThread must run inside a worker thread');
  let crashHandler: CrashHandler | undefined;
  let crashed = false;
  const onFatal = (err: unknown): void => {
    if (crashed) return;
    crashed = true;
    let final: unknown;
    try {
      final = crashHandler?.();
    } catch (inner) {
      final = { crashHandlerError: inner instanceof Error ? inner.message : String(inner) };
    }
    port.postMessage({ t: 'crashed', error: err instanceof Error ? (err.stack ?? err.message) : String(err), final });
    setImmediate(() => process.exit(1));
  };
  // First in line: the thread's SafetyNet (src/crash/safety-net.ts) writes the crash dump and exits
  // synchronously, so the crash handler and the report to the supervisor must run before it.
  process.prependListener('uncaughtException', onFatal);
  process.prependListener('unhandledRejection', onFatal);
  init(workerData as D).then(
    (own) => {
      crashHandler = own.crash as CrashHandler | undefined;
      const handlers = { ...own, ...testFaultHandlers() };
      port.on('message', (msg: ControlCall) => {
        if (msg?.t === 'call') void answer(handlers, msg);
      });
      port.postMessage({ t: 'ready' });
    },
    (err: unknown) => {
      port.postMessage({ t: 'ready', error: err instanceof Error ? err.message : String(err) });
      // Let the message flush before the thread ends with a failure code.
      setImmediate(() => process.exit(1));
    },
  );

  async function answer(handlers: ControlHandlers, call: ControlCall): Promise<void> {
    const reply: ControlReply = { t: 'reply', id: call.id, ok: true };
    try {
      const handler = call.method === 'crash' ? undefined : handlers[call.method];
      if (!handler) throw new Error(`unknown control method "${call.method}"`);
      reply.value = await handler(call.args as never);
    } catch (err) {
      reply.ok = false;
      reply.error = err instanceof Error ? err.message : String(err);
    }
    port!.postMessage(reply);
    // The control port keeps the thread alive; once `stop` has answered there is nothing left to run.
    // process.exit in a worker ends only this thread (after the reply above is flushed).
    if (call.method === 'stop' && reply.ok) setImmediate(() => process.exit(0));
  }
}
