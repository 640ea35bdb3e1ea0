// The Piscina pool that parses ring slices. It also counts the batches the finished tasks posted to each
// writer (for status; the shutdown drain asks the shared ledger, src/threads/writer-ledger.ts). Each task carries
// the app-list version current at dispatch, so the worker parses it with that list or a newer one
// (app-names-relay.ts).
import type { ResourceLimits } from 'node:worker_threads';
import { Piscina } from 'piscina';
import type { RingTask } from '../../ingest/ring-slice.js';
import type { SliceResult } from './slice-parser.js';
import type { ParseWorkerData } from '../../threads/worker-data.js';

/** What a parse worker receives: the slice, and the app-list version it must parse with (0: none yet). */
export interface ParseTask extends RingTask {
  appNamesVersion: number;
}

/** Slices a parse worker holds at once: one running, one waiting in its port. */
const TASKS_PER_WORKER = 2;

export class ParsePool {
  private readonly pool: Piscina;
  /** Batches posted per writer index by tasks that finished. */
  readonly posted: number[];

  private readonly inFlight = new Set<Promise<SliceResult>>();

  /** Parse workers that died (Piscina replaces them). */
  crashes = 0;
  private unreported = 0;
  private lastError: Error | undefined;
  private destroying = false;

  constructor(
    workers: number,
    data: ParseWorkerData,
    resourceLimits: ResourceLimits | undefined,
    private readonly appNamesVersion: () => number = () => 0,
    private readonly onWorkerError?: (err: Error) => void,
  ) {
    this.posted = new Array<number>(data.writerCount).fill(0);
    this.pool = new Piscina({
      filename: new URL('../../../workers/parse.js', import.meta.url).href,
      minThreads: workers,
      maxThreads: workers,
      // Sync atomics would park idle workers in Atomics.wait, where app-name messages never arrive.
      atomics: 'disabled',
      idleTimeout: 2 ** 31 - 1,
      // Two tasks per worker: the next slice is already in the worker's port when one finishes, so a parse
      // worker never waits for the main thread's round trip (which, on a busy machine, waits for the main thread
      // to be scheduled) between slices. The cost: a worker that dies usually has tasks assigned, and Piscina
      // then rejects those tasks instead of emitting 'error'; crashes are therefore counted from
      // 'workerDestroy' below, not from 'error'.
      concurrentTasksPerWorker: TASKS_PER_WORKER,
      // No maxQueue: the dispatchers already bound the slices in flight (per ring), and Piscina's 'auto'
      // queue (threads²) is smaller than both rings' bounds together, which rejected slices as lost.
      workerData: data,
      ...(resourceLimits ? { resourceLimits } : {}),
    });
    // Without an 'error' listener, a worker's uncaught error would be re-thrown in the main thread and end the
    // process. Piscina emits 'error' only for a worker that died with no task assigned; otherwise it rejects
    // the tasks (the dispatcher retries them). Either way it removes the worker first ('workerDestroy') and
    // starts a replacement, so that is where a crash is counted; the error itself arrives just after.
    this.pool.on('workerDestroy', () => {
      if (this.destroying) return;
      this.crashes++;
      this.unreported++;
      setImmediate(() => this.reportCrashes());
    });
    this.pool.on('error', (err: Error) => {
      this.lastError = err;
      if (this.unreported === 0) {
        // Not a worker death (Piscina's "unexpected message"): still worth a line.
        this.crashes++;
        this.unreported++;
        this.reportCrashes();
      }
    });
  }

  private reportCrashes(): void {
    if (this.unreported === 0) return;
    this.unreported = 0;
    const err = this.lastError ?? new Error('parse worker exited');
    this.lastError = undefined;
    this.onWorkerError?.(err);
  }

  /** The dispatcher's SliceRunner: rejects when the worker crashed or threw. */
  readonly run = async (task: RingTask): Promise<SliceResult> => {
    const parseTask: ParseTask = { ring: task.ring, start: task.start, end: task.end, count: task.count, appNamesVersion: this.appNamesVersion() };
    let result: SliceResult;
    const running = this.pool.run(parseTask) as Promise<SliceResult>;
    this.inFlight.add(running);
    try {
      result = await running;
    } catch (err) {
      // The tasks of a worker that just died carry its error (reported once the rejections have run).
      if (this.unreported > 0) this.lastError ??= err instanceof Error ? err : new Error(String(err));
      throw err;
    } finally {
      this.inFlight.delete(running);
    }
    for (let i = 0; i < result.posted.length; i++) this.posted[i] += result.posted[i];
    return result;
  };

  /**
   * Settles when every task dispatched before this call has finished (or failed): after a reload wrote the
   * config box, later tasks run with the new routes, so from then on no batch follows the old ones.
   */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
  }

  get threadIds(): number[] {
    return this.pool.threads.map((t) => t.threadId);
  }

  /** Ends one worker as a crash would; Piscina starts a replacement (tests). */
  async terminateWorker(threadId: number): Promise<void> {
    await this.pool.threads.find((t) => t.threadId === threadId)?.terminate();
  }

  destroy(): Promise<void> {
    this.destroying = true;
    return this.pool.destroy();
  }
}
