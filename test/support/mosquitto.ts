// Starts a real Mosquitto broker (/usr/sbin/mosquitto) for integration tests: loopback only, a free port,
// config, persistence and log in a fresh temp dir (removed on stop()). Returns null when the binary is
// missing, unless CI=true, where that is a failure. restart() stops and starts it on the same port, keeping
// the persistence file, so persistent subscriber sessions survive the restart like on a real broker.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect as netConnect } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.js';

export const MOSQUITTO_BIN = process.env.MOSQUITTO_BIN ?? '/usr/sbin/mosquitto';

export interface MosquittoOptions {
  /** Require this user (password file generated with mosquitto_passwd when present). */
  auth?: { username: string; password: string };
  readyTimeoutMs?: number;
}

export interface MosquittoHandle {
  readonly host: string;
  readonly port: number;
  readonly dir: string;
  readonly url: string;
  /** Stops (SIGTERM, which saves persistence) and starts again on the same port. */
  restart(downMs?: number): Promise<void>;
  /** Stops the broker but keeps the dir, for outage tests; start() brings it back. */
  kill(): Promise<void>;
  start(): Promise<void>;
  /** SIGSTOP: sockets stay open but nothing is answered (publishes are not acknowledged). */
  pause(): void;
  /** SIGCONT after pause(). */
  resume(): void;
  /** The broker's log so far (for failure messages). */
  log(): string;
  stop(): Promise<void>;
}

const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const c of live) c.kill('SIGKILL');
});

export async function startMosquitto(opts: MosquittoOptions = {}): Promise<MosquittoHandle | null> {
  if (!existsSync(MOSQUITTO_BIN)) {
    const msg = `mosquitto not found at ${MOSQUITTO_BIN}`;
    if (process.env.CI === 'true') throw new Error(`${msg} (required when CI=true)`);
    console.warn(`[skip] ${msg}; MQTT integration tests are skipped`);
    return null;
  }
  const dir = mkdtempSync(join(tmpdir(), 'bsos-mosquitto-'));
  const port = await freePort();
  const lines = [
    `listener ${port} 127.0.0.1`,
    'persistence true',
    `persistence_location ${dir}/`,
    `log_dest file ${join(dir, 'mosquitto.log')}`,
    'log_type error',
    'log_type warning',
    'log_type notice',
    'max_queued_messages 100000',
    // Started as root, mosquitto switches to user `mosquitto`, who cannot read our 0700 temp dir; stay us.
    `user ${userInfo().username}`,
  ];
  if (opts.auth) {
    writeFileSync(join(dir, 'passwd'), `${opts.auth.username}:${opts.auth.password}\n`, { mode: 0o600 });
    await run('/usr/bin/mosquitto_passwd', ['-U', join(dir, 'passwd')]);
    lines.push('allow_anonymous false', `password_file ${join(dir, 'passwd')}`);
  } else {
    lines.push('allow_anonymous true');
  }
  const conf = join(dir, 'mosquitto.conf');
  writeFileSync(conf, lines.join('\n') + '\n');
  const readyMs = opts.readyTimeoutMs ?? 10_000;
  let child: ChildProcess | undefined;

  const start = async (): Promise<void> => {
    if (child) return;
    const c = spawn(MOSQUITTO_BIN, ['-c', conf], { stdio: ['ignore', 'ignore', 'pipe'] });
    child = c;
    live.add(c);
    let stderr = '';
    c.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    c.once('exit', () => {
      live.delete(c);
      if (child === c) child = undefined;
    });
    const end = Date.now() + readyMs;
    while (!(await canConnect(port))) {
      if (child !== c) throw new Error(`mosquitto exited at start: ${stderr}${readLog(dir)}`);
      if (Date.now() > end) throw new Error(`mosquitto not listening on ${port} after ${readyMs} ms: ${readLog(dir)}`);
      await sleep(20);
    }
  };
  const kill = async (): Promise<void> => {
    const c = child;
    if (!c) return;
    const exited = new Promise<void>((resolve) => c.once('exit', () => resolve()));
    c.kill('SIGCONT');
    c.kill('SIGTERM');
    const timer = setTimeout(() => c.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };

  await start();
  return {
    host: '127.0.0.1',
    port,
    dir,
    url: `mqtt://127.0.0.1:${port}`,
    start,
    kill,
    async restart(downMs = 200) {
      await kill();
      await sleep(downMs);
      await start();
    },
    pause: () => void child?.kill('SIGSTOP'),
    resume: () => void child?.kill('SIGCONT'),
    log: () => readLog(dir),
    async stop() {
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function readLog(dir: string): string {
  try {
    return readFileSync(join(dir, 'mosquitto.log'), 'utf8');
  } catch {
    return '';
  }
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = netConnect({ host: '127.0.0.1', port });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

function run(bin: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const c = spawn(bin, args, { stdio: 'ignore' });
    c.once('error', reject);
    c.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${bin} exited with ${code}`))));
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
