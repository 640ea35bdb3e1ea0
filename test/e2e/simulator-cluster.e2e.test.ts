// The Qlik Sense simulator as an admin would use it: `npm run sim -- --api` serves the HTTPS APIs of a
// virtual cluster and prints the config snippet, `npm run sim` sends UDP events; the built collector, given
// that snippet and the file destination, polls with client certificates and receives every datagram. The
// test checks the files: health points of every node, session points,
// and one log_event/user_events point per sequence token sent.
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { startCollector } from '../support/collector-process.js';
import { repoRoot } from '../support/paths.js';
import { freeUdpPort } from '../support/udp.js';

const SIM = join(repoRoot(), 'dist', 'bench', 'sim', 'cli.js');

function startApiSim(dir: string): Promise<{ child: ChildProcess; snippet: Record<string, any> }> {
  const child = spawn(process.execPath, [SIM, '--api', '--nodes', '3', '--cert-dir', join(dir, 'certs'), '--duration', '120'], {
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

function linesOf(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => readFileSync(join(dir, f), 'utf8').split('\n')).filter((l) => l !== '');
}

test('e2e: simulator cluster (HTTPS APIs with client certificates + UDP events) → collector → file destination', { timeout: 120_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bsos-sim-e2e-'));
  const { child: api, snippet } = await startApiSim(dir);
  try {
    const base = parse(readFileSync(join(repoRoot(), 'config', 'default.yaml'), 'utf8'))['Butler-SOS'];
    const logPort = await freeUdpPort();
    const userPort = await freeUdpPort();
    Object.assign(base.logEvents.udpServerConfig, { serverHost: '127.0.0.1', portLogEvents: logPort });
    Object.assign(base.userEvents.udpServerConfig, { serverHost: '127.0.0.1', portUserActivityEvents: userPort });
    base.cert = snippet.cert;
    base.appNames = { ...base.appNames, ...snippet.appNames };
    base.serversToMonitor = { ...base.serversToMonitor, ...snippet.serversToMonitor, pollingInterval: 1000 };
    base.userSessions = { ...base.userSessions, enableSessionExtract: true, pollingInterval: 1000 };
    base.fileDestination = { ...base.fileDestination, directory: join(dir, 'lp') };
    const collector = await startCollector(base);

    const send = spawnSync(process.execPath, [SIM, '--log-port', String(logPort), '--user-port', String(userPort), '--rate', '2000', '--count', '3000', '--run-id', '7', '--json'], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    assert.equal(send.status, 0, send.stderr);
    const sent = JSON.parse(send.stdout.trim().split('\n').pop()!) as { sent: number; bySource: Record<string, number> };
    assert.equal(sent.sent, 3000);
    await new Promise((r) => setTimeout(r, 2500)); // two more poll rounds
    assert.equal(await collector.stop(), 0);

    const lines = linesOf(join(dir, 'lp'));
    const count = (m: string) => lines.filter((l) => l.startsWith(`${m},`)).length;
    const userSent = sent.bySource.user ?? 0;
    assert.equal(count('user_events'), userSent, 'one user_events point per user datagram sent');
    // Every log datagram is a log_event point unless the qix-perf monitor filters reject it; default.yaml
    // monitors all apps, so none are rejected.
    assert.equal(count('log_event'), sent.sent - userSent, 'one log_event point per log datagram sent');
    for (const node of snippet.serversToMonitor.servers as Array<{ serverName: string }>) {
      const mem = lines.filter((l) => l.startsWith('mem,') && l.includes(`server_name=${node.serverName}`));
      assert.ok(mem.length >= 2, `health polled repeatedly for ${node.serverName} (${mem.length} mem points)`);
      const sessions = lines.filter((l) => l.startsWith('user_session_summary,') && l.includes(`server_name=${node.serverName}`));
      assert.ok(sessions.length >= 1, `sessions polled for ${node.serverName}`);
    }
    const apps = lines.filter((l) => l.startsWith('apps,'));
    assert.ok(apps.length >= 3, 'an apps point per node and poll');
    const queue = lines.filter((l) => l.startsWith('log_events_queue,'));
    const received = queue.reduce((n, l) => n + Number(/messages_received=(\d+)/.exec(l)?.[1] ?? 0), 0);
    assert.equal(received, sent.sent - userSent, 'the ingest counters saw every log datagram');
  } finally {
    api.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
});
