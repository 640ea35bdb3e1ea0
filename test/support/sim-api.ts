// Drives the Qlik Sense simulator the way an admin does: `npm run sim -- --api` serves the HTTPS APIs of a
// virtual cluster and prints the config snippet that points a collector there; `npm run sim` sends UDP.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { parse } from 'yaml';
import { repoRoot } from './paths.js';

export const SIM_CLI = join(repoRoot(), 'dist', 'bench', 'sim', 'cli.js');

export interface ApiSim {
  child: ChildProcess;
  /** The printed config snippet (cert, appNames, serversToMonitor), parsed. */
  snippet: Record<string, any>;
}

/**
 * Starts `sim --api` in `dir` (certificates under dir/certs) for `durationS` seconds; resolves once it printed
 * its config snippet.
 */
export function startApiSim(dir: string, args: string[] = [], durationS = 120): Promise<ApiSim> {
  const child = spawn(process.execPath, [SIM_CLI, '--api', '--cert-dir', join(dir, 'certs'), '--duration', String(durationS), ...args], {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`simulator did not print its config: ${out}`)), 30_000);
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      const start = out.indexOf('(under Butler-SOS):');
      if (start >= 0 && out.includes('virtualProxy: /', start) && out.trimEnd().endsWith('/')) {
        clearTimeout(timer);
        resolve({ child, snippet: parse(out.slice(out.indexOf('\n', start) + 1)) });
      }
    });
    child.once('exit', (code) => reject(new Error(`simulator exited with ${code}: ${out}`)));
  });
}

export interface SimSendSummary {
  sent: number;
  bySource: Record<string, number>;
}

/** Runs `sim` (UDP mode) to completion with `--json`; throws unless it exits 0. */
export function sendSimEvents(args: string[]): SimSendSummary {
  const send = spawnSync(process.execPath, [SIM_CLI, ...args, '--json'], { encoding: 'utf8', timeout: 60_000 });
  if (send.status !== 0) throw new Error(`sim exited with ${send.status}: ${send.stderr}`);
  return JSON.parse(send.stdout.trim().split('\n').pop()!) as SimSendSummary;
}
