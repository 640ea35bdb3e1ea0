// The InfluxDB 3 destination: a reachability check at start (in the background while unreachable), then raw
// line-protocol writes to `POST /api/v3/write_lp?db=&precision=nanosecond` (accept_partial and no_sync keep
// their defaults: good lines of a batch are stored, and a write is acknowledged only once it is in the WAL).
// Queueing, batching and retry are the delivery layer's job (see influxdb-v2/http-line-writer.ts).

import { gzipFor } from '../gzip-default.js';
import type { AppLogger } from '../../log/logger.js';
import type { ErrorType } from '../../threads/messages.js';
import { systemClock, type Clock } from '../delivery/clock.js';
import type { Sink, SinkBatch, SinkHealth } from '../sink.js';
import { errorFromException } from '../sink-error.js';
import { DEFAULT_PROVISION_RETRY, DEFAULT_WRITE_TIMEOUT_MS, type ProvisionRetry } from '../influxdb-v1/options.js';
import { sendBatchBody } from '../influxdb-v2/body-sender.js';
import { httpConnectionOf } from '../influxdb-v2/connection.js';
import { HttpLineWriter } from '../influxdb-v2/http-line-writer.js';
import { ProvisionLoop } from '../influxdb-v2/provision-loop.js';
import type { InfluxdbV3Options } from './options.js';
import { InfluxV3Provisioner } from './provisioner.js';
import { classifyV3Answer } from './write-response.js';

export interface InfluxV3SinkDeps {
  logger: AppLogger;
  clock?: Clock;
  provisionRetry?: ProvisionRetry;
}

export class InfluxV3Sink implements Sink {
  readonly id = 'influxdb';
  readonly errorType: ErrorType = 'INFLUXDB_V3_WRITE';
  readonly target: string;
  private readonly writer: HttpLineWriter;
  private readonly path: string;
  private readonly admin: InfluxV3Provisioner;
  private readonly provisioner: ProvisionLoop;
  private readonly clock: Clock;
  private downReason = 'not started';

  constructor(config: InfluxdbV3Options, deps: InfluxV3SinkDeps) {
    this.clock = deps.clock ?? systemClock;
    // Butler's own key wins; the shared writeTimeoutMs applies when a file has no v3 writeTimeout.
    const timeoutMs = config.v3Config.writeTimeout ?? config.writeTimeoutMs ?? DEFAULT_WRITE_TIMEOUT_MS;
    const connection = httpConnectionOf(config);
    const { database, token } = config.v3Config;
    this.target = `${connection.origin}/api/v3/write_lp`;
    this.path = `/api/v3/write_lp?db=${encodeURIComponent(database)}&precision=nanosecond`;
    this.writer = new HttpLineWriter({ origin: connection.origin, tls: connection.tls, token, gzip: gzipFor(config.host, config.gzip), timeoutMs });
    this.admin = new InfluxV3Provisioner({ origin: connection.origin, tls: connection.tls, timeoutMs, database, token, logger: deps.logger, http: this.writer });
    this.provisioner = new ProvisionLoop(() => this.admin.provision(), {
      logger: deps.logger,
      clock: this.clock,
      retry: deps.provisionRetry ?? DEFAULT_PROVISION_RETRY,
      target: `${connection.origin}/ping`,
    });
  }

  async start(): Promise<void> {
    await this.provisioner.start();
    this.downReason = this.provisioner.pendingReason;
  }

  async write(batch: SinkBatch): Promise<void> {
    try {
      await this.provisioner.ensure();
      await sendBatchBody(
        async (body) => classifyV3Answer(await this.writer.post(this.path, body, this.target), this.target, this.clock.now()),
        batch.body,
        batch.lines,
      );
      this.downReason = '';
    } catch (err) {
      const failure = errorFromException(err);
      if (failure.kind === 'rejected') this.downReason = '';
      else this.downReason = failure.details.message ?? failure.kind;
      throw failure;
    }
  }

  async stop(): Promise<void> {
    this.provisioner.stop();
    await Promise.all([this.writer.close(), this.admin.close()]);
  }

  health(): SinkHealth {
    return { up: this.downReason === '', reason: this.downReason };
  }
}
