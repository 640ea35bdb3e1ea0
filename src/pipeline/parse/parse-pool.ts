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

export class ParsePool {
  private readonly pool: Piscina;
  /** Batches posted per writer index by tasks that finished. */
  readonly posted: number[];

  /** Parse workers that died of an uncaught error outside a task (Piscina replaces them). */
  crashes = 0;

  constructor(
    workers: number,
    data: ParseWorkerData,
    resourceLimits: ResourceLimits | undefined,
    private readonly appNamesVersion: () => number = () => 0,
    onWorkerError?: (err: Error) => void,
  ) {
    this.posted = new Array<number>(data.writerCount).fill(0);
    this.pool = new Piscina({
      filename: new URL('../../../workers/parse.js', import.meta.url).href,
      minThreads: workers,
      maxThreads: workers,
      // Sync atomics would park idle workers in Atomics.wait, where app-name messages never arrive.
      atomics: 'disabled',
      idleTimeout: 2 ** 31 - 1,
      // One task per worker (Piscina's default). Two would spare a worker the main-thread round trip between
      // slices, but Piscina reports a worker that dies with tasks assigned only through those tasks' rejections,
      // not its 'error' event, so the crash would go unlogged and uncounted below (thread-crash e2e test).
      // No maxQueue: the dispatchers already bound the slices in flight (per ring), and Piscina's 'auto'
      // queue (threads²) is smaller than both rings' bounds together, which rejected slices as lost.
      workerData: data,
      ...(resourceLimits ? { resourceLimits } : {}),
    });
    // Without a listener, a worker's uncaught error would be re-thrown in the main thread and end the process.
    // Tasks it was running are rejected (and retried by the dispatcher); Piscina starts a replacement.
    this.pool.on('error', (err: Error) => {
      this.crashes++;
      onWorkerError?.(err);
    });
  }

  /** The dispatcher's SliceRunner: rejects when the worker crashed or threw. */
  readonly run = async (task: RingTask): Promise<SliceResult> => {
    const parseTask: ParseTask = { ring: task.ring, start: task.start, end: task.end, count: task.count, appNamesVersion: this.appNamesVersion() };
    const result = (await this.pool.run(parseTask)) as SliceResult;
    for (let i = 0; i < result.posted.length; i++) this.posted[i] += result.posted[i];
    return result;
  };

  get threadIds(): number[] {
    return this.pool.threads.map((t) => t.threadId);
  }

  /** Ends one worker as a crash would; Piscina starts a replacement (tests). */
  async terminateWorker(threadId: number): Promise<void> {
    await this.pool.threads.find((t) => t.threadId === threadId)?.terminate();
  }

  destroy(): Promise<void> {
    return this.pool.destroy();
  }
}
