// Starts the collector (or the bench's mock) as a child process on a generated YAML, waits for its
// "Butler SOS is ready" log line, keeps its stdout drained (a full pipe would stall the collector and spoil the
// measurement) and stops it with SIGTERM. Warnings and errors it logs are kept for the report.

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { withLaunchEnv } from '../src/ops/launch-env.js';

export interface LogRecord {
  level?: number | string;
  msg?: string;
  [key: string]: unknown;
}

const MAX_KEPT = 200;

export class CollectorRunner {
  /** WARN and worse log lines (the first MAX_KEPT), for the report. */
  readonly problems: LogRecord[] = [];
  /** The per-destination lines of the collector's shutdown summary (src/ops/shutdown-summary.ts). */
  readonly destinationSummaries: LogRecord[] = [];
  private stderr = '';
  private readonly exited: Promise<number | null>;

  private constructor(
    readonly child: ChildProcess,
    private readonly dir: string,
  ) {
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  get pid(): number {
    return this.child.pid as number;
  }

  /** `launch`: 'deployed' runs the collector with the shipped launchers' environment (src/ops/launch-env.ts), 'plain' without. */
  static async start(entry: string, config: Record<string, unknown>, readyTimeoutMs = 60_000, nodeArgs: readonly string[] = [], launch: 'deployed' | 'plain' = 'deployed'): Promise<CollectorRunner> {
    const dir = mkdtempSync(join(tmpdir(), 'bsos-bench-'));
    const file = join(dir, 'bench.yaml');
    writeFileSync(file, stringify({ 'Butler-SOS': config }));
    const child = spawn(process.execPath, [...nodeArgs, entry, '-c', file], {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: launch === 'deployed' ? withLaunchEnv(process.env) : process.env,
    });
    const runner = new CollectorRunner(child, dir);
    await runner.waitReady(readyTimeoutMs);
    return runner;
  }

  private waitReady(timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      let buf = '';
      let ready = false;
      const timer = setTimeout(() => reject(new Error(`collector not ready within ${timeoutMs} ms; stderr: ${this.stderr.slice(-2000)}`)), timeoutMs);
      this.child.stderr?.setEncoding('utf8').on('data', (c: string) => (this.stderr = (this.stderr + c).slice(-20_000)));
      this.child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
        buf += chunk;
        let nl: number;
        while ((nl = buf.indexOf('\n')) >= 0) {
          const line = buf.slice(0, nl);
          buf = buf.slice(nl + 1);
          const rec = parseLine(line);
          if (rec === null) continue;
          if (isProblem(rec) && this.problems.length < MAX_KEPT) this.problems.push(rec);
          if (typeof rec.destination === 'string' && typeof rec.inSpool === 'number' && this.destinationSummaries.length < MAX_KEPT) this.destinationSummaries.push(rec);
          if (!ready && rec.msg === 'Butler SOS is ready') {
            ready = true;
            clearTimeout(timer);
            resolve();
          }
        }
      });
      void this.exited.then((code) => {
        clearTimeout(timer);
        if (!ready) reject(new Error(`collector exited with ${code} before it was ready; stderr: ${this.stderr.slice(-2000)}; problems: ${JSON.stringify(this.problems.slice(0, 5))}`));
      });
    });
  }

  /**
   * After stop(): lines the collector still held for its destinations when it stopped (in the disk spool, kept for
   * the next start, or queued and not delivered), from its shutdown summary; null when it logged none (the mock).
   */
  heldAtStop(): number | null {
    if (this.destinationSummaries.length === 0) return null;
    let held = 0;
    for (const d of this.destinationSummaries) held += Number(d.inSpool ?? 0) + Number(d.notDelivered ?? 0);
    return held;
  }

  /** SIGTERM (the collector drains), SIGKILL after `timeoutMs`; resolves with the exit code. */
  async stop(timeoutMs = 30_000): Promise<number | null> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    const code = await this.exited;
    clearTimeout(timer);
    rmSync(this.dir, { recursive: true, force: true });
    return code;
  }
}

function parseLine(line: string): LogRecord | null {
  if (!line.startsWith('{')) return null;
  try {
    return JSON.parse(line) as LogRecord;
  } catch {
    return null;
  }
}

function isProblem(rec: LogRecord): boolean {
  const level = rec.level;
  if (typeof level === 'number') return level >= 40;
  return typeof level === 'string' && ['warn', 'error', 'fatal'].includes(level.toLowerCase());
}
