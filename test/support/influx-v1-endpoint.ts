// A loopback HTTP server that enforces the InfluxDB 1.x /write and /query contract as influxd 1.6 answers it
// (status codes and error texts checked against the real server), with fault injection the real server cannot
// give on demand: 5xx answers, Retry-After, and hung requests that run into the client's timeout.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { freePort } from './free-port.js';

export type Fault =
  | { status: number; error?: string; retryAfter?: string }
  /** Never answer; the socket is destroyed after hangMs (the client should time out first). */
  | { hangMs: number };

export interface RecordedWrite {
  db: string;
  precision: string | null;
  gzip: boolean;
  /** Accepted lines in arrival order. */
  lines: string[];
  status: number;
}

export interface InfluxV1Endpoint {
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly databases: Set<string>;
  /** Every /write request (also failed ones), in arrival order. */
  readonly writes: RecordedWrite[];
  /** InfluxQL statements received on /query, lower-cased. */
  readonly queries: string[];
  /** All accepted lines in arrival order. */
  storedLines(): string[];
  /** Queue faults; each /write request consumes one before normal handling. */
  injectFaults(...faults: Fault[]): void;
  /** A fault every /write gets until called again with undefined (an outage). */
  setDown(fault: Fault | undefined): void;
  /** Requests answered with a fault so far. */
  faultsServed(): number;
  /** When set, every request must carry these credentials (u/p or Basic auth), else 401. */
  requireAuth(auth: { username: string; password: string } | undefined): void;
  close(): Promise<void>;
}

// Line protocol: measurement[,tags] fields[ timestamp]; spaces escaped with '\' belong to the token.
const SPLIT_RE = /(?<!\\) /;

function parseError(line: string): string | undefined {
  const parts = line.split(SPLIT_RE);
  if (parts.length < 2) return 'missing fields';
  if (parts.length > 3) return 'invalid field format';
  if (!parts[1].split(',').every((f) => /^[^=]+=.+$/.test(f))) return 'invalid field format';
  if (parts.length === 3 && !/^-?\d+$/.test(parts[2])) return 'bad timestamp';
  return undefined;
}

export async function startInfluxV1Endpoint(opts: { databases?: string[]; port?: number } = {}): Promise<InfluxV1Endpoint> {
  const port = opts.port ?? (await freePort());
  const databases = new Set(opts.databases ?? []);
  const writes: RecordedWrite[] = [];
  const queries: string[] = [];
  const faults: Fault[] = [];
  let served = 0;
  let down: Fault | undefined;
  let auth: { username: string; password: string } | undefined;
  const hung = new Set<IncomingMessage>();

  const authorised = (req: IncomingMessage, params: URLSearchParams): boolean => {
    if (!auth) return true;
    if (params.get('u') === auth.username && params.get('p') === auth.password) return true;
    const header = req.headers.authorization ?? '';
    return header === 'Basic ' + Buffer.from(`${auth.username}:${auth.password}`).toString('base64');
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://x');
    const raw = Buffer.concat(await collect(req));
    if (url.pathname === '/ping') return send(res, 204);
    if (!authorised(req, url.searchParams)) return send(res, 401, 'authorization failed');
    if (url.pathname === '/query') return query(url, raw, req, res);
    if (url.pathname !== '/write' || req.method !== 'POST') return send(res, 404, 'not found');
    const fault = faults.shift() ?? down;
    if (fault) {
      served++;
      if ('hangMs' in fault) {
        hung.add(req);
        setTimeout(() => {
          hung.delete(req);
          req.socket.destroy();
        }, fault.hangMs).unref();
        return;
      }
      const headers = fault.retryAfter ? { 'retry-after': fault.retryAfter } : undefined;
      return send(res, fault.status, fault.error ?? 'injected failure', headers);
    }
    write(url, raw, req, res);
  };

  const write = (url: URL, raw: Buffer, req: IncomingMessage, res: ServerResponse): void => {
    const db = url.searchParams.get('db') ?? '';
    const gzip = req.headers['content-encoding'] === 'gzip';
    const record: RecordedWrite = { db, precision: url.searchParams.get('precision'), gzip, lines: [], status: 204 };
    writes.push(record);
    const reply = (status: number, error?: string): void => {
      record.status = status;
      send(res, status, error);
    };
    if (!db) return reply(400, 'database is required');
    if (!databases.has(db)) return reply(404, `database not found: "${db}"`);
    const text = (gzip ? gunzipSync(raw) : raw).toString('utf8');
    const bad: string[] = [];
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      const why = parseError(line);
      if (why) bad.push(`unable to parse '${line}': ${why}`);
      else record.lines.push(line);
    }
    if (bad.length === 0) return reply(204);
    if (record.lines.length === 0) return reply(400, bad.join('\n'));
    reply(400, `partial write: ${bad.join('\n')} dropped=0`);
  };

  const query = (url: URL, raw: Buffer, req: IncomingMessage, res: ServerResponse): void => {
    const form = req.headers['content-type']?.includes('form') ? new URLSearchParams(raw.toString('utf8')) : undefined;
    const q = (url.searchParams.get('q') ?? form?.get('q') ?? '').trim().toLowerCase();
    queries.push(q);
    const created = /^create database "?([^"\s]+)"?/.exec(q);
    if (q === 'show databases') {
      const values = [...databases].map((d) => [d]);
      return json(res, { results: [{ statement_id: 0, series: [{ name: 'databases', columns: ['name'], values }] }] });
    }
    if (created) databases.add(created[1]);
    json(res, { results: [{ statement_id: 0 }] });
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err: Error) => send(res, 500, err.message));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });

  return {
    url: `http://127.0.0.1:${port}`,
    host: '127.0.0.1',
    port,
    databases,
    writes,
    queries,
    storedLines: () => writes.flatMap((w) => w.lines),
    injectFaults: (...f) => faults.push(...f),
    faultsServed: () => served,
    setDown: (f) => (down = f),
    requireAuth: (a) => (auth = a),
    close: () =>
      new Promise<void>((resolve) => {
        for (const req of hung) req.socket.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function collect(req: IncomingMessage): Promise<Buffer[]> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(chunks));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, error?: string, headers: Record<string, string> = {}): void {
  if (error === undefined) {
    res.writeHead(status, headers).end();
    return;
  }
  res.writeHead(status, { ...headers, 'content-type': 'application/json', 'x-influxdb-error': error.replace(/\n/g, ' ') });
  res.end(JSON.stringify({ error }) + '\n');
}

function json(res: ServerResponse, body: unknown): void {
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}
