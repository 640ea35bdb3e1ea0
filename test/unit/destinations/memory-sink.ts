import type { Sink, SinkBatch, SinkHealth } from '../../../src/destinations/sink.js';
import type { DestinationPlugin } from '../../../src/destinations/plugin.js';
import { sinkPlugin } from '../../support/test-plugin.js';

/** A sink that records batches; `hold` makes writes hang until release() (a stalled backend). */
export class MemorySink implements Sink {
  readonly errorType = undefined;
  readonly target: string;
  readonly batches: SinkBatch[] = [];
  started = false;
  stopped = false;
  hold = false;
  private held: Array<() => void> = [];

  constructor(readonly id: string) {
    this.target = `memory:${id}`;
  }
  async start(): Promise<void> {
    this.started = true;
  }
  write(batch: SinkBatch): Promise<void> {
    if (this.hold) return new Promise((resolve) => this.held.push(() => (this.batches.push(batch), resolve())));
    this.batches.push(batch);
    return Promise.resolve();
  }
  release(): void {
    this.hold = false;
    for (const r of this.held.splice(0)) r();
  }
  async stop(): Promise<void> {
    this.stopped = true;
  }
  health(): SinkHealth {
    return { up: true, reason: '' };
  }
  lines(): string[] {
    return this.batches.flatMap((b) => Buffer.from(b.body).toString('utf8').split('\n').filter(Boolean));
  }
}

export function memoryFactory(sink: MemorySink, enabled = true): DestinationPlugin {
  return sinkPlugin(sink.id, sink, enabled);
}
