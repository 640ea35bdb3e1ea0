// A loopback stand-in for the New Relic Metric API (POST /metric/v1) and Event API
// (POST /v1/accounts/<id>/events) that enforces their request contract: Api-Key of a known account (403),
// JSON content type and gzip encoding (400), payload size limit on the compressed and the inflated body
// (413), payload shape (400). Metric posts answer 202 {requestId}, event posts 200 {success, uuid}, as New
// Relic does. Tests can script failures (any status, 429 with Retry-After, a hang) and read every accepted
// request with its items.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { gunzipSync } from 'node:zlib';

export interface NrAccount {
  accountId: string;
  apiKey: string;
}

export interface AcceptedRequest {
  api: 'metric' | 'event';
  /** Event API account id from the path; '' for metric posts. */
  accountId: string;
  apiKey: string;
  headers: IncomingMessage['headers'];
  compressedBytes: number;
  /** Metric data objects or events, as posted. */
  items: Array<Record<string, unknown>>;
  at: number;
}

export interface RefusedRequest {
  status: number;
  reason: string;
}

export interface EndpointOptions {
  accounts: NrAccount[];
  /** New Relic: 10^6 bytes per POST. Tests lower it to exercise 413 handling. */
  maxPayloadBytes?: number;
}

export interface NewRelicEndpoint {
  readonly url: string;
  readonly metricUrl: string;
  readonly eventBaseUrl: string;
  readonly accepted: AcceptedRequest[];
  readonly refused: RefusedRequest[];
  /** Answers the next `times` posts with this status (and Retry-After seconds for 429/503 when given). */
  failNext(status: number, times?: number, retryAfterSec?: number): void;
  /** The next post gets no answer for ms milliseconds (the client should time out). */
  hangNext(ms: number): void;
  /** While down every post answers 503. */
  setDown(down: boolean): void;
  /** All accepted events (Event API) in arrival order. */
  events(): Array<Record<string, unknown>>;
  /** All accepted metric data objects in arrival order. */
  metricData(): Array<Record<string, unknown>>;
  close(): Promise<void>;
}

const EVENT_PATH = /^\/v1\/accounts\/([^/]+)\/events$/;
const EVENT_TYPE = /^[A-Za-z0-9_:]{1,255}$/;
const MAX_ATTRIBUTES = 255;
const MAX_VALUE_CHARS = 4096;

class Refusal extends Error {
  constructor(
    readonly status: number,
    reason: string,
  ) {
    super(reason);
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function checkAttributes(attrs: Record<string, unknown>, where: string): void {
  const keys = Object.keys(attrs);
  if (keys.length > MAX_ATTRIBUTES) throw new Refusal(400, `${where}: ${keys.length} attributes (max ${MAX_ATTRIBUTES})`);
  for (const k of keys) {
    const v = attrs[k];
    if (k.length > 255) throw new Refusal(400, `${where}: attribute name longer than 255`);
    if (typeof v === 'string' && v.length > MAX_VALUE_CHARS) throw new Refusal(400, `${where}.${k}: value longer than ${MAX_VALUE_CHARS}`);
    if (v !== null && typeof v === 'object') throw new Refusal(400, `${where}.${k}: nested objects are not attribute values`);
  }
}

function checkMetricPayload(body: unknown): Array<Record<string, unknown>> {
  if (!Array.isArray(body)) throw new Refusal(400, 'metric payload must be a JSON array');
  body.forEach((data, i) => {
    if (!isObject(data) || !Array.isArray(data.metrics)) throw new Refusal(400, `[${i}]: needs a metrics array`);
    if (data.common !== undefined) {
      if (!isObject(data.common)) throw new Refusal(400, `[${i}].common must be an object`);
      if (data.common.attributes !== undefined) checkAttributes(data.common.attributes as Record<string, unknown>, `[${i}].common.attributes`);
    }
    data.metrics.forEach((m: unknown, j: number) => {
      if (!isObject(m) || typeof m.name !== 'string' || m.name === '') throw new Refusal(400, `[${i}].metrics[${j}]: needs a name`);
      if (!['gauge', 'count', 'summary'].includes(String(m.type ?? 'gauge'))) throw new Refusal(400, `[${i}].metrics[${j}]: unknown type ${String(m.type)}`);
      if (m.value === undefined) throw new Refusal(400, `[${i}].metrics[${j}]: needs a value`);
    });
  });
  return body as Array<Record<string, unknown>>;
}

function checkEventPayload(body: unknown): Array<Record<string, unknown>> {
  const events = Array.isArray(body) ? body : [body];
  events.forEach((e, i) => {
    if (!isObject(e)) throw new Refusal(400, `event ${i} is not an object`);
    if (typeof e.eventType !== 'string' || !EVENT_TYPE.test(e.eventType)) throw new Refusal(400, `event ${i}: missing or invalid eventType`);
    checkAttributes(e, `event ${i}`);
  });
  return events as Array<Record<string, unknown>>;
}

export async function startNewRelicEndpoint(opts: EndpointOptions): Promise<NewRelicEndpoint> {
  const maxBytes = opts.maxPayloadBytes ?? 1_000_000;
  const keyOf = new Map(opts.accounts.map((a) => [a.accountId, a.apiKey]));
  const keys = new Set(opts.accounts.map((a) => a.apiKey));
  const accepted: AcceptedRequest[] = [];
  const refused: RefusedRequest[] = [];
  const script: Array<{ status: number; retryAfterSec?: number } | { hangMs: number }> = [];
  let down = false;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks);
    const step = script.shift();
    if (step && 'hangMs' in step) {
      await new Promise((r) => setTimeout(r, step.hangMs));
      res.destroy();
      return;
    }
    if (step) {
      if (step.retryAfterSec !== undefined) res.setHeader('retry-after', String(step.retryAfterSec));
      throw new Refusal(step.status, 'scripted failure');
    }
    if (down) throw new Refusal(503, 'endpoint is down');
    if (req.method !== 'POST') throw new Refusal(405, 'POST only');
    const path = (req.url ?? '').split('?')[0];
    const eventMatch = EVENT_PATH.exec(path);
    const api = path === '/metric/v1' ? 'metric' : eventMatch ? 'event' : undefined;
    if (!api) throw new Refusal(404, `no API at ${path}`);
    const apiKey = String(req.headers['api-key'] ?? '');
    const accountId = eventMatch ? decodeURIComponent(eventMatch[1]) : '';
    if (api === 'event' ? keyOf.get(accountId) !== apiKey : !keys.has(apiKey)) throw new Refusal(403, 'missing or wrong Api-Key');
    if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) throw new Refusal(400, 'content-type must be application/json');
    if (req.headers['content-encoding'] !== 'gzip') throw new Refusal(400, 'content-encoding must be gzip');
    if (raw.byteLength > maxBytes) throw new Refusal(413, `compressed payload ${raw.byteLength} > ${maxBytes}`);
    let json: Buffer;
    try {
      json = gunzipSync(raw);
    } catch {
      throw new Refusal(400, 'body is not gzip');
    }
    if (json.byteLength > maxBytes) throw new Refusal(413, `payload ${json.byteLength} > ${maxBytes}`);
    let body: unknown;
    try {
      body = JSON.parse(json.toString('utf8'));
    } catch {
      throw new Refusal(400, 'body is not JSON');
    }
    const items = api === 'metric' ? checkMetricPayload(body) : checkEventPayload(body);
    accepted.push({ api, accountId, apiKey, headers: req.headers, compressedBytes: raw.byteLength, items, at: Date.now() });
    const status = api === 'metric' ? 202 : 200;
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(api === 'metric' ? { requestId: randomUUID() } : { success: true, uuid: randomUUID() }));
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      const status = err instanceof Refusal ? err.status : 500;
      const reason = err instanceof Error ? err.message : String(err);
      refused.push({ status, reason });
      if (res.headersSent || res.destroyed) return;
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: reason }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    metricUrl: `${url}/metric/v1`,
    eventBaseUrl: url,
    accepted,
    refused,
    failNext(status, times = 1, retryAfterSec) {
      for (let i = 0; i < times; i++) script.push({ status, retryAfterSec });
    },
    hangNext(ms) {
      script.push({ hangMs: ms });
    },
    setDown(value) {
      down = value;
    },
    events: () => accepted.filter((r) => r.api === 'event').flatMap((r) => r.items),
    metricData: () => accepted.filter((r) => r.api === 'metric').flatMap((r) => r.items),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
