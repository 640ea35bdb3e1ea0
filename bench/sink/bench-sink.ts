// Main-thread handle of the bench sink worker (sink-worker.ts): start, snapshot, stop.
import { Worker } from 'node:worker_threads';
import type { CeilingOptions, CeilingResult } from './ceiling.js';
import type { SinkReply, SinkSnapshot, SinkWorkerData } from './sink-protocol.js';

export class BenchSink {
  private nextId = 1;
  private readonly pending = new Map<number, (s: SinkSnapshot) => void>();
  private readonly ceilings = new Map<number, (r: CeilingResult | null) => void>();

  private constructor(
    private readonly worker: Worker,
    readonly port: number,
    readonly host: string,
  ) {
    worker.on('message', (msg: SinkReply) => {
      if (msg.type === 'ceiling') {
        this.ceilings.get(msg.id)?.(msg.result);
        this.ceilings.delete(msg.id);
      }
      if (msg.type !== 'snapshot') return;
      this.pending.get(msg.id)?.(msg);
      this.pending.delete(msg.id);
    });
  }

  static start(options: SinkWorkerData): Promise<BenchSink> {
    const worker = new Worker(new URL('./sink-worker.js', import.meta.url), { workerData: options });
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('bench sink did not start listening within 10 s')), 10_000);
      worker.once('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
      worker.once('message', (msg: SinkReply) => {
        clearTimeout(timer);
        if (msg.type === 'listening') resolve(new BenchSink(worker, msg.port, options.host));
        else reject(new Error(`bench sink: unexpected first message ${msg.type}`));
      });
    });
  }

  get url(): string {
    return `http://${this.host}:${this.port}`;
  }

  /** The worker's thread id, to find its CPU time under /proc/self/task. */
  get threadId(): number {
    return this.worker.threadId;
  }

  snapshot(step: number, timeoutMs = 10_000): Promise<SinkSnapshot> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`bench sink did not answer a snapshot within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, (s) => {
        clearTimeout(timer);
        resolve(s);
      });
      this.worker.postMessage({ type: 'snapshot', id, step });
    });
  }

  /**
   * --influxdb only: replays the acknowledged lines straight into the upstream InfluxDB (ceiling.ts); null
   * without an upstream. Bounded by the capture size and the options' passes.
   */
  ceiling(dbPrefix: string, options: CeilingOptions, timeoutMs = 300_000): Promise<CeilingResult | null> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.ceilings.delete(id);
        reject(new Error(`bench sink: the InfluxDB ceiling replay did not finish within ${timeoutMs} ms`));
      }, timeoutMs);
      this.ceilings.set(id, (r) => {
        clearTimeout(timer);
        resolve(r);
      });
      this.worker.postMessage({ type: 'ceiling', id, dbPrefix, options });
    });
  }

  async stop(): Promise<void> {
    const exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
    this.worker.postMessage({ type: 'stop' });
    const timer = setTimeout(() => void this.worker.terminate(), 5000);
    await exited;
    clearTimeout(timer);
  }
}
