// The InfluxDB 1.x destination: provisioning at start (in the background while unreachable), then raw
// line-protocol writes. Queueing, batching and retry are the delivery layer's job.

import { gzipFor } from '../gzip-default.js';
import type { AppLogger } from '../../log/logger.js';
import type { ErrorType } from '../../threads/messages.js';
import { systemClock, type Clock } from '../delivery/clock.js';
import type { Sink, SinkBatch, SinkHealth } from '../sink.js';
import { errorFromException } from '../sink-error.js';
import { DEFAULT_PROVISION_RETRY, DEFAULT_WRITE_TIMEOUT_MS, type InfluxdbConfigSubset, type ProvisionRetry } from './options.js';
import { connectionOf } from './connection.js';
import { ProvisionLoop } from '../provision-loop.js';
import { InfluxV1Provisioner } from './provisioner.js';
import { InfluxV1WriteClient } from './write-client.js';
import { FieldTypeRewriter } from './field-type-rewriter.js';
import type { WrittenFieldTypes } from './written-types.js';

export interface InfluxV1SinkDeps {
  logger: AppLogger;
  clock?: Clock;
  provisionRetry?: ProvisionRetry;
  /** Our field types per measurement (written-types.ts): fields an existing database holds with other types are converted. */
  written?: WrittenFieldTypes;
}

export class InfluxV1Sink implements Sink {
  readonly id = 'influxdb';
  readonly errorType: ErrorType = 'INFLUXDB_V1_WRITE';
  readonly target: string;
  private readonly client: InfluxV1WriteClient;
  private readonly provisioner: ProvisionLoop;
  private readonly fieldTypes = new FieldTypeRewriter();
  private downReason = 'not started';

  constructor(config: InfluxdbConfigSubset, deps: InfluxV1SinkDeps) {
    const clock = deps.clock ?? systemClock;
    const timeoutMs = config.writeTimeoutMs ?? DEFAULT_WRITE_TIMEOUT_MS;
    const connection = connectionOf(config);
    this.client = new InfluxV1WriteClient({
      origin: connection.origin,
      tls: connection.tls,
      dbName: config.v1Config.dbName,
      auth: config.v1Config.auth,
      gzip: gzipFor(config.host, config.gzip),
      timeoutMs,
      now: () => clock.now(),
    });
    this.target = this.client.requestUrl;
    const admin = new InfluxV1Provisioner(config, connection, {
      logger: deps.logger,
      timeoutMs,
      written: deps.written,
      onFieldTypes: (overrides) => this.fieldTypes.set(overrides),
    });
    this.provisioner = new ProvisionLoop(() => admin.provision(), {
      logger: deps.logger,
      clock,
      retry: deps.provisionRetry ?? DEFAULT_PROVISION_RETRY,
      target: admin.queryUrl,
    });
  }

  async start(): Promise<void> {
    await this.provisioner.start();
    this.downReason = this.provisioner.provisioned ? '' : 'provisioning pending (InfluxDB unreachable)';
  }

  async write(batch: SinkBatch): Promise<void> {
    try {
      // Until provisioning succeeded the database may not exist; an attempt here also makes the
      // delivery layer's backoff drive provisioning while data is waiting.
      await this.provisioner.ensure();
      await this.client.write(this.fieldTypes.rewrite(batch.body), batch.lines);
      this.downReason = '';
    } catch (err) {
      const failure = errorFromException(err);
      // A rejected batch says nothing about the destination's health; the others mean it is down.
      if (failure.kind !== 'rejected') this.downReason = failure.details.message ?? failure.kind;
      throw failure;
    }
  }

  async stop(): Promise<void> {
    this.provisioner.stop();
    await this.client.close();
  }

  health(): SinkHealth {
    return { up: this.downReason === '', reason: this.downReason };
  }
}
