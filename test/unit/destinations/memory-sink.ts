import type { Sink, SinkBatch, SinkHealth } from '../../../src/destinations/sink.js';
import type { DestinationFactory } from '../../../src/destinations/destination-factory.js';

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

export function memoryFactory(sink: MemorySink, enabled = true): DestinationFactory {
  return { id: sink.id, name: `memory ${sink.id}`, enabled: () => enabled, create: () => ({ sink }) };
}
