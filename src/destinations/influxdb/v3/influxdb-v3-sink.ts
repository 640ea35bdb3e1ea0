// The InfluxDB 3 destination: a reachability check at start that creates a missing database with its retention
// period (in the background while unreachable; see provisioner.ts), then raw
// line-protocol writes to `POST /api/v3/write_lp?db=&precision=nanosecond` (accept_partial and no_sync keep
// their defaults: good lines of a batch are stored, and a write is acknowledged only once it is in the WAL).
// Queueing, batching and retry are the delivery layer's job (see ../http-line-writer.ts).

import { HttpLineSink } from '../http-line-sink.js';
import { DEFAULT_WRITE_TIMEOUT_MS } from '../options.js';
import { sharedSinkParts, type InfluxSinkDeps } from '../sink-parts.js';
import type { InfluxdbV3Options } from './options.js';
import { InfluxV3Provisioner } from './provisioner.js';
import { classifyV3Answer } from './write-response.js';
import { v3RetentionPeriod } from './retention.js';

// Butler SOS's default for v3Config.queryTimeout.
const DEFAULT_QUERY_TIMEOUT_MS = 60_000;

export class InfluxV3Sink extends HttpLineSink {
  constructor(config: InfluxdbV3Options, deps: InfluxSinkDeps) {
    const shared = sharedSinkParts(config, deps);
    const { connection } = shared;
    // Butler's own key wins; the shared writeTimeoutMs applies when a file has no v3 writeTimeout.
    const timeoutMs = config.v3Config.writeTimeout ?? config.writeTimeoutMs ?? DEFAULT_WRITE_TIMEOUT_MS;
    const { database, token } = config.v3Config;
    const writer = shared.writer(timeoutMs, `Token ${token}`);
    const admin = new InfluxV3Provisioner({
      origin: connection.origin,
      tls: connection.tls,
      queryTimeoutMs: config.v3Config.queryTimeout ?? DEFAULT_QUERY_TIMEOUT_MS,
      database,
      retentionPeriod: v3RetentionPeriod(config.v3Config.retentionDuration),
      token,
      logger: deps.logger,
      http: writer,
    });
    super({
      errorType: 'INFLUXDB_V3_WRITE',
      target: `${connection.origin}/api/v3/write_lp`,
      path: `/api/v3/write_lp?db=${encodeURIComponent(database)}&precision=nanosecond`,
      writer,
      provisioner: shared.provisionLoop(() => admin.provision(), `${connection.origin}/ping`),
      classify: classifyV3Answer,
      clock: shared.clock,
      closeExtra: () => admin.close(),
    });
  }
}
