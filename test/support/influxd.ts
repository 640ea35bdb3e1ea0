// Starts a real InfluxDB 1.x server (/usr/bin/influxd) for integration and e2e tests: loopback ports only,
// all state in a fresh temp dir, removed on stop(). Tests skip (null) when the binary is missing, unless CI.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { freePort } from './free-port.js';

export const INFLUXD_BIN = process.env.INFLUXD_BIN ?? '/usr/bin/influxd';

export interface InfluxdOptions {
  /** Enable auth and create this admin user before returning. */
  auth?: { username: string; password: string };
  /** Serve HTTPS with a fresh self-signed certificate (needs /usr/bin/openssl). */
  https?: boolean;
  /** Milliseconds to wait for /ping to answer 204. */
  readyTimeoutMs?: number;
}

export interface InfluxdHandle {
  /** Base URL, e.g. http://127.0.0.1:40123 (https:// when opts.https). */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly dir: string;
  /** PEM of the self-signed certificate when opts.https, so clients can trust it. */
  readonly certPem?: string;
  /**
   * Runs an InfluxQL statement via POST /query; returns the parsed JSON body; throws on HTTP >= 300.
   * `epoch` ('ms', 'ns', ...) returns times as numbers instead of RFC3339 strings.
   */
  query(q: string, db?: string, epoch?: string): Promise<InfluxQueryResult>;
  /** Values of the first series of the first result, as objects keyed by column ([] when empty). */
  rows(q: string, db?: string, epoch?: string): Promise<Array<Record<string, unknown>>>;
  /** SIGSTOP: the server keeps its sockets but answers nothing, so clients run into their timeouts. */
  pause(): void;
  /** SIGCONT after pause(). */
  resume(): void;
  /** Stops the server (SIGTERM, SIGKILL after 5 s) and removes the temp dir. Safe to call twice. */
  stop(): Promise<void>;
  /** Stops the server process but keeps its data: connections are refused until restart(). */
  halt(): Promise<void>;
  /** Starts the server again on the same port and data after halt(); resolves once /ping answers. */
  restart(): Promise<void>;
  /** SIGKILL (a crash: no clean shutdown), data kept; restart() brings it back. */
  kill(): Promise<void>;
}

export interface InfluxQueryResult {
  results: Array<{
    statement_id?: number;
    error?: string;
    series?: Array<{ name: string; columns: string[]; values: unknown[][]; tags?: Record<string, string> }>;
  }>;
  error?: string;
}

/**
 * Starts influxd; returns null (after logging why) when the binary is missing and CI !== 'true'.
 * Retries with new ports if a port was grabbed between probing and binding.
 */
export async function startInfluxd(opts: InfluxdOptions = {}): Promise<InfluxdHandle | null> {
  if (!existsSync(INFLUXD_BIN)) {
    const msg = `influxd not found at ${INFLUXD_BIN}`;
    if (process.env.CI === 'true') throw new Error(msg + ' (required when CI=true)');
    console.warn(`[skip] ${msg}; InfluxDB integration tests are skipped`);
    return null;
  }
  let lastErr: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await startOnce(opts);
    } catch (err) {
      lastErr = err;
    }
  }
  throw lastErr;
}

const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const c of live) c.kill('SIGKILL');
});

async function startOnce(opts: InfluxdOptions): Promise<InfluxdHandle> {
  const dir = mkdtempSync(join(tmpdir(), 'bsos-influxd-'));
  const [rpcPort, port] = [await freePort(), await freePort()];
  let certPem: string | undefined;
  if (opts.https) certPem = makeSelfSignedCert(dir);
  writeFileSync(join(dir, 'influxd.conf'), configText(dir, rpcPort, port, opts));

  let stderr = '';
  const launch = (): { child: ChildProcess; exited: Promise<void> } => {
    const proc = spawn(INFLUXD_BIN, ['run', '-config', join(dir, 'influxd.conf')], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, INFLUXDB_DATA_QUERY_LOG_ENABLED: 'false' },
    });
    live.add(proc);
    proc.stderr!.setEncoding('utf8').on('data', (c: string) => (stderr = (stderr + c).slice(-8000)));
    const done = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    void done.then(() => live.delete(proc));
    return { child: proc, exited: done };
  };
  let { child, exited } = launch();
  const killAndWait = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
  };

  const scheme = opts.https ? 'https' : 'http';
  const url = `${scheme}://127.0.0.1:${port}`;
  const dispatcher = new Agent({ connect: { rejectUnauthorized: false } });
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    await killAndWait();
    await dispatcher.close().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    await waitForPing(url, dispatcher, exited, () => stderr, opts.readyTimeoutMs ?? 20_000);
  } catch (err) {
    await stop();
    throw err;
  }

  const auth = opts.auth;
  const query = async (q: string, db?: string, epoch?: string): Promise<InfluxQueryResult> => {
    const form = new URLSearchParams({ q });
    if (db) form.set('db', db);
    if (epoch) form.set('epoch', epoch);
    const res = await request(`${url}/query`, {
      method: 'POST',
      body: form.toString(),
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        // influxd 1.x reads credentials from the URL or Basic auth, not from a form body.
        ...(auth ? { authorization: 'Basic ' + Buffer.from(`${auth.username}:${auth.password}`).toString('base64') } : {}),
      },
      dispatcher,
    });
    const text = await res.body.text();
    if (res.statusCode >= 300) throw new Error(`influxd /query ${res.statusCode}: ${text} (q=${q})`);
    const parsed = JSON.parse(text) as InfluxQueryResult;
    const stmtErr = parsed.results?.find((r) => r.error)?.error;
    if (stmtErr) throw new Error(`influxd query error: ${stmtErr} (q=${q})`);
    return parsed;
  };
  const rows = async (q: string, db?: string, epoch?: string): Promise<Array<Record<string, unknown>>> => {
    const series = (await query(q, db, epoch)).results[0]?.series?.[0];
    if (!series) return [];
    return (series.values ?? []).map((v) => Object.fromEntries(series.columns.map((c, i) => [c, v[i]])));
  };

  if (auth) {
    // With auth enabled and no users yet, influxd accepts exactly this statement unauthenticated.
    await query(`CREATE USER "${auth.username}" WITH PASSWORD '${auth.password.replace(/'/g, "\\'")}' WITH ALL PRIVILEGES`);
  }
  let paused = false;
  const pause = (): void => {
    paused = child.kill('SIGSTOP');
  };
  const resume = (): void => {
    if (paused) child.kill('SIGCONT');
    paused = false;
  };
  const stopResumed = async (): Promise<void> => {
    resume(); // a stopped process ignores SIGTERM until continued
    await stop();
  };
  const halt = async (): Promise<void> => {
    resume();
    await killAndWait();
  };
  const kill = async (): Promise<void> => {
    resume();
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
  };
  const restart = async (): Promise<void> => {
    if (stopped) throw new Error('influxd restart() after stop()');
    await halt();
    ({ child, exited } = launch());
    await waitForPing(url, dispatcher, exited, () => stderr, opts.readyTimeoutMs ?? 20_000);
  };
  return { url, host: '127.0.0.1', port, dir, certPem, query, rows, pause, resume, stop: stopResumed, halt, restart, kill };
}

async function waitForPing(
  url: string,
  dispatcher: Agent,
  exited: Promise<void>,
  stderr: () => string,
  timeoutMs: number,
): Promise<void> {
  let dead = false;
  void exited.then(() => (dead = true));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (dead) throw new Error(`influxd exited during startup: ${stderr().slice(-2000)}`);
    try {
      const res = await request(`${url}/ping`, { dispatcher, headersTimeout: 1000, bodyTimeout: 1000 });
      await res.body.dump();
      if (res.statusCode === 204) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`influxd did not answer /ping 204 within ${timeoutMs} ms: ${stderr().slice(-2000)}`);
}

function configText(dir: string, rpcPort: number, port: number, opts: InfluxdOptions): string {
  const https = opts.https
    ? `  https-enabled = true\n  https-certificate = "${join(dir, 'cert.pem')}"\n  https-private-key = "${join(dir, 'key.pem')}"\n`
    : '';
  return `reporting-disabled = true
bind-address = "127.0.0.1:${rpcPort}"

[meta]
  dir = "${join(dir, 'meta')}"
  retention-autocreate = true
  logging-enabled = false

[data]
  dir = "${join(dir, 'data')}"
  wal-dir = "${join(dir, 'wal')}"
  index-version = "inmem"
  query-log-enabled = false
  trace-logging-enabled = false

[monitor]
  store-enabled = false

[subscriber]
  enabled = false

[continuous_queries]
  enabled = false

[http]
  enabled = true
  bind-address = "127.0.0.1:${port}"
  auth-enabled = ${opts.auth ? 'true' : 'false'}
  log-enabled = false
  pprof-enabled = false
${https}
[logging]
  level = "warn"
  suppress-logo = true
`;
}

function makeSelfSignedCert(dir: string): string {
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
    '-addext', 'subjectAltName=IP:127.0.0.1',
    '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
  ], { stdio: 'ignore' });
  return readFileSync(join(dir, 'cert.pem'), 'utf8');
}
