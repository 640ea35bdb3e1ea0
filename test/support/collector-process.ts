import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { repoRoot } from './paths.js';

export interface LogLine {
  level: string;
  msg: string;
  [key: string]: unknown;
}

export interface CollectorProcess {
  readonly child: ChildProcess;
  readonly dir: string;
  readonly logs: LogLine[];
  /** Every stdout line as written (the JSON text, before parsing). */
  readonly rawLines: string[];
  /** Resolves with the first log line matching the predicate (also one already seen). */
  waitForLog(pred: (l: LogLine) => boolean, timeoutMs?: number): Promise<LogLine>;
  /** SIGTERM, then resolves with the exit code. */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<number | null>;
  exited: Promise<number | null>;
}

/** Writes `config` (the object under `Butler-SOS`) to a temp dir and starts the built collector on it. */
export async function startCollector(
  config: Record<string, unknown>,
  opts: { env?: NodeJS.ProcessEnv; args?: string[]; readyTimeoutMs?: number; ipc?: boolean } = {},
): Promise<CollectorProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'bsos-e2e-'));
  const file = join(dir, 'config.yaml');
  writeFileSync(file, stringify({ 'Butler-SOS': config }));
  const child = spawn(process.execPath, [join(repoRoot(), 'dist', 'src', 'main.js'), '-c', file, ...(opts.args ?? [])], {
    cwd: dir,
    env: { ...process.env, ...opts.env },
    // An IPC channel only for the test-fault hooks (src/threads/test-faults.ts).
    stdio: opts.ipc ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'],
  });
  const logs: LogLine[] = [];
  const rawLines: string[] = [];
  const waiters: Array<{ pred: (l: LogLine) => boolean; resolve: (l: LogLine) => void }> = [];
  let stderr = '';
  let buf = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    buf += chunk;
    let nl: number;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      rawLines.push(line);
      if (!line.startsWith('{')) continue;
      let parsed: LogLine;
      try {
        parsed = JSON.parse(line) as LogLine;
      } catch {
        continue;
      }
      logs.push(parsed);
      for (let i = waiters.length - 1; i >= 0; i--) {
        if (waiters[i].pred(parsed)) {
          waiters[i].resolve(parsed);
          waiters.splice(i, 1);
        }
      }
    }
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const proc: CollectorProcess = {
    child,
    dir,
    logs,
    rawLines,
    exited,
    waitForLog(pred, timeoutMs = 20_000) {
      const seen = logs.find(pred);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          reject(new Error(`collector log not seen within ${timeoutMs} ms; stderr: ${stderr.slice(-2000)}`));
        }, timeoutMs);
        waiters.push({
          pred,
          resolve: (l) => {
            clearTimeout(timer);
            resolve(l);
          },
        });
        void exited.then((code) => {
          clearTimeout(timer);
          reject(new Error(`collector exited with ${code} before the expected log; stderr: ${stderr.slice(-2000)}`));
        });
      });
    },
    async stop(signal = 'SIGTERM', timeoutMs = 30_000) {
      if (child.exitCode !== null) return child.exitCode;
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      const code = await exited;
      clearTimeout(timer);
      rmSync(dir, { recursive: true, force: true });
      return code;
    },
  };
  await proc.waitForLog((l) => l.msg === 'Butler SOS is ready', opts.readyTimeoutMs ?? 30_000);
  return proc;
}
