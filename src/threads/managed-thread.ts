import { Worker, type ResourceLimits } from 'node:worker_threads';
import type { AppLogger } from '../log/logger.js';
import { isControlMessage, type ControlReply } from './control.js';
import { redactSecrets, sanitizeStack } from '../crash/redact.js';
import { StartupError } from './startup-error.js';
import type { ThreadState } from './health-board.js';

export interface ManagedThreadOptions {
  /** Thread name for logs and metrics, e.g. `writer-0`. */
  name: string;
  file: URL;
  workerData: unknown;
  /** V8 limits of the thread (threads.workerYoungGenerationMb); undefined: V8's defaults. */
  resourceLimits?: ResourceLimits;
  logger: AppLogger;
  /** How long start-up (init) may take before it counts as failed. */
  readyTimeoutMs?: number;
  /** Called after every unexpected exit, with the running crash count. */
  onCrash?: (name: string, crashes: number) => void;
  /** What the thread's crash handler returned before it died of an uncaught error (src/threads/thread-entry.ts). */
  onCrashReport?: (name: string, final: unknown) => void;
  /**
   * Runs before the thread is terminated forcibly (stop past its deadline). The http thread needs it: a
   * uWebSockets.js socket still open when its thread is torn down aborts the whole process.
   */
  beforeTerminate?: () => void;
  /** Messages the thread posts to its parent that are not control messages (the poller's app list). */
  onMessage?: (msg: unknown) => void;
  /** Every change of the thread's state (for the health board). */
  onState?: (name: string, state: ThreadState) => void;
  /** Crash loop limit: after this many crashes or failed restarts within CRASH_WINDOW_MS it is no longer restarted. */
  maxCrashesPerWindow?: number;
}

const RESTART_BACKOFF_MIN_MS = 100;
const RESTART_BACKOFF_MAX_MS = 10_000;
/**
 * A thread that keeps dying is given up on: /health then fails, so Docker, Kubernetes or a watchdog restarts
 * the whole process, which is the cleaner recovery than a thread restarted forever.
 */
export const CRASH_WINDOW_MS = 60_000;
const MAX_CRASHES_PER_WINDOW = 5;

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
  private recentFailures: number[] = [];
  /** Started and ready, not exited since. */
  private running = false;
  crashes = 0;
  /** True once the crash loop limit was reached: the thread stays down. */
  gaveUp = false;

  constructor(private opts: ManagedThreadOptions) {}

  /** Changes what the next (re)start is given: a reload changed the configuration this thread must start with. */
  patchWorkerData(patch: object): void {
    this.opts = { ...this.opts, workerData: { ...(this.opts.workerData as object), ...patch } };
  }

  get name(): string {
    return this.opts.name;
  }

  get threadId(): number {
    return this.worker?.threadId ?? -1;
  }

  async start(): Promise<void> {
    const worker = new Worker(this.opts.file, {
      workerData: this.opts.workerData,
      name: this.opts.name,
      ...(this.opts.resourceLimits ? { resourceLimits: this.opts.resourceLimits } : {}),
    });
    this.worker = worker;
    await this.whenReady(worker).catch((err: unknown) => {
      // A thread that failed its start is not running: calls and stop() must not wait for it.
      this.worker = null;
      void worker.terminate();
      throw err;
    });
    worker.on('exit', (code) => this.onExit(worker, code));
    this.backoffMs = RESTART_BACKOFF_MIN_MS;
    this.running = true;
    this.opts.onState?.(this.opts.name, 'running');
  }

  private whenReady(worker: Worker): Promise<void> {
    return new Promise<void>((resolve, reject) => {
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
        if (!isControlMessage(msg)) {
          this.opts.onMessage?.(msg);
          return;
        }
        if (msg.t === 'ready') {
          clearTimeout(timer);
          worker.off('exit', onExit);
          if (msg.error) {
            // The thread ends itself after reporting (thread-entry.ts): there is nothing left to stop.
            this.worker = null;
            reject(new StartupError(`${this.opts.name}: ${msg.error}`));
          }
          else resolve();
        } else if (msg.t === 'reply') {
          this.settle(msg);
        } else if (msg.t === 'crashed') {
          // Redacted like the crash dump: an error message can quote a URL or a config value with a secret.
          this.opts.logger.error({ thread: this.opts.name, err: redactSecrets(sanitizeStack(msg.error)) }, 'Thread died of an uncaught error');
          this.opts.onCrashReport?.(this.opts.name, msg.final);
        }
      });
      worker.on('error', (err) => this.opts.logger.error({ thread: this.opts.name, err }, 'Thread error'));
    });
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
    this.opts.onState?.(this.opts.name, 'stopped');
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
    if (this.stopping) {
      this.opts.onState?.(this.opts.name, 'stopped');
      return;
    }
    this.crashes++;
    // The state changes before anyone hears of the crash, so /ready and /health already tell.
    const gaveUp = this.crashLoop();
    this.opts.onCrash?.(this.opts.name, this.crashes);
    if (gaveUp) return;
    this.opts.logger.error(
      { thread: this.opts.name, code, crashes: this.crashes, restartInMs: this.backoffMs },
      'Thread ended unexpectedly; restarting it',
    );
    this.scheduleRestart();
  }

  /** Records a failure; true (and the thread given up on) once the window holds too many. */
  private crashLoop(): boolean {
    const now = Date.now();
    this.recentFailures = [...this.recentFailures.filter((t) => now - t < CRASH_WINDOW_MS), now];
    const max = this.opts.maxCrashesPerWindow ?? MAX_CRASHES_PER_WINDOW;
    if (this.recentFailures.length < max) {
      this.opts.onState?.(this.opts.name, 'restarting');
      return false;
    }
    this.gaveUp = true;
    this.opts.onState?.(this.opts.name, 'failed');
    this.opts.logger.error(
      { thread: this.opts.name, crashes: this.crashes, windowMs: CRASH_WINDOW_MS },
      `Thread ${this.opts.name} failed ${max} times within ${CRASH_WINDOW_MS / 1000} s; no longer restarting it (/health now fails)`,
    );
    return true;
  }

  private scheduleRestart(): void {
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      this.start().catch((err: Error) => {
        this.opts.logger.error({ thread: this.opts.name, err: err.message }, 'Thread restart failed');
        this.backoffMs = Math.min(this.backoffMs * 2, RESTART_BACKOFF_MAX_MS);
        if (!this.stopping && !this.crashLoop()) this.scheduleRestart();
      });
    }, this.backoffMs);
    this.restartTimer.unref();
  }
}
