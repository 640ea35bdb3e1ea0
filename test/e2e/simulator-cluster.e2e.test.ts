// The Qlik Sense simulator as an admin would use it: `npm run sim -- --api` serves the HTTPS APIs of a
// virtual cluster and prints the config snippet, `npm run sim` sends UDP events; the built collector, given
// that snippet and the file destination, polls with client certificates and receives every datagram. The
// test checks the files: health points of every node, session points,
// and one log_event/user_events point per sequence token sent.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { startCollector } from '../support/collector-process.js';
import { repoRoot } from '../support/paths.js';
import { sendSimEvents, startApiSim } from '../support/sim-api.js';
import { freeUdpPort } from '../support/udp.js';

function linesOf(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => readFileSync(join(dir, f), 'utf8').split('\n')).filter((l) => l !== '');
}

test('e2e: simulator cluster (HTTPS APIs with client certificates + UDP events) → collector → file destination', { timeout: 120_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bsos-sim-e2e-'));
  const { child: api, snippet } = await startApiSim(dir, ['--nodes', '3']);
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

    const sent = sendSimEvents(['--log-port', String(logPort), '--user-port', String(userPort), '--rate', '2000', '--count', '3000', '--run-id', '7']);
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
