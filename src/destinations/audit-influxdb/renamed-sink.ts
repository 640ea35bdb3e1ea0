import type { DataModule } from '../../threads/messages.js';
import type { Sink, SinkBatch, SinkErrorContext, SinkHealth } from '../sink.js';

// The InfluxDB sinks call themselves 'influxdb'; the audit connection is another destination (own spool
// directory, own stats), so it goes under its own id.
export class RenamedSink implements Sink {
  constructor(
    readonly id: string,
    private readonly inner: Sink,
  ) {}

  get errorType() {
    return this.inner.errorType;
  }

  get target(): string {
    return this.inner.target;
  }

  start(): Promise<void> {
    return this.inner.start();
  }

  write(batch: SinkBatch): Promise<void> {
    return this.inner.write(batch);
  }

  stop(): Promise<void> {
    return this.inner.stop();
  }

  health(): SinkHealth {
    return this.inner.health();
  }

  errorContext(module: DataModule): SinkErrorContext {
    return this.inner.errorContext?.(module) ?? {};
  }
}
