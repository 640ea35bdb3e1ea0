// The Piscina pool that parses ring slices. It also counts the batches the finished tasks posted to each
// writer (for status; the shutdown drain asks the shared ledger, src/threads/writer-ledger.ts).
import { Piscina } from 'piscina';
import type { RingTask } from '../ingest/ring-slice.js';
import type { SliceResult } from './slice-parser.js';
import type { ParseWorkerData } from './worker-data.js';

export class ParsePool {
  private readonly pool: Piscina;
  /** Batches posted per writer index by tasks that finished. */
  readonly posted: number[];

  /** Parse workers that died of an uncaught error outside a task (Piscina replaces them). */
  crashes = 0;

  constructor(workers: number, data: ParseWorkerData, onWorkerError?: (err: Error) => void) {
    this.posted = new Array<number>(data.writerCount).fill(0);
    this.pool = new Piscina({
      filename: new URL('../../workers/parse.js', import.meta.url).href,
      minThreads: workers,
      maxThreads: workers,
      // Sync atomics would park idle workers in Atomics.wait, where app-name messages never arrive.
      atomics: 'disabled',
      idleTimeout: 2 ** 31 - 1,
      // No maxQueue: the dispatchers already bound the slices in flight (per ring), and Piscina's 'auto'
      // queue (threads²) is smaller than both rings' bounds together, which rejected slices as lost.
      workerData: data,
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
    const result = (await this.pool.run(task)) as SliceResult;
    for (let i = 0; i < result.posted.length; i++) this.posted[i] += result.posted[i];
    return result;
  };

  get threadIds(): number[] {
    return this.pool.threads.map((t) => t.threadId);
  }

  destroy(): Promise<void> {
    return this.pool.destroy();
  }
}
