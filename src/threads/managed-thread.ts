import { Worker } from 'node:worker_threads';
import type { AppLogger } from '../log/logger.js';
import { isControlMessage, type ControlReply } from './control.js';

export interface ManagedThreadOptions {
  /** Thread name for logs and metrics, e.g. `writer-0`. */
  name: string;
  file: URL;
  workerData: unknown;
  logger: AppLogger;
  /** How long start-up (init) may take before it counts as failed. */
  readyTimeoutMs?: number;
  /** Called after every unexpected exit, with the running crash count. */
  onCrash?: (name: string, crashes: number) => void;
  /** Called when a restarted thread is ready again (to restore state such as readiness). */
  onRestarted?: (name: string) => void;
  /** What the thread's crash handler returned before it died of an uncaught error (src/threads/thread-entry.ts). */
  onCrashReport?: (name: string, final: unknown) => void;
  /**
   * Runs before the thread is terminated forcibly (stop past its deadline). The http thread needs it: a
   * uWebSockets.js socket still open when its thread is torn down aborts the whole process.
   */
  beforeTerminate?: () => void;
}

const RESTART_BACKOFF_MIN_MS = 100;
const RESTART_BACKOFF_MAX_MS = 10_000;

/**
 * A dedicated worker thread supervised by the main thread: started, awaited until ready, restarted with
 * backoff when it dies unexpectedly (the crash is counted), and stopped in order at shutdown. The threads
 * find each other over named BroadcastChannels, so a restarted thread simply rejoins.
 */
export class ManagedThread {
  private worker: Worker | null = null;
  private nextCallId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private stopping = false;
  private backoffMs = RESTART_BACKOFF_MIN_MS;
  private restartTimer: NodeJS.Timeout | null = null;
  /** Started and ready, not exited since. */
  private running = false;
  crashes = 0;

  constructor(private readonly opts: ManagedThreadOptions) {}

  get name(): string {
    return this.opts.name;
  }

  get threadId(): number {
    return this.worker?.threadId ?? -1;
  }

  async start(): Promise<void> {
    const worker = new Worker(this.opts.file, { workerData: this.opts.workerData, name: this.opts.name });
    this.worker = worker;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${this.opts.name}: not ready after ${this.opts.readyTimeoutMs ?? 30_000} ms`)),
        this.opts.readyTimeoutMs ?? 30_000,
      );
      const onExit = (code: number): void => {
        clearTimeout(timer);
        reject(new Error(`${this.opts.name}: exited with code ${code} during start-up`));
      };
      worker.once('exit', onExit);
      worker.on('message', (msg: unknown) => {
        if (!isControlMessage(msg)) return;
        if (msg.t === 'ready') {
          clearTimeout(timer);
          worker.off('exit', onExit);
          if (msg.error) reject(new Error(`${this.opts.name}: ${msg.error}`));
          else resolve();
        } else if (msg.t === 'reply') {
          this.settle(msg);
        } else if (msg.t === 'crashed') {
          this.opts.logger.error({ thread: this.opts.name, err: msg.error }, 'Thread died of an uncaught error');
          this.opts.onCrashReport?.(this.opts.name, msg.final);
        }
      });
      worker.on('error', (err) => this.opts.logger.error({ thread: this.opts.name, err }, 'Thread error'));
    });
    worker.on('exit', (code) => this.onExit(worker, code));
    this.backoffMs = RESTART_BACKOFF_MIN_MS;
    this.running = true;
    if (this.crashes > 0) this.opts.onRestarted?.(this.opts.name);
  }

  /** Resolves true once the thread runs (again, after a crash), false after timeoutMs or when stopped. */
  async whenRunning(timeoutMs: number): Promise<boolean> {
    const endAt = Date.now() + timeoutMs;
    while (!this.running) {
      if (this.stopping || Date.now() >= endAt) return false;
      await new Promise((r) => setTimeout(r, 25));
    }
    return true;
  }

  /** Calls a control handler in the thread. */
  call<T = unknown>(method: string, args: unknown = null, timeoutMs = 30_000): Promise<T> {
    const worker = this.worker;
    if (!worker) return Promise.reject(new Error(`${this.opts.name}: not running`));
    const id = this.nextCallId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${this.opts.name}: ${method} timed out after ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, {
        resolve: (v) => {
          clearTimeout(timer);
          resolve(v as T);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      worker.postMessage({ t: 'call', id, method, args });
    });
  }

  /** Asks the thread to stop (its `stop` handler), then waits for it to end; terminates it past the deadline. */
  async stop(deadlineMs = 10_000): Promise<void> {
    this.stopping = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    const worker = this.worker;
    if (!worker) return;
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    try {
      await this.call('stop', null, deadlineMs);
    } catch (err) {
      this.opts.logger.warn({ thread: this.opts.name, err: (err as Error).message }, 'Thread did not stop cleanly');
    }
    const timer = setTimeout(() => {
      this.opts.beforeTerminate?.();
      void worker.terminate();
    }, deadlineMs);
    await exited;
    clearTimeout(timer);
    this.worker = null;
    this.running = false;
  }

  private settle(reply: ControlReply): void {
    const p = this.pending.get(reply.id);
    if (!p) return;
    this.pending.delete(reply.id);
    if (reply.ok) p.resolve(reply.value);
    else p.reject(new Error(`${this.opts.name}: ${reply.error}`));
  }

  private onExit(worker: Worker, code: number): void {
    if (worker !== this.worker) return;
    this.worker = null;
    this.running = false;
    for (const p of this.pending.values()) p.reject(new Error(`${this.opts.name}: thread exited (code ${code})`));
    this.pending.clear();
    if (this.stopping) return;
    this.crashes++;
    this.opts.onCrash?.(this.opts.name, this.crashes);
    this.opts.logger.error(
      { thread: this.opts.name, code, crashes: this.crashes, restartInMs: this.backoffMs },
      'Thread ended unexpectedly; restarting it',
    );
    this.scheduleRestart();
  }

  private scheduleRestart(): void {
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      this.start().catch((err: Error) => {
        this.opts.logger.error({ thread: this.opts.name, err: err.message }, 'Thread restart failed');
        this.backoffMs = Math.min(this.backoffMs * 2, RESTART_BACKOFF_MAX_MS);
        if (!this.stopping) this.scheduleRestart();
      });
    }, this.backoffMs);
    this.restartTimer.unref();
  }
}
