// Starts a real Prometheus server (/usr/bin/prometheus, Debian package) for tests: loopback only, free port,
// temp storage, scrape interval 1 s, optional rule files. Tests skip (null) when the binary is missing, unless CI.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { freePort } from './free-port.js';

export const PROMETHEUS_BIN = process.env.PROMETHEUS_BIN ?? '/usr/bin/prometheus';

export interface PromResult {
  status: 'success' | 'error';
  error?: string;
  data?: { resultType: string; result: Array<{ metric: Record<string, string>; value?: [number, string]; values?: unknown[] }> };
}

export interface PrometheusHandle {
  readonly url: string;
  /** Instant query through GET /api/v1/query; never throws for PromQL errors (status 'error'). */
  query(expr: string): Promise<PromResult>;
  /** GET any API path, parsed JSON. */
  get(path: string): Promise<any>;
  stop(): Promise<void>;
}

export async function startPrometheus(opts: { targets: string[]; ruleFiles?: string[] }): Promise<PrometheusHandle | null> {
  if (!existsSync(PROMETHEUS_BIN)) {
    const msg = `prometheus not found at ${PROMETHEUS_BIN}`;
    if (process.env.CI === 'true') throw new Error(msg + ' (required when CI=true)');
    console.warn(`[skip] ${msg}`);
    return null;
  }
  const dir = mkdtempSync(join(tmpdir(), 'bsos-prom-'));
  const config = {
    global: { scrape_interval: '1s', evaluation_interval: '1s', scrape_timeout: '1s' },
    rule_files: opts.ruleFiles ?? [],
    scrape_configs: [{ job_name: 'butler-sos', static_configs: [{ targets: opts.targets }] }],
  };
  writeFileSync(join(dir, 'prometheus.yml'), stringify(config));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const args = [`--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn'];
  const child: ChildProcess = spawn(PROMETHEUS_BIN, args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (c: string) => (stderr = (stderr + c).slice(-4000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(t);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`prometheus exited: ${stderr}`);
    const ready = await fetch(`${url}/-/ready`).then((r) => r.ok, () => false);
    if (ready) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`prometheus not ready within 20 s: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const get = async (path: string) => (await fetch(url + path)).json();
  return {
    url,
    get,
    query: async (expr: string) => (await get(`/api/v1/query?query=${encodeURIComponent(expr)}`)) as PromResult,
    stop,
  };
}
