// The InfluxDB 1.x destination: provisioning at start (in the background while unreachable), then raw
// line-protocol writes to `POST /write?db=&precision=n`. Queueing, batching and retry are the delivery layer's job.
//
// Why not node-influx for writes (Butler SOS used `influx.writePoints`): it takes point objects and
// serialises them to line protocol itself, on the calling thread. Our points arrive already encoded by
// the parse pool, so going through node-influx would mean parsing them back into objects on the writer
// thread only to serialise them again. A raw POST of the encoded body (gzip-compressed) is the cheapest
// correct path; node-influx is still used for the one-off provisioning queries (provisioner.ts).

import { HttpLineSink } from '../http-line-sink.js';
import { DEFAULT_WRITE_TIMEOUT_MS } from '../options.js';
import { sharedSinkParts, type InfluxSinkDeps } from '../sink-parts.js';
import { FieldTypeRewriter } from './field-type-rewriter.js';
import type { InfluxdbConfigSubset } from './options.js';
import { InfluxV1Provisioner } from './provisioner.js';
import { classifyV1Answer } from './write-response.js';
import type { WrittenFieldTypes } from './written-types.js';

export interface InfluxV1SinkDeps extends InfluxSinkDeps {
  /** Our field types per measurement (written-types.ts): fields an existing database holds with other types are converted. */
  written?: WrittenFieldTypes;
}

export class InfluxV1Sink extends HttpLineSink {
  constructor(config: InfluxdbConfigSubset, deps: InfluxV1SinkDeps) {
    const shared = sharedSinkParts(config, deps);
    const { connection } = shared;
    const timeoutMs = config.writeTimeoutMs ?? DEFAULT_WRITE_TIMEOUT_MS;
    const { dbName, auth } = config.v1Config;
    let query = `db=${encodeURIComponent(dbName)}&precision=n`;
    // v1 takes credentials in the query (as node-influx sent them); the target never includes it.
    if (auth.enable) query += `&u=${encodeURIComponent(auth.username)}&p=${encodeURIComponent(auth.password)}`;
    const fieldTypes = new FieldTypeRewriter();
    const admin = new InfluxV1Provisioner(config, connection, {
      logger: deps.logger,
      timeoutMs,
      written: deps.written,
      onFieldTypes: (overrides) => fieldTypes.set(overrides),
    });
    super({
      errorType: 'INFLUXDB_V1_WRITE',
      target: `${connection.origin}/write`,
      path: `/write?${query}`,
      writer: shared.writer(timeoutMs),
      provisioner: shared.provisionLoop(() => admin.provision(), admin.queryUrl),
      classify: classifyV1Answer,
      rewrite: (body) => fieldTypes.rewrite(body),
      clock: shared.clock,
    });
  }
}
