// The InfluxDB 2.x destination: org/bucket provisioning at start (in the background while unreachable), then
// raw line-protocol writes to `POST /api/v2/write?org=&bucket=&precision=ns`. Queueing, batching and retry are
// the delivery layer's job (see ../http-line-writer.ts for why writes do not go through the client's WriteApi).

import { HttpLineSink } from '../http-line-sink.js';
import { DEFAULT_WRITE_TIMEOUT_MS } from '../options.js';
import { sharedSinkParts, type InfluxSinkDeps } from '../sink-parts.js';
import type { InfluxdbV2Options } from './options.js';
import { InfluxV2Provisioner } from './provisioner.js';
import { classifyV2Answer } from './write-response.js';

export class InfluxV2Sink extends HttpLineSink {
  constructor(config: InfluxdbV2Options, deps: InfluxSinkDeps) {
    const shared = sharedSinkParts(config, deps);
    const { connection } = shared;
    const timeoutMs = config.writeTimeoutMs ?? DEFAULT_WRITE_TIMEOUT_MS;
    const { org, bucket, token } = config.v2Config;
    const admin = new InfluxV2Provisioner({ origin: connection.origin, tls: connection.tls, timeoutMs, v2: config.v2Config, logger: deps.logger });
    super({
      errorType: 'INFLUXDB_V2_WRITE',
      target: `${connection.origin}/api/v2/write`,
      path: `/api/v2/write?org=${encodeURIComponent(org)}&bucket=${encodeURIComponent(bucket)}&precision=ns`,
      writer: shared.writer(timeoutMs, `Token ${token}`),
      provisioner: shared.provisionLoop(() => admin.provision(), `${connection.origin}/api/v2/buckets`),
      classify: classifyV2Answer,
      clock: shared.clock,
    });
  }
}
