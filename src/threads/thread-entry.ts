import { parentPort, workerData } from 'node:worker_threads';
import type { ControlCall, ControlReply } from './control.js';
import { crashHandler } from './test-faults.js';

export type ControlHandlers = Record<string, (args: never) => unknown>;

/**
 * Runs inside a dedicated thread: calls `init` with the thread's workerData, reports ready (or the init
 * error) to the supervisor, then answers control calls with the returned handlers until the thread ends.
 */
export function serveThread<D>(init: (data: D) => Promise<ControlHandlers>): void {
  const port = parentPort;
  if (!port) throw new Error('serveThread must run inside a worker thread');
  init(workerData as D).then(
    (own) => {
      const handlers = { ...own, ...crashHandler() };
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
      const handler = handlers[call.method];
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
