// A loopback HTTP server that enforces the InfluxDB 2.x write and provisioning contract: `POST /api/v2/write?
// org=&bucket=&precision=` with `Authorization: Token <t>`, gzip bodies, `{code, message}` error JSON; a
// malformed line refuses the WHOLE request (400, first bad line quoted), a field type conflict stores the rest
// (422 "partial write ... dropped=N"), a too large body is 413. Orgs and buckets API for provisioning. Every
// accepted line is optionally checked against the v2 schema. Fault injection as in influx-v1-endpoint.ts.
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  bodyText,
  closeServer,
  collect,
  ColumnCatalog,
  listen,
  newFaultState,
  parseLine,
  SchemaLedger,
  sendJson,
  serveFault,
  tokenOf,
  type Fault,
} from './influx-endpoint-common.js';

export type { Fault } from './influx-endpoint-common.js';

export interface V2Write {
  org: string | null;
  bucket: string | null;
  precision: string | null;
  gzip: boolean;
  lines: string[];
  status: number;
}

export interface CreatedBucket {
  orgID: string;
  name: string;
  description?: string;
  retentionRules: Array<{ type: string; everySeconds: number }>;
}

export interface InfluxV2Endpoint {
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly token: string;
  /** org name -> id */
  readonly orgs: Map<string, string>;
  /** `${orgID}/${bucket}` of existing buckets. */
  readonly buckets: Set<string>;
  readonly created: CreatedBucket[];
  readonly writes: V2Write[];
  /** Schema violations of accepted lines (only with `schema: 2`). */
  readonly violations: string[];
  storedLines(): string[];
  injectFaults(...faults: Fault[]): void;
  setDown(fault: Fault | undefined): void;
  faultsServed(): number;
  close(): Promise<void>;
}

export interface V2EndpointOptions {
  token?: string;
  orgs?: string[];
  /** `org/bucket` pairs that exist from the start. */
  buckets?: string[];
  /** Largest accepted body (after gunzip), bytes. */
  maxBodyBytes?: number;
  /** Check accepted lines against this schema version. */
  schema?: 2;
  port?: number;
}

const PRECISIONS = new Set(['ns', 'us', 'ms', 's']);

const err = (code: string, message: string) => ({ code, message });
const CODE_OF: Record<number, string> = { 400: 'invalid', 401: 'unauthorized', 404: 'not found', 413: 'request too large', 422: 'unprocessable entity', 429: 'too many requests', 503: 'unavailable' };
const faultBody = (status: number, message: string) => err(CODE_OF[status] ?? 'internal error', message);

export async function startInfluxV2Endpoint(opts: V2EndpointOptions = {}): Promise<InfluxV2Endpoint> {
  const token = opts.token ?? 'test-token';
  const orgs = new Map<string, string>();
  const buckets = new Set<string>();
  let nextId = 1;
  const idFor = () => (nextId++).toString(16).padStart(16, '0');
  for (const o of opts.orgs ?? ['butler']) orgs.set(o, idFor());
  for (const ob of opts.buckets ?? []) {
    const [o, b] = ob.split('/');
    buckets.add(`${orgs.get(o)}/${b}`);
  }
  const created: CreatedBucket[] = [];
  const writes: V2Write[] = [];
  const faults = newFaultState();
  const columns = new ColumnCatalog();
  const ledger = new SchemaLedger(opts.schema);
  const maxBody = opts.maxBodyBytes ?? 10 * 1024 * 1024;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://x');
    const raw = await collect(req);
    if (url.pathname === '/ping') return sendJson(res, 204, undefined);
    if (tokenOf(req, ['Token', 'Bearer']) !== token) return sendJson(res, 401, err('unauthorized', 'unauthorized access'));
    if (url.pathname === '/api/v2/orgs' && req.method === 'GET') return listOrgs(url, res);
    if (url.pathname === '/api/v2/buckets' && req.method === 'GET') return listBuckets(url, res);
    if (url.pathname === '/api/v2/buckets' && req.method === 'POST') return createBucket(raw, res);
    if (url.pathname === '/api/v2/write' && req.method === 'POST') {
      if (serveFault(faults, req, res, faultBody)) return;
      return write(url, req, raw, res);
    }
    sendJson(res, 404, err('not found', 'path not found'));
  };

  const listOrgs = (url: URL, res: ServerResponse): void => {
    const name = url.searchParams.get('org');
    if (name !== null && !orgs.has(name)) return sendJson(res, 404, err('not found', `organization name "${name}" not found`));
    const list = [...orgs].filter(([n]) => name === null || n === name).map(([n, id]) => ({ id, name: n }));
    sendJson(res, 200, { orgs: list });
  };

  const listBuckets = (url: URL, res: ServerResponse): void => {
    const orgID = url.searchParams.get('orgID') ?? '';
    const name = url.searchParams.get('name');
    const list = [...buckets].map((k) => k.split('/')).filter(([o, b]) => o === orgID && (name === null || b === name));
    if (name !== null && list.length === 0) return sendJson(res, 404, err('not found', `bucket "${name}" not found`));
    sendJson(res, 200, { buckets: list.map(([o, b]) => ({ id: `${o}-${b}`, orgID: o, name: b })) });
  };

  const createBucket = (raw: Buffer, res: ServerResponse): void => {
    let body: CreatedBucket;
    try {
      body = JSON.parse(raw.toString('utf8')) as CreatedBucket;
    } catch {
      return sendJson(res, 400, err('invalid', 'failed to decode request body'));
    }
    if (![...orgs.values()].includes(body.orgID)) return sendJson(res, 404, err('not found', 'organization not found'));
    if (!Array.isArray(body.retentionRules)) return sendJson(res, 400, err('invalid', 'retentionRules must be an array'));
    if (buckets.has(`${body.orgID}/${body.name}`)) return sendJson(res, 422, err('conflict', `bucket with name ${body.name} already exists`));
    buckets.add(`${body.orgID}/${body.name}`);
    created.push(body);
    sendJson(res, 201, { id: `${body.orgID}-${body.name}`, ...body });
  };

  const write = (url: URL, req: IncomingMessage, raw: Buffer, res: ServerResponse): void => {
    const org = url.searchParams.get('org');
    const bucket = url.searchParams.get('bucket');
    const record: V2Write = { org, bucket, precision: url.searchParams.get('precision'), gzip: req.headers['content-encoding'] === 'gzip', lines: [], status: 204 };
    writes.push(record);
    const reply = (status: number, body?: unknown): void => {
      record.status = status;
      sendJson(res, status, body);
    };
    if (!org) return reply(400, err('invalid', 'Please provide either orgID or org'));
    if (!bucket) return reply(400, err('invalid', 'Please provide bucket'));
    const orgID = orgs.get(org);
    if (!orgID) return reply(404, err('not found', `organization name "${org}" not found`));
    if (!buckets.has(`${orgID}/${bucket}`)) return reply(404, err('not found', `bucket "${bucket}" not found`));
    if (record.precision !== null && !PRECISIONS.has(record.precision)) return reply(400, err('invalid', 'invalid precision; valid precision units are ns, us, ms, and s'));
    const text = bodyText(req, raw);
    if (text === undefined) return reply(400, err('invalid', 'unable to decode gzip body'));
    if (Buffer.byteLength(text) > maxBody) return reply(413, err('request too large', 'unable to read data: points batch is too large'));
    const parsed = [];
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      const p = parseLine(line);
      // The whole request is refused for the first malformed line; nothing is stored.
      if (typeof p === 'string') return reply(400, err('invalid', `unable to parse '${line}': ${p}`));
      parsed.push({ line, p });
    }
    let dropped = 0;
    let firstConflict = '';
    for (const { line, p } of parsed) {
      const conflict = columns.conflict(orgID + bucket, p, false);
      if (conflict) {
        dropped++;
        firstConflict ||= conflict;
        continue;
      }
      columns.record(orgID + bucket, p);
      ledger.check(p, line);
      record.lines.push(line);
    }
    if (dropped === 0) return reply(204);
    reply(422, err('unprocessable entity', `failure writing points to database: partial write: field type conflict: input ${firstConflict} dropped=${dropped}`));
  };

  const { server, port } = await listen(handle, opts.port);
  return {
    url: `http://127.0.0.1:${port}`,
    host: '127.0.0.1',
    port,
    token,
    orgs,
    buckets,
    created,
    writes,
    violations: ledger.violations,
    storedLines: () => writes.flatMap((w) => w.lines),
    injectFaults: (...f) => faults.queue.push(...f),
    setDown: (f) => (faults.down = f),
    faultsServed: () => faults.served,
    close: () => closeServer(server, faults),
  };
}
