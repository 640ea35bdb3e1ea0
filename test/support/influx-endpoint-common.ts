// Plumbing shared by the loopback InfluxDB v2 and v3 endpoints: fault injection (statuses with the version's
// error JSON, Retry-After, hung requests), body reading with gzip, per-table column types (type conflicts are
// refused as the real servers do), and the schema check of every accepted line.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { gunzipSync } from 'node:zlib';
import type { InfluxVersion } from '../../src/points/point.js';
import { freePort } from './free-port.js';
import { parseLine, schemaViolations, type ParsedLine } from './line-protocol-check.js';

export type Fault =
  | { status: number; error?: string; retryAfter?: string }
  /** Never answer; the socket is destroyed after hangMs (the client should time out first). */
  | { hangMs: number };

export interface FaultState {
  queue: Fault[];
  down: Fault | undefined;
  served: number;
  hung: Set<IncomingMessage>;
}

export function newFaultState(): FaultState {
  return { queue: [], down: undefined, served: 0, hung: new Set() };
}

/** Consumes the next fault for a write; true when the request was answered (or parked) by it. */
export function serveFault(state: FaultState, req: IncomingMessage, res: ServerResponse, errorBody: (status: number, message: string) => unknown): boolean {
  const fault = state.queue.shift() ?? state.down;
  if (!fault) return false;
  state.served++;
  if ('hangMs' in fault) {
    state.hung.add(req);
    setTimeout(() => {
      state.hung.delete(req);
      req.socket.destroy();
    }, fault.hangMs).unref();
    return true;
  }
  const headers: Record<string, string> = fault.retryAfter ? { 'retry-after': fault.retryAfter } : {};
  sendJson(res, fault.status, errorBody(fault.status, fault.error ?? 'injected failure'), headers);
  return true;
}

export function collect(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** The request body as text, gunzipped when Content-Encoding says gzip; undefined when the gzip is broken. */
export function bodyText(req: IncomingMessage, raw: Buffer): string | undefined {
  if (req.headers['content-encoding'] !== 'gzip') return raw.toString('utf8');
  try {
    return gunzipSync(raw).toString('utf8');
  } catch {
    return undefined;
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (body === undefined) {
    res.writeHead(status, headers).end();
    return;
  }
  res.writeHead(status, { ...headers, 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
}

export function tokenOf(req: IncomingMessage, schemes: readonly string[]): string | undefined {
  const header = req.headers.authorization ?? '';
  for (const scheme of schemes) if (header.startsWith(`${scheme} `)) return header.slice(scheme.length + 1);
  return undefined;
}

/**
 * Column kinds per table as the server remembers them across writes. Field types never change; in InfluxDB 3
 * (one column namespace per table) a name is either a tag or a field, while 1.x/2.x keep tags and fields apart.
 */
export class ColumnCatalog {
  private readonly tables = new Map<string, { tags: Set<string>; fields: Map<string, string> }>();

  /** The first conflict of this line with what is stored (or within the line), without recording anything. */
  conflict(db: string, p: ParsedLine, oneNamespace: boolean): string | undefined {
    const table = this.tables.get(`${db}\u0000${p.measurement}`);
    for (const f of p.fields) {
      const known = table?.fields.get(f.key);
      if (known !== undefined && known !== f.type) return `field "${f.key}" on measurement "${p.measurement}" is type ${f.type}, already exists as type ${known}`;
      if (oneNamespace && (p.tags.some(([k]) => k === f.key) || table?.tags.has(f.key))) return `column "${f.key}" of table "${p.measurement}" is a tag and cannot be written as a field`;
    }
    if (oneNamespace) for (const [k] of p.tags) if (table?.fields.has(k)) return `column "${k}" of table "${p.measurement}" is a field and cannot be written as a tag`;
    return undefined;
  }

  record(db: string, p: ParsedLine): void {
    const id = `${db}\u0000${p.measurement}`;
    let table = this.tables.get(id);
    if (!table) this.tables.set(id, (table = { tags: new Set(), fields: new Map() }));
    for (const [k] of p.tags) table.tags.add(k);
    for (const f of p.fields) if (!table.fields.has(f.key)) table.fields.set(f.key, f.type);
  }
}

/** Schema check of accepted lines, when the endpoint was asked to check a version. */
export class SchemaLedger {
  readonly violations: string[] = [];
  constructor(private readonly version: InfluxVersion | undefined) {}

  check(p: ParsedLine, line: string): void {
    if (this.version === undefined) return;
    for (const v of schemaViolations(p, this.version)) this.violations.push(`${v} — in: ${line.slice(0, 300)}`);
  }
}

export { parseLine };

export async function listen(handler: (req: IncomingMessage, res: ServerResponse) => Promise<void>, port?: number): Promise<{ server: Server; port: number }> {
  const p = port ?? (await freePort());
  const server = createServer((req, res) => {
    handler(req, res).catch((err: Error) => sendJson(res, 500, { error: err.message }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(p, '127.0.0.1', () => resolve());
  });
  return { server, port: p };
}

export function closeServer(server: Server, faults: FaultState): Promise<void> {
  return new Promise<void>((resolve) => {
    for (const req of faults.hung) req.socket.destroy();
    server.closeAllConnections();
    server.close(() => resolve());
  });
}
