// POST /write for InfluxDB 1.x over one undici Pool (keep-alive, bounded connections, timeouts).
//
// Why not node-influx for writes (Butler SOS used `influx.writePoints`): it takes point objects and
// serialises them to line protocol itself, on the calling thread. Our points arrive already encoded by
// the parse pool, so going through node-influx would mean parsing them back into objects on the writer
// thread only to serialise them again. A raw POST of the encoded body (gzip-compressed) is the cheapest
// correct path; node-influx is still used for the one-off provisioning queries (provisioner.ts).

import { promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib';
import { Pool } from 'undici';
import { errorFromException } from '../sink-error.js';
import type { InfluxdbV1Auth, ResolvedTls } from './options.js';
import { serverErrorText, writeFailure } from './write-response.js';

const gzip = promisify(gzipCallback);

// Level 1: line protocol still shrinks several-fold and the writer thread spends the least CPU on it;
// higher levels buy a few percent of bytes on a loopback/LAN link for several times the CPU.
const GZIP_LEVEL = 1;
// Enough for the lanes of one destination to write side by side without opening a socket per batch.
const CONNECTIONS = 4;
const KEEP_ALIVE_MS = 30_000;
const MAX_ERROR_BODY = 64 * 1024;

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
  private readonly pool: Pool;
  private readonly headers: Record<string, string>;

  constructor(private readonly options: WriteClientOptions) {
    this.requestUrl = `${options.origin}/write`;
    let query = `db=${encodeURIComponent(options.dbName)}&precision=n`;
    if (options.auth.enable) query += `&u=${encodeURIComponent(options.auth.username)}&p=${encodeURIComponent(options.auth.password)}`;
    this.path = `/write?${query}`;
    this.headers = { 'content-type': 'text/plain; charset=utf-8' };
    if (options.gzip) this.headers['content-encoding'] = 'gzip';
    this.pool = new Pool(options.origin, {
      connections: CONNECTIONS,
      keepAliveTimeout: KEEP_ALIVE_MS,
      connectTimeout: options.timeoutMs,
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
      ...(options.tls ? { connect: { ca: options.tls.ca, rejectUnauthorized: options.tls.rejectUnauthorized } } : {}),
    });
  }

  /** Resolves when InfluxDB stored every line; rejects with a classified SinkWriteError. */
  async write(body: Uint8Array, lines: number): Promise<void> {
    const context = { requestUrl: this.requestUrl, requestTimeoutMs: this.options.timeoutMs };
    let response;
    try {
      const payload = this.options.gzip ? await gzip(body, { level: GZIP_LEVEL }) : body;
      response = await this.pool.request({ method: 'POST', path: this.path, headers: this.headers, body: payload });
    } catch (err) {
      throw errorFromException(err, context);
    }
    const { statusCode, headers } = response;
    if (statusCode >= 200 && statusCode < 300) {
      await response.body.dump();
      return;
    }
    let text = '';
    try {
      text = (await response.body.text()).slice(0, MAX_ERROR_BODY);
    } catch (err) {
      throw errorFromException(err, context);
    }
    const header = single(headers['x-influxdb-error']);
    throw writeFailure(statusCode, serverErrorText(text, header), single(headers['retry-after']), { requestUrl: this.requestUrl, lines }, this.options.now());
  }

  async close(): Promise<void> {
    // destroy, not close: stop() has its own deadline and must not wait for a hung request.
    await this.pool.destroy();
  }
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
