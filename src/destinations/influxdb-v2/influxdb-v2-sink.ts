// The InfluxDB 2.x destination: org/bucket provisioning at start (in the background while unreachable), then
// raw line-protocol writes to `POST /api/v2/write?org=&bucket=&precision=ns`. Queueing, batching and retry are
// the delivery layer's job (see http-line-writer.ts for why writes do not go through the client's WriteApi).

import { gzipFor } from '../gzip-default.js';
import type { AppLogger } from '../../log/logger.js';
import type { ErrorType } from '../../threads/messages.js';
import { systemClock, type Clock } from '../delivery/clock.js';
import type { Sink, SinkBatch, SinkHealth } from '../sink.js';
import { errorFromException } from '../sink-error.js';
import { DEFAULT_PROVISION_RETRY, DEFAULT_WRITE_TIMEOUT_MS, type ProvisionRetry } from '../influxdb-v1/options.js';
import { sendBatchBody } from './body-sender.js';
import { httpConnectionOf } from './connection.js';
import { HttpLineWriter } from './http-line-writer.js';
import type { InfluxdbV2Options } from './options.js';
import { ProvisionLoop } from './provision-loop.js';
import { InfluxV2Provisioner } from './provisioner.js';
import { classifyV2Answer } from './write-response.js';

export interface InfluxV2SinkDeps {
  logger: AppLogger;
  clock?: Clock;
  provisionRetry?: ProvisionRetry;
}

export class InfluxV2Sink implements Sink {
  readonly id = 'influxdb';
  readonly errorType: ErrorType = 'INFLUXDB_V2_WRITE';
  readonly target: string;
  private readonly writer: HttpLineWriter;
  private readonly path: string;
  private readonly provisioner: ProvisionLoop;
  private readonly clock: Clock;
  private downReason = 'not started';

  constructor(config: InfluxdbV2Options, deps: InfluxV2SinkDeps) {
    this.clock = deps.clock ?? systemClock;
    const timeoutMs = config.writeTimeoutMs ?? DEFAULT_WRITE_TIMEOUT_MS;
    const connection = httpConnectionOf(config);
    const { org, bucket, token } = config.v2Config;
    this.target = `${connection.origin}/api/v2/write`;
    this.path = `/api/v2/write?org=${encodeURIComponent(org)}&bucket=${encodeURIComponent(bucket)}&precision=ns`;
    this.writer = new HttpLineWriter({ origin: connection.origin, tls: connection.tls, token, gzip: gzipFor(config.host, config.gzip), timeoutMs });
    const admin = new InfluxV2Provisioner({ origin: connection.origin, tls: connection.tls, timeoutMs, v2: config.v2Config, logger: deps.logger });
    this.provisioner = new ProvisionLoop(() => admin.provision(), {
      logger: deps.logger,
      clock: this.clock,
      retry: deps.provisionRetry ?? DEFAULT_PROVISION_RETRY,
      target: `${connection.origin}/api/v2/buckets`,
    });
  }

  async start(): Promise<void> {
    await this.provisioner.start();
    this.downReason = this.provisioner.pendingReason;
  }

  async write(batch: SinkBatch): Promise<void> {
    try {
      // Until provisioning succeeded the bucket may not exist; this also lets the delivery backoff drive it.
      await this.provisioner.ensure();
      await sendBatchBody(
        async (body) => classifyV2Answer(await this.writer.post(this.path, body, this.target), this.target, this.clock.now()),
        batch.body,
        batch.lines,
      );
      this.downReason = '';
    } catch (err) {
      const failure = errorFromException(err);
      // A rejected line says nothing about the destination's health; the other kinds mean it is down.
      if (failure.kind === 'rejected') this.downReason = '';
      else this.downReason = failure.details.message ?? failure.kind;
      throw failure;
    }
  }

  async stop(): Promise<void> {
    this.provisioner.stop();
    await this.writer.close();
  }

  health(): SinkHealth {
    return { up: this.downReason === '', reason: this.downReason };
  }
}
