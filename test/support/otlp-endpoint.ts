// A loopback OTLP/HTTP receiver that enforces the OTLP/HTTP contract — a contract endpoint, not a real
// collector. It accepts POST /v1/logs and /v1/metrics only (404 otherwise, 405 for other methods), with
// Content-Type application/x-protobuf or application/json (415) and an optional gzip Content-Encoding (415 for
// others), an optional required header (401), decodes every body with the official generated codecs
// (otlp-codec.ts; 400 with a google.rpc.Status on failure) plus the rules of otlp-decode.ts, and answers 200
// with an Export*ServiceResponse in the request's format, with partial_success when a reject rule refuses
// records. Tests script failures: any status with Retry-After, a hang, an outage (503).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { CODECS, statusProtobuf, type Signal } from './otlp-codec.js';
import { decode, logsOf, pointsOf, Refusal, type SeenRequest, type StoredLog, type StoredPoint } from './otlp-decode.js';

export type { StoredLog, StoredPoint, SeenRequest } from './otlp-decode.js';

export interface OtlpEndpointOptions {
  /** A header every request must carry with this value (an API key); 401 otherwise. */
  requiredHeader?: { name: string; value: string };
  /** Partial success: a record for which this returns a reason is refused and counted in partial_success. */
  rejectLog?: (log: StoredLog) => string | undefined;
  rejectPoint?: (point: StoredPoint) => string | undefined;
}

export interface OtlpEndpoint {
  /** Base URL (the collector's `endpoint`). */
  readonly url: string;
  readonly requests: SeenRequest[];
  /** Accepted records in arrival order. */
  logs(): StoredLog[];
  points(): StoredPoint[];
  /** Both, in arrival order. */
  stored(): Array<StoredLog | StoredPoint>;
  /** The next `times` requests (to `path` only, when given) answer `status`, with Retry-After when given. */
  failNext(status: number, times?: number, retryAfter?: string, path?: string): void;
  /** The next request gets its answer (503) only after `ms`: the client times out. */
  hangNext(ms: number): void;
  /** While down every request answers 503. */
  setDown(down: boolean): void;
  close(): Promise<void>;
}

const PATHS: Record<string, Signal> = { '/v1/logs': 'logs', '/v1/metrics': 'metrics' };
const TYPES: Record<string, boolean> = { 'application/x-protobuf': false, 'application/json': true };

interface Failure {
  status: number;
  retryAfter?: string;
  /** Only requests to this path (/v1/logs or /v1/metrics); any when absent. */
  path?: string;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export async function startOtlpEndpoint(options: OtlpEndpointOptions = {}): Promise<OtlpEndpoint> {
  const requests: SeenRequest[] = [];
  const stored: Array<StoredLog | StoredPoint> = [];
  const failures: Failure[] = [];
  const hangs: number[] = [];
  let down = false;

  const answer = (res: ServerResponse, seen: SeenRequest, json: boolean, status: number, body: Uint8Array | string, extra: Record<string, string> = {}): void => {
    seen.status = status;
    res.writeHead(status, { 'content-type': json ? 'application/json' : 'application/x-protobuf', ...extra });
    res.end(body);
  };
  const refuse = (res: ServerResponse, seen: SeenRequest, json: boolean, status: number, reason: string, extra: Record<string, string> = {}): void => {
    seen.reason = reason;
    answer(res, seen, json, status, json ? JSON.stringify({ code: status, message: reason }) : statusProtobuf(status, reason), extra);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = (req.url ?? '').split('?')[0];
    const contentType = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    const contentEncoding = String(req.headers['content-encoding'] ?? '').toLowerCase();
    const seen: SeenRequest = { path, status: 0, contentType, contentEncoding, headers: req.headers, reason: '' };
    requests.push(seen);
    const raw = await readBody(req);
    const json = TYPES[contentType] === true;
    const signal = PATHS[path];
    if (!signal) return refuse(res, seen, json, 404, `no OTLP signal at ${path}`);
    if (req.method !== 'POST') return refuse(res, seen, json, 405, 'OTLP/HTTP takes POST only', { allow: 'POST' });
    if (!(contentType in TYPES)) return refuse(res, seen, json, 415, `unsupported Content-Type "${contentType}"`);
    const required = options.requiredHeader;
    if (required && req.headers[required.name.toLowerCase()] !== required.value) return refuse(res, seen, json, 401, `missing or wrong ${required.name} header`);
    const hang = hangs.shift();
    if (hang !== undefined) {
      // No answer in time: the client times out; nothing of this request is stored.
      await new Promise((r) => setTimeout(r, hang));
      return refuse(res, seen, json, 503, 'answered too late');
    }
    if (down) return refuse(res, seen, json, 503, 'endpoint is down', { 'retry-after': '0' });
    const at = failures.findIndex((f) => f.path === undefined || f.path === path);
    const failure = at >= 0 ? failures.splice(at, 1)[0] : undefined;
    if (failure) return refuse(res, seen, json, failure.status, `scripted ${failure.status}`, failure.retryAfter !== undefined ? { 'retry-after': failure.retryAfter } : {});
    let body: Buffer;
    if (contentEncoding === 'gzip') {
      try {
        body = gunzipSync(raw);
      } catch (err) {
        return refuse(res, seen, json, 400, `gzip body does not inflate: ${(err as Error).message}`);
      }
    } else if (contentEncoding === '' || contentEncoding === 'identity') body = raw;
    else return refuse(res, seen, json, 415, `unsupported Content-Encoding "${contentEncoding}"`);
    let records: Array<StoredLog | StoredPoint>;
    try {
      const request = decode(signal, json, body);
      records = signal === 'logs' ? logsOf(request) : pointsOf(request);
    } catch (err) {
      if (err instanceof Refusal) return refuse(res, seen, json, err.status, err.message);
      throw err;
    }
    const reasons: string[] = [];
    for (const r of records) {
      const reason = signal === 'logs' ? options.rejectLog?.(r as StoredLog) : options.rejectPoint?.(r as StoredPoint);
      if (reason) reasons.push(reason);
      else stored.push(r);
    }
    const codec = CODECS[signal].response;
    const partial = reasons.length === 0 ? undefined : signal === 'logs' ? { rejectedLogRecords: reasons.length, errorMessage: reasons[0] } : { rejectedDataPoints: reasons.length, errorMessage: reasons[0] };
    const response = codec.fromObject(partial ? { partialSuccess: partial } : {});
    answer(res, seen, json, 200, json ? JSON.stringify(codec.toObject(response, { longs: String })) : codec.encode(response).finish());
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: Error) => {
      if (!res.headersSent) res.writeHead(500).end(String(err.message));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    logs: () => stored.filter((r): r is StoredLog => 'observedTimeUnixNano' in r),
    points: () => stored.filter((r): r is StoredPoint => 'name' in r),
    stored: () => [...stored],
    failNext(status, times = 1, retryAfter, path) {
      for (let i = 0; i < times; i++) failures.push({ status, retryAfter, path });
    },
    hangNext: (ms) => void hangs.push(ms),
    setDown: (d) => void (down = d),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
