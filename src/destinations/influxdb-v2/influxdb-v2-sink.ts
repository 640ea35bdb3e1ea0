// The InfluxDB 2.x destination: org/bucket provisioning at start (in the background while unreachable), then
// raw line-protocol writes to `POST /api/v2/write?org=&bucket=&precision=ns`. Queueing, batching and retry are
// the delivery layer's job (see ../http-line-writer.ts for why writes do not go through the client's WriteApi).

import { gzipFor } from '../gzip-default.js';
import type { AppLogger } from '../../log/logger.js';
import { systemClock, type Clock } from '../delivery/clock.js';
import { DEFAULT_PROVISION_RETRY, DEFAULT_WRITE_TIMEOUT_MS, type ProvisionRetry } from '../influxdb-v1/options.js';
import { httpConnectionOf } from './connection.js';
import { HttpLineSink } from './http-line-sink.js';
import { HttpLineWriter } from '../http-line-writer.js';
import type { InfluxdbV2Options } from './options.js';
import { ProvisionLoop } from '../provision-loop.js';
import { InfluxV2Provisioner } from './provisioner.js';
import { classifyV2Answer } from './write-response.js';

export interface InfluxV2SinkDeps {
  logger: AppLogger;
  clock?: Clock;
  provisionRetry?: ProvisionRetry;
}

export class InfluxV2Sink extends HttpLineSink {
  constructor(config: InfluxdbV2Options, deps: InfluxV2SinkDeps) {
    const clock = deps.clock ?? systemClock;
    const timeoutMs = config.writeTimeoutMs ?? DEFAULT_WRITE_TIMEOUT_MS;
    const connection = httpConnectionOf(config);
    const { org, bucket, token } = config.v2Config;
    const admin = new InfluxV2Provisioner({ origin: connection.origin, tls: connection.tls, timeoutMs, v2: config.v2Config, logger: deps.logger });
    super({
      errorType: 'INFLUXDB_V2_WRITE',
      target: `${connection.origin}/api/v2/write`,
      path: `/api/v2/write?org=${encodeURIComponent(org)}&bucket=${encodeURIComponent(bucket)}&precision=ns`,
      writer: new HttpLineWriter({ origin: connection.origin, tls: connection.tls, authorization: `Token ${token}`, gzip: gzipFor(config.host, config.gzip), timeoutMs }),
      provisioner: new ProvisionLoop(() => admin.provision(), {
        logger: deps.logger,
        clock,
        retry: deps.provisionRetry ?? DEFAULT_PROVISION_RETRY,
        target: `${connection.origin}/api/v2/buckets`,
      }),
      classify: classifyV2Answer,
      clock,
    });
  }
}
