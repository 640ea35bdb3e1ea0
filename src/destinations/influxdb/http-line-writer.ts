// One undici Pool per sink that POSTs pre-encoded line protocol (gzip-compressed) and hands back the answer.
// Shared by the v1, v2 and v3 sinks; each version's classifier reads a non-2xx answer its own way.
//
// Why undici and not the write APIs of `@influxdata/influxdb-client` / `@influxdata/influxdb3-client`:
// - the v2 WriteApi re-batches lines (batchSize, maxBatchBytes), flushes on its own timer and keeps a retry
//   buffer with its own backoff (maxRetries 5 by default); our delivery layer owns batching, retry, spooling
//   and the counters, and two retry layers would duplicate data and hide failures (docs/compatibility.md D2.2).
// - the v3 client (2.x) writes to `/api/v3/write_lp` only with `no_sync=true` (acknowledged before the WAL is
//   persisted: a crash loses acknowledged data) and otherwise to the v2 compatibility endpoint; it also takes
//   strings, so our bytes would be decoded and re-encoded on the writer thread.
// Both libraries are still used where they fit: provisioning (v2 orgs/buckets API, v3 server ping).

import { promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib';
import { Pool } from 'undici';
import { errorFromException } from '../sink-error.js';
import type { ResolvedTls } from './options.js';

const gzip = promisify(gzipCallback);

// Level 1: line protocol still shrinks several-fold and the writer thread spends the least CPU on it;
// higher levels buy a few percent of bytes for several times the CPU.
const GZIP_LEVEL = 1;
// An upper bound, opened only as writes overlap: every lane of the destination writing side by side, the log
// lane with up to `delivery.maxWritesInFlight` (at most 16) writes at once, without a socket per batch.
const CONNECTIONS = 16;
const KEEP_ALIVE_MS = 30_000;
const MAX_ERROR_BODY = 64 * 1024;

export interface HttpLineWriterOptions {
  origin: string;
  tls?: ResolvedTls;
  /** The Authorization header value (v2/v3: `Token <token>`); none when undefined (v1 authenticates in the query). */
  authorization?: string;
  gzip: boolean;
  timeoutMs: number;
}

export interface HttpAnswer {
  status: number;
  /** Error body (truncated), '' on success. */
  text: string;
  headers: Record<string, string | string[] | undefined>;
}

export class HttpLineWriter {
  private readonly pool: Pool;
  private readonly writeHeaders: Record<string, string>;
  private readonly authHeaders: Record<string, string>;

  constructor(private readonly options: HttpLineWriterOptions) {
    this.authHeaders = options.authorization === undefined ? {} : { authorization: options.authorization };
    this.writeHeaders = { 'content-type': 'text/plain; charset=utf-8', ...this.authHeaders };
    if (options.gzip) this.writeHeaders['content-encoding'] = 'gzip';
    this.pool = new Pool(options.origin, {
      connections: CONNECTIONS,
      keepAliveTimeout: KEEP_ALIVE_MS,
      connectTimeout: options.timeoutMs,
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
      ...(options.tls ? { connect: { ca: options.tls.ca, rejectUnauthorized: options.tls.rejectUnauthorized } } : {}),
    });
  }

  /** POSTs body to path; network failures reject with a classified SinkWriteError, HTTP errors resolve. */
  async post(path: string, body: Uint8Array, requestUrl: string): Promise<HttpAnswer> {
    const context = { requestUrl, requestTimeoutMs: this.options.timeoutMs };
    try {
      const payload = this.options.gzip ? await gzip(body, { level: GZIP_LEVEL }) : body;
      const response = await this.pool.request({ method: 'POST', path, headers: this.writeHeaders, body: payload });
      return await answerOf(response);
    } catch (err) {
      throw errorFromException(err, context);
    }
  }

  /** A GET with the credentials, for provisioning checks; the body is parsed as JSON when it is JSON. */
  getJson(path: string, requestUrl: string, timeoutMs?: number): Promise<JsonAnswer> {
    return this.json('GET', path, undefined, requestUrl, timeoutMs);
  }

  /** A POST of a JSON body with the credentials, for provisioning (create a database). */
  postJson(path: string, body: unknown, requestUrl: string, timeoutMs?: number): Promise<JsonAnswer> {
    return this.json('POST', path, JSON.stringify(body), requestUrl, timeoutMs);
  }

  private async json(method: 'GET' | 'POST', path: string, body: string | undefined, requestUrl: string, timeoutMs = this.options.timeoutMs): Promise<JsonAnswer> {
    const headers: Record<string, string> = { ...this.authHeaders, accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    try {
      const response = await this.pool.request({ method, path, headers, body, headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
      const text = (await response.body.text()).slice(0, MAX_ERROR_BODY);
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      return { status: response.statusCode, json, text };
    } catch (err) {
      throw errorFromException(err, { requestUrl, requestTimeoutMs: timeoutMs });
    }
  }

  async close(): Promise<void> {
    // destroy, not close: stop() has its own deadline and must not wait for a hung request.
    await this.pool.destroy();
  }
}

export interface JsonAnswer {
  status: number;
  json: unknown;
  text: string;
}

async function answerOf(response: Awaited<ReturnType<Pool['request']>>): Promise<HttpAnswer> {
  const { statusCode, headers } = response;
  if (statusCode >= 200 && statusCode < 300) {
    await response.body.dump();
    return { status: statusCode, text: '', headers };
  }
  const text = (await response.body.text()).slice(0, MAX_ERROR_BODY);
  return { status: statusCode, text, headers };
}

export function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
