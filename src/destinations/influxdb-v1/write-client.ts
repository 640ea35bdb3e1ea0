// POST /write for InfluxDB 1.x through the shared HttpLineWriter (keep-alive, bounded connections, timeouts).
//
// Why not node-influx for writes (Butler SOS used `influx.writePoints`): it takes point objects and
// serialises them to line protocol itself, on the calling thread. Our points arrive already encoded by
// the parse pool, so going through node-influx would mean parsing them back into objects on the writer
// thread only to serialise them again. A raw POST of the encoded body (gzip-compressed) is the cheapest
// correct path; node-influx is still used for the one-off provisioning queries (provisioner.ts).

import { HttpLineWriter, headerValue } from '../http-line-writer.js';
import type { InfluxdbV1Auth, ResolvedTls } from './options.js';
import { serverErrorText, writeFailure } from './write-response.js';

export interface WriteClientOptions {
  origin: string;
  /** Set for https origins. */
  tls?: ResolvedTls;
  dbName: string;
  auth: InfluxdbV1Auth;
  gzip: boolean;
  timeoutMs: number;
  now: () => number;
}

export class InfluxV1WriteClient {
  /** Origin + path, without the query string (which may hold the password). */
  readonly requestUrl: string;
  private readonly path: string;
  private readonly writer: HttpLineWriter;

  constructor(private readonly options: WriteClientOptions) {
    this.requestUrl = `${options.origin}/write`;
    let query = `db=${encodeURIComponent(options.dbName)}&precision=n`;
    // v1 takes credentials in the query (as node-influx sent them); requestUrl never includes it.
    if (options.auth.enable) query += `&u=${encodeURIComponent(options.auth.username)}&p=${encodeURIComponent(options.auth.password)}`;
    this.path = `/write?${query}`;
    this.writer = new HttpLineWriter({ origin: options.origin, tls: options.tls, gzip: options.gzip, timeoutMs: options.timeoutMs });
  }

  /** Resolves when InfluxDB stored every line; rejects with a classified SinkWriteError. */
  async write(body: Uint8Array, lines: number): Promise<void> {
    const answer = await this.writer.post(this.path, body, this.requestUrl);
    if (answer.status >= 200 && answer.status < 300) return;
    const text = serverErrorText(answer.text, headerValue(answer.headers['x-influxdb-error']));
    throw writeFailure(answer.status, text, headerValue(answer.headers['retry-after']), { requestUrl: this.requestUrl, lines }, this.options.now());
  }

  close(): Promise<void> {
    return this.writer.close();
  }
}
