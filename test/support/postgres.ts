// Starts a real PostgreSQL server (Debian package `postgresql`: /usr/lib/postgresql/<n>/bin) for integration
// tests: a fresh cluster made by initdb in a temp dir, listening on 127.0.0.1 and a free port only (the unix
// socket lives in the temp dir too). Local socket connections are trusted; TCP connections need a password
// (scram-sha-256), so the tests exercise real authentication. initdb refuses to run as root: as root, the
// cluster belongs to the `postgres` user and both programs run with its uid/gid.
// Returns null when the binaries are missing, unless CI=true, where that is a failure.
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from './free-port.js';

export const PG_SUPERUSER = 'postgres';
const SUPERUSER_PASSWORD = 'super-secret';
/** The role and database the tests point the sink at. */
export const PG_USER = 'butler';
export const PG_PASSWORD = "pa'ss\\word";
export const PG_DATABASE = 'butler_sos';

export interface PostgresHandle {
  readonly host: string;
  readonly port: number;
  readonly dir: string;
  /** With opts.tls: the server certificate (PEM), for clients to trust. */
  readonly certPath?: string;
  /** Runs SQL as the superuser in the tests' database. */
  query<R extends pg.QueryResultRow = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<R[]>;
  /** A superuser connection of its own (to hold locks across statements); the caller ends it. */
  connect(): Promise<pg.Client>;
  /** Fast shutdown (SIGINT): open connections are terminated, new ones refused; data kept for start(). */
  halt(): Promise<void>;
  /** Starts the server again on the same port and data after halt(). */
  start(): Promise<void>;
  /** The server's log so far (for failure messages). */
  log(): string;
  /** Stops the server and removes the temp dir. Safe to call twice. */
  stop(): Promise<void>;
}

/** The newest /usr/lib/postgresql/<n>/bin with a postgres binary, or PG_BIN_DIR. */
export function postgresBinDir(): string | undefined {
  if (process.env.PG_BIN_DIR) return existsSync(join(process.env.PG_BIN_DIR, 'postgres')) ? process.env.PG_BIN_DIR : undefined;
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((v) => /^\d+$/.test(v) && existsSync(join(root, v, 'bin', 'postgres')) && existsSync(join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length > 0 ? join(root, versions[0], 'bin') : undefined;
}

/** uid/gid to run the server as: the `postgres` user when we are root (initdb refuses root), else ourselves. */
function runAs(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    return { uid, gid };
  } catch {
    throw new Error('running as root, but there is no `postgres` user to run initdb and postgres as (install the Debian package postgresql)');
  }
}

const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const c of live) c.kill('SIGKILL');
});

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export interface PostgresOptions {
  readyTimeoutMs?: number;
  /** Also accept TLS, with a fresh self-signed certificate for 127.0.0.1 (needs openssl); its PEM is `certPath`. */
  tls?: boolean;
}

export async function startPostgres(opts: PostgresOptions = {}): Promise<PostgresHandle | null> {
  const bin = postgresBinDir();
  if (!bin) {
    const msg = 'PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin (Debian package postgresql)';
    if (process.env.CI === 'true') throw new Error(`${msg} (required when CI=true)`);
    console.warn(`[skip] ${msg}; PostgreSQL integration tests are skipped`);
    return null;
  }
  const owner = runAs();
  const dir = mkdtempSync(join(tmpdir(), 'bsos-postgres-'));
  const data = join(dir, 'data');
  const pwfile = join(dir, 'pw');
  writeFileSync(pwfile, SUPERUSER_PASSWORD + '\n', { mode: 0o600 });
  if (owner) {
    chownSync(dir, owner.uid, owner.gid);
    chownSync(pwfile, owner.uid, owner.gid);
  }
  const init = spawnSync(
    join(bin, 'initdb'),
    ['-D', data, '-U', PG_SUPERUSER, '--pwfile', pwfile, '--auth-host=scram-sha-256', '--auth-local=trust', '-E', 'UTF8', '--locale=C', '--no-sync'],
    { encoding: 'utf8', ...owner },
  );
  if (init.status !== 0) throw new Error(`initdb failed (${init.status}): ${init.stderr}${init.stdout}`);
  const tlsArgs: string[] = [];
  const certPath = opts.tls ? join(dir, 'server.crt') : undefined;
  if (certPath) {
    const keyPath = join(dir, 'server.key');
    // prettier-ignore
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', keyPath, '-out', certPath], { stdio: 'ignore' });
    // The server refuses a key others can read, and runs as `postgres` when we are root.
    chmodSync(keyPath, 0o600);
    if (owner) for (const f of [keyPath, certPath]) chownSync(f, owner.uid, owner.gid);
    tlsArgs.push('-c', 'ssl=on', '-c', `ssl_cert_file=${certPath}`, '-c', `ssl_key_file=${keyPath}`);
  }
  const port = await freePort();
  const readyMs = opts.readyTimeoutMs ?? 20_000;
  let child: ChildProcess | undefined;
  let logText = '';

  const superClient = (database: string): pg.Client =>
    new pg.Client({ host: '127.0.0.1', port, user: PG_SUPERUSER, password: SUPERUSER_PASSWORD, database, connectionTimeoutMillis: 2000 });

  const start = async (): Promise<void> => {
    if (child) return;
    const args = ['-D', data, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', ...tlsArgs];
    const c = spawn(join(bin, 'postgres'), args, { stdio: ['ignore', 'pipe', 'pipe'], ...owner });
    child = c;
    live.add(c);
    const onData = (d: Buffer): void => {
      logText += d.toString();
    };
    c.stdout?.on('data', onData);
    c.stderr?.on('data', onData);
    c.once('exit', () => {
      live.delete(c);
      if (child === c) child = undefined;
    });
    const end = Date.now() + readyMs;
    for (;;) {
      const probe = superClient('postgres');
      try {
        await probe.connect();
        await probe.end();
        return;
      } catch {
        await probe.end().catch(() => undefined);
      }
      if (child !== c) throw new Error(`postgres exited at start: ${logText}`);
      if (Date.now() > end) throw new Error(`postgres not accepting connections on ${port} after ${readyMs} ms: ${logText}`);
      await sleep(50);
    }
  };

  const halt = async (): Promise<void> => {
    const c = child;
    if (!c) return;
    const exited = new Promise<void>((resolve) => c.once('exit', () => resolve()));
    c.kill('SIGCONT');
    c.kill('SIGINT');
    const timer = setTimeout(() => c.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };

  await start();
  const setup = superClient('postgres');
  await setup.connect();
  try {
    await setup.query(`CREATE ROLE ${PG_USER} LOGIN PASSWORD '${PG_PASSWORD.replace(/'/g, "''")}'`);
    await setup.query(`CREATE DATABASE ${PG_DATABASE} OWNER ${PG_USER}`);
  } finally {
    await setup.end();
  }

  let stopped = false;
  return {
    host: '127.0.0.1',
    port,
    dir,
    certPath,
    async query<R extends pg.QueryResultRow>(sql: string, params?: unknown[]): Promise<R[]> {
      const client = superClient(PG_DATABASE);
      await client.connect();
      try {
        return (await client.query<R>(sql, params)).rows;
      } finally {
        await client.end();
      }
    },
    async connect() {
      const client = superClient(PG_DATABASE);
      // A halt() terminates this connection; its queries reject, the client must not throw on its own.
      client.on('error', () => undefined);
      await client.connect();
      return client;
    },
    halt,
    start,
    log: () => logText,
    async stop() {
      if (stopped) return;
      stopped = true;
      await halt();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
