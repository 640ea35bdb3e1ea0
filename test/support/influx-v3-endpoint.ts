// A loopback HTTP server that enforces the InfluxDB 3 (Core) write contract: `POST /api/v3/write_lp?db=&
// precision=&accept_partial=&no_sync=` with `Authorization: Token|Bearer <t>`, gzip bodies, `{"error": ...}`
// JSON. With accept_partial (default true) good lines are stored and the bad ones listed (400 "partial write of
// line protocol occurred", data[{original_line, line_number, error_message}]); accept_partial=false stores
// nothing. A tag and a field of the same name, or a column type change, are refused per line as the columnar
// engine does (this is why v3 writes `userFull_field`). Databases are created on first write unless
// `autoCreate: false` (then 404). `/ping` and `GET /api/v3/configure/database` for the start-up check;
// `POST /api/v3/configure/database` creates one as InfluxDB 3 Core/Enterprise document it: JSON {"db" (required;
// letters, digits, - and _, starting with a letter or digit), "retention_period" (optional duration such as 30d,
// 24h; omitted = no expiry)}, nothing else (a database has no description in the v3 API); 409 when it exists.
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

export interface V3Write {
  db: string | null;
  precision: string | null;
  acceptPartial: string | null;
  noSync: string | null;
  gzip: boolean;
  lines: string[];
  status: number;
}

export interface InfluxV3Endpoint {
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly token: string;
  readonly databases: Set<string>;
  /** Retention period per database created through the configure API ('' = none). */
  readonly retention: Map<string, string>;
  /** Requests to /api/v3/configure/database, in order. */
  readonly configureCalls: Array<{ method: string; body: unknown; status: number }>;
  readonly writes: V3Write[];
  readonly pings: number;
  readonly violations: string[];
  storedLines(): string[];
  injectFaults(...faults: Fault[]): void;
  setDown(fault: Fault | undefined): void;
  faultsServed(): number;
  close(): Promise<void>;
}

export interface V3EndpointOptions {
  token?: string;
  databases?: string[];
  /** Create a database on its first write (InfluxDB 3 Core). Default true. */
  autoCreate?: boolean;
  maxBodyBytes?: number;
  schema?: 3;
  port?: number;
  /** Refuse database creation with 403 (a token without admin rights). */
  createForbidden?: boolean;
  /** Delay the answers of /api/v3/configure/database by this many ms (slow server). */
  configureDelayMs?: number;
}

const PRECISIONS = new Set(['auto', 'nanosecond', 'microsecond', 'millisecond', 'second', 'ns', 'us', 'ms', 's']);
const faultBody = (_status: number, message: string) => ({ error: message });
const DB_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;
const DURATION = /^(\d+(ns|us|ms|s|m|h|d|w))+$/;

function parsedBody(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    return undefined;
  }
}

interface LineError {
  original_line: string;
  line_number: number;
  error_message: string;
}

export async function startInfluxV3Endpoint(opts: V3EndpointOptions = {}): Promise<InfluxV3Endpoint> {
  const token = opts.token ?? 'apiv3_test-token';
  const databases = new Set(opts.databases ?? []);
  const retention = new Map<string, string>();
  const configureCalls: InfluxV3Endpoint['configureCalls'] = [];
  const writes: V3Write[] = [];
  const faults = newFaultState();
  const columns = new ColumnCatalog();
  const ledger = new SchemaLedger(opts.schema);
  const maxBody = opts.maxBodyBytes ?? 10 * 1024 * 1024;
  let pings = 0;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://x');
    const raw = await collect(req);
    if (tokenOf(req, ['Token', 'Bearer']) !== token) return sendJson(res, 401, { error: 'the request was not authenticated' });
    if (url.pathname === '/ping' && req.method === 'GET') {
      pings++;
      return sendJson(res, 200, { version: '3.4.0', revision: 'loopback' }, { 'x-influxdb-version': '3.4.0' });
    }
    if (url.pathname === '/api/v3/configure/database' && (req.method === 'GET' || req.method === 'POST')) {
      if (opts.configureDelayMs) await new Promise((r) => setTimeout(r, opts.configureDelayMs));
      if (res.destroyed) return;
      const reply = (status: number, body: unknown): void => {
        configureCalls.push({ method: req.method!, body: req.method === 'POST' ? parsedBody(raw) : undefined, status });
        sendJson(res, status, body);
      };
      if (req.method === 'GET') return reply(200, [...databases].map((d) => ({ 'iox::database': d })));
      return createDatabase(parsedBody(raw), reply);
    }
    if (url.pathname === '/api/v3/write_lp' && req.method === 'POST') {
      if (serveFault(faults, req, res, faultBody)) return;
      return write(url, req, raw, res);
    }
    sendJson(res, 404, { error: 'not found' });
  };

  const createDatabase = (body: unknown, reply: (status: number, body: unknown) => void): void => {
    if (opts.createForbidden) return reply(403, { error: 'token does not have the permission to create databases' });
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return reply(400, { error: 'request body must be a JSON object' });
    const { db, retention_period: retentionPeriod, ...rest } = body as Record<string, unknown>;
    const unknown = Object.keys(rest);
    if (unknown.length > 0) return reply(400, { error: `unknown field \`${unknown[0]}\`, expected \`db\` or \`retention_period\`` });
    if (typeof db !== 'string' || !DB_NAME.test(db)) return reply(400, { error: `invalid database name: ${String(db)}` });
    if (retentionPeriod !== undefined && (typeof retentionPeriod !== 'string' || !DURATION.test(retentionPeriod))) {
      return reply(400, { error: `invalid retention period: ${String(retentionPeriod)}` });
    }
    if (databases.has(db)) return reply(409, { error: 'attempted to create resource that already exists' });
    databases.add(db);
    retention.set(db, (retentionPeriod as string | undefined) ?? '');
    reply(200, {});
  };

  const write = (url: URL, req: IncomingMessage, raw: Buffer, res: ServerResponse): void => {
    const q = url.searchParams;
    const record: V3Write = { db: q.get('db'), precision: q.get('precision'), acceptPartial: q.get('accept_partial'), noSync: q.get('no_sync'), gzip: req.headers['content-encoding'] === 'gzip', lines: [], status: 204 };
    writes.push(record);
    const reply = (status: number, body?: unknown): void => {
      record.status = status;
      sendJson(res, status, body);
    };
    const db = record.db;
    if (!db) return reply(400, { error: 'missing query parameter: db' });
    if (record.precision !== null && !PRECISIONS.has(record.precision)) return reply(400, { error: `invalid precision: ${record.precision}` });
    if (!databases.has(db)) {
      if (opts.autoCreate === false) return reply(404, { error: `database not found: ${db}` });
      databases.add(db);
    }
    const text = bodyText(req, raw);
    if (text === undefined) return reply(400, { error: 'invalid gzip body' });
    if (Buffer.byteLength(text) > maxBody) return reply(413, { error: 'Request body too large' });
    const acceptPartial = record.acceptPartial !== 'false';
    const errors: LineError[] = [];
    const good: Array<{ line: string; p: Exclude<ReturnType<typeof parseLine>, string> }> = [];
    text.split('\n').forEach((line, index) => {
      if (line.trim() === '') return;
      const p = parseLine(line);
      const why = typeof p === 'string' ? p : columns.conflict(db, p, true);
      if (why || typeof p === 'string') errors.push({ original_line: line, line_number: index + 1, error_message: why ?? 'invalid' });
      else good.push({ line, p });
    });
    if (errors.length > 0 && !acceptPartial) return reply(400, { error: 'parsing failed for write_lp endpoint', data: errors[0] });
    for (const { line, p } of good) {
      columns.record(db, p);
      ledger.check(p, line);
      record.lines.push(line);
    }
    if (errors.length === 0) return reply(204);
    reply(400, { error: 'partial write of line protocol occurred', data: errors });
  };

  const { server, port } = await listen(handle, opts.port);
  return {
    url: `http://127.0.0.1:${port}`,
    host: '127.0.0.1',
    port,
    token,
    databases,
    retention,
    configureCalls,
    writes,
    get pings() {
      return pings;
    },
    violations: ledger.violations,
    storedLines: () => writes.flatMap((w) => w.lines),
    injectFaults: (...f) => faults.queue.push(...f),
    setDown: (f) => (faults.down = f),
    faultsServed: () => faults.served,
    close: () => closeServer(server, faults),
  };
}
