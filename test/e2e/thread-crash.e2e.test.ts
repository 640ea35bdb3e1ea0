// Issue 15, item 1: a thread that dies under load loses nothing. The built collector polls the simulator's
// HTTPS APIs and receives UDP events from it; one thread at a time (writer, parse worker, tracker, poller,
// http) throws an uncaught error mid-load (test-only trigger BUTLER_SOS_TEST_CRASH_AFTER, src/threads/test-crash.ts).
// The books must balance afterwards: every log and user datagram sent is a point in the files (the file
// destination; a batch on the wire when the writer died may be written twice, so points are compared as a
// set), nothing is counted as dropped, the thread is restarted and the collector stops cleanly in time.
import assert from 'node:assert/strict';
import { spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startCollector, type LogLine } from '../support/collector-process.js';
import { freePort } from '../support/free-port.js';
import { repoRoot } from '../support/paths.js';
import { freeUdpPort } from '../support/udp.js';
import { startApiSim } from '../support/sim-api.js';
import { defaultCollectorConfig } from '../support/collector-config.js';

const SIM = join(repoRoot(), 'dist', 'bench', 'sim', 'cli.js');
const CRASH_AFTER_MS = 1_500;
const COUNT = 4_000;
const RATE = 2_000;

let dir = '';
let api: ChildProcess | null = null;
let snippet: Record<string, any> = {};

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bsos-crash-e2e-'));
  ({ child: api, snippet } = await startApiSim(dir, ['--nodes', '2'], 600));
});

after(() => {
  api?.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
});

function linesOf(path: string): string[] {
  if (!existsSync(path)) return [];
  return readdirSync(path).flatMap((f) => readFileSync(join(path, f), 'utf8').split('\n')).filter((l) => l !== '');
}

async function runWithCrash(thread: string): Promise<void> {
  const caseDir = mkdtempSync(join(dir, `${thread}-`));
  const logPort = await freeUdpPort();
  const userPort = await freeUdpPort();
  const promPort = await freePort();
  const base = defaultCollectorConfig(logPort, userPort);
  base.cert = snippet.cert;
  base.appNames = { ...base.appNames, ...snippet.appNames };
  base.serversToMonitor = { ...base.serversToMonitor, ...snippet.serversToMonitor, pollingInterval: 1000 };
  base.prometheus = { ...base.prometheus, enable: true, host: '127.0.0.1', port: promPort, nodeMetricsHost: '127.0.0.1', nodeMetricsPort: await freePort() };
  base.fileDestination = { ...base.fileDestination, directory: join(caseDir, 'lp') };
  base.delivery = { ...base.delivery, spool: { ...base.delivery?.spool, enable: true, directory: join(caseDir, 'spool') } };
  const once = join(caseDir, 'crashed');
  const collector = await startCollector(base, { env: { BUTLER_SOS_TEST_CRASH_AFTER: `${thread}:${CRASH_AFTER_MS}:${once}` } });

  const send = spawnSync(process.execPath, [SIM, '--log-port', String(logPort), '--user-port', String(userPort), '--rate', String(RATE), '--count', String(COUNT), '--run-id', '9', '--json'], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  assert.equal(send.status, 0, send.stderr);
  const sent = JSON.parse(send.stdout.trim().split('\n').pop()!) as { sent: number; bySource: Record<string, number> };
  assert.equal(sent.sent, COUNT);
  assert.ok(existsSync(once), `${thread} crashed during the run`);
  const died = thread === 'parse' ? 'Parse worker died of an uncaught error; the pool replaces it and retries its slices.' : 'Thread died of an uncaught error';
  await collector.waitForLog((l) => l.msg === died && l.thread === thread, 5_000);
  if (thread.startsWith('writer')) {
    await collector.waitForLog((l) => l.msg.startsWith('Writer saved its queues before dying') && l.thread === thread, 5_000);
  }
  if (thread === 'http') {
    // The restarted http thread serves /metrics again, and says ready.
    await collector.waitForLog((l) => l.msg === 'Thread ended unexpectedly; restarting it' && l.thread === 'http');
    let answer = 0;
    for (let i = 0; i < 40 && answer !== 200; i++) {
      await new Promise((r) => setTimeout(r, 100));
      answer = await fetch(`http://127.0.0.1:${promPort}/ready`).then((r) => r.status, () => 0);
    }
    assert.equal(answer, 200, '/ready answers 200 after the http thread restarted');
  }
  await new Promise((r) => setTimeout(r, 1_200)); // a poll round after the crash
  const stopAt = Date.now();
  const code = await collector.stop();
  const problems = collector.logs.filter((l) => l.level === 'error' || l.level === 'fatal' || l.level === 'warn');
  assert.equal(code, 0, `clean exit; problems logged: ${JSON.stringify(problems).slice(0, 3000)}`);
  const stopMs = Date.now() - stopAt;

  const lines = linesOf(join(caseDir, 'lp'));
  const distinct = (m: string) => new Set(lines.filter((l) => l.startsWith(`${m},`))).size;
  const userSent = sent.bySource.user ?? 0;
  // The shutdown summary (src/ops/shutdown-summary.ts): one line per destination and per listening port.
  const destinations = collector.logs.filter((l) => /^Destination \S+: \d+ lines written/.test(l.msg)) as Array<LogLine & { dropped: Record<string, number> }>;
  assert.ok(destinations.length > 0, 'delivery totals logged at shutdown');
  const dropped = destinations.reduce((n, d) => n + Object.values(d.dropped).reduce((a, b) => a + b, 0), 0);
  assert.equal(dropped, 0, `nothing dropped: ${JSON.stringify(destinations)}`);
  // The books: every datagram the sockets received is a point written (none dropped or lost on the way).
  assert.ok(collector.logs.some((l) => l.msg === 'Butler SOS stopped.'), 'stopped cleanly');
  const sockets = collector.logs.filter((l) => / on UDP port \d+: /.test(l.msg)) as Array<LogLine & { received: number; lost: number; dropped: { queueFull: number } }>;
  assert.equal(sockets.length, 2, 'one summary line per socket');
  assert.equal(sockets.reduce((n, c) => n + c.received, 0), sent.sent, 'the sockets received every datagram');
  assert.equal(sockets.reduce((n, c) => n + c.lost + c.dropped.queueFull, 0), 0);
  assert.equal(distinct('log_event'), sent.sent - userSent, `${thread}: every log datagram sent is a log_event point`);
  assert.equal(distinct('user_events'), userSent, `${thread}: every user datagram sent is a user_events point`);
  assert.ok(lines.some((l) => l.startsWith('mem,')), 'health points written');
  assert.ok(!collector.logs.some((l) => l.msg === 'Some writers did not finish draining before the deadline.'), 'drain completed');
  assert.ok(stopMs < 9_500, `stopped within the shutdown deadline (${stopMs} ms)`);
  // Everything was replayed: nothing in the spool lies beyond the saved read position (the segment being
  // appended to stays on disk after its replay).
  const spoolDir = join(caseDir, 'spool', 'file');
  const segments = existsSync(spoolDir) ? readdirSync(spoolDir).filter((f) => f.endsWith('.seg')) : [];
  const cursor = existsSync(join(spoolDir, 'cursor.json'))
    ? (JSON.parse(readFileSync(join(spoolDir, 'cursor.json'), 'utf8')) as { segment: number; offset: number })
    : { segment: 0, offset: 0 };
  const left = segments.reduce((n, f) => {
    const id = Number(f.slice(0, -4));
    const size = statSync(join(spoolDir, f)).size;
    return n + (id > cursor.segment ? size : id === cursor.segment ? size - cursor.offset : 0);
  }, 0);
  assert.equal(left, 0, `spool replayed (${segments.join(', ')}, cursor ${JSON.stringify(cursor)})`);
}

const ONLY = process.env.BUTLER_SOS_CRASH_CASE;
for (const thread of ['writer-0', 'parse', 'tracker', 'poller', 'http'].filter((t) => !ONLY || t === ONLY)) {
  test(`e2e: the ${thread} thread dies under load; every event is still written, nothing dropped, stop in time`, { timeout: 90_000 }, async () => {
    await runWithCrash(thread);
  });
}
