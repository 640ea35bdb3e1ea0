// Start-up provisioning that never blocks start-up: the first attempt runs at start(); while InfluxDB is
// unreachable it is retried in the background with exponential backoff, and every write waits for (and so
// drives) one more attempt. Shared by the v1, v2 and v3 sinks (sink-parts.ts).

import type { AppLogger } from '../log/logger.js';
import type { Clock, TimerHandle } from '../clock.js';
import { errorFromException, type SinkWriteError } from './sink-error.js';
import type { ProvisionRetry } from './influxdb/options.js';

export interface ProvisionLoopDeps {
  logger: AppLogger;
  clock: Clock;
  retry: ProvisionRetry;
  /** For logs: where provisioning talks to. */
  target: string;
  /** For logs: the backend's name (default InfluxDB). */
  backend?: string;
}

export class ProvisionLoop {
  private done = false;
  private inFlight: Promise<void> | undefined;
  private timer: TimerHandle | undefined;
  private failures = 0;
  private stopped = false;
  private lastFailure: SinkWriteError | undefined;

  /** `provision` resolves when done (or skipped for good) and throws a SinkWriteError to be retried. */
  constructor(
    private readonly provision: () => Promise<void>,
    private readonly deps: ProvisionLoopDeps,
  ) {}

  get provisioned(): boolean {
    return this.done;
  }

  /** Why provisioning is still pending, for the sink's health ('' when done). */
  get pendingReason(): string {
    if (this.done) return '';
    return `provisioning pending: ${this.lastFailure?.details.message ?? 'not attempted yet'}`;
  }

  /** First attempt now; on failure keeps retrying in the background. Never rejects. */
  async start(): Promise<void> {
    await this.ensure().catch(() => undefined);
  }

  /** One attempt at a time; resolves once provisioned, rejects with the attempt's SinkWriteError. */
  ensure(): Promise<void> {
    if (this.done) return Promise.resolve();
    this.inFlight ??= this.attempt().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== undefined) this.deps.clock.clearTimer(this.timer);
    this.timer = undefined;
  }

  private async attempt(): Promise<void> {
    try {
      await this.provision();
      this.done = true;
      if (this.failures > 0) this.deps.logger.info({ target: this.deps.target }, `${this.deps.backend ?? 'InfluxDB'} reachable again; provisioning done.`);
      this.failures = 0;
    } catch (err) {
      const failure = errorFromException(err, { requestUrl: this.deps.target });
      this.lastFailure = failure;
      this.scheduleRetry(failure);
      throw failure;
    }
  }

  private scheduleRetry(failure: SinkWriteError): void {
    this.failures++;
    if (this.failures === 1) {
      this.deps.logger.warn({ target: this.deps.target, err: failure.details }, `${this.deps.backend ?? 'InfluxDB'} not reachable for provisioning; retrying in the background.`);
    }
    if (this.stopped || this.timer !== undefined) return;
    const { initialMs, maxMs } = this.deps.retry;
    const delay = Math.min(maxMs, initialMs * 2 ** Math.min(30, this.failures - 1));
    this.timer = this.deps.clock.setTimer(() => {
      this.timer = undefined;
      if (!this.stopped && !this.done) void this.ensure().catch(() => undefined);
    }, delay);
  }
}
