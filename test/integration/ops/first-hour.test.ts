// The first hour with the built collector, as a new user meets it: a config with only the UDP ports checks
// and runs on defaults; a second collector on the same ports stops with one line and writes nothing; each
// socket states its receive buffer once; with prometheus.enable both metrics endpoints answer; the activity
// summary shows that data flows; datagrams sent while the threads start are not lost.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { startCollector, type LogLine } from '../../support/collector-process.js';
import { freePort } from '../../support/free-port.js';
import { fixturePath, repoRoot } from '../../support/paths.js';
import { parsePromText, samplesOf } from '../../support/prom-text.js';
import { promtoolAvailable, promtoolCheck } from '../../support/promtool.js';
import { datagramsOf, freeUdpPort } from '../../support/udp.js';
import { loadConfigText } from '../../../src/config/load.js';
import { userEventHandlerOptions } from '../../../src/events/options.js';
import { createUserEventHandler } from '../../../src/events/user-event.js';
import { runToExit } from '../../support/run-to-exit.js';

const MAIN = join(repoRoot(), 'dist', 'src', 'main.js');
const SIM = join(repoRoot(), 'dist', 'bench', 'sim', 'cli.js');

function writeConfig(dir: string, config: Record<string, unknown>): string {
  const file = join(dir, 'config.yaml');
  writeFileSync(file, stringify({ 'Butler-SOS': config }));
  return file;
}

function linesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((f) => readFileSync(join(dir, f), 'utf8').split('\n')).filter((l) => l !== '' && !l.startsWith('#'));
}

function sim(logPort: number, userPort: number, mix: string, count: number): void {
  const run = spawnSync(process.execPath, [SIM, '--log-port', String(logPort), '--user-port', String(userPort), '--mix', mix, '--count', String(count), '--rate', '2000'], {
    encoding: 'utf8',
    timeout: 30_000,
  });
  assert.equal(run.status, 0, `${run.stdout}${run.stderr}`);
}

test('minimal config: only the two UDP ports passes --check-config; left-out keys take their defaults and it writes', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bsos-minimal-'));
  const [logPort, userPort] = [await freeUdpPort(), await freeUdpPort()];
  try {
    const file = writeConfig(dir, {
      logEvents: { udpServerConfig: { portLogEvents: logPort } },
      userEvents: { udpServerConfig: { portUserActivityEvents: userPort } },
    });
    const check = spawnSync(process.execPath, [MAIN, '-c', file, '--check-config'], { cwd: dir, encoding: 'utf8', timeout: 30_000 });
    assert.equal(check.status, 0, check.stderr);
    assert.match(check.stdout, /^Config OK: /m);
    assert.doesNotMatch(check.stderr, /serverHost/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  // The same, with user events switched on and the file destination: it binds 0.0.0.0 and writes what arrives.
  const data = mkdtempSync(join(tmpdir(), 'bsos-minimal-data-'));
  const collector = await startCollector({
    logEvents: { udpServerConfig: { portLogEvents: logPort } },
    userEvents: { enable: true, udpServerConfig: { portUserActivityEvents: userPort } },
    fileDestination: { enable: true, directory: data },
  });
  try {
    await collector.waitForLog((l) => l.msg === `LOG EVENT: UDP server listening on 0.0.0.0:${logPort}`);
    await collector.waitForLog((l) => l.msg === `USER EVENT: UDP server listening on 0.0.0.0:${userPort}`);
    sim(logPort, userPort, 'user=1', 40);
    assert.equal(await collector.stop(), 0);
    assert.equal(linesUnder(data).filter((l) => l.startsWith('user_events,')).length, 40);
  } finally {
    if (collector.child.exitCode === null) await collector.stop();
    rmSync(data, { recursive: true, force: true });
  }
});

test('a second collector on the same ports: one line naming the key and port, exit 1, nothing written', async () => {
  const [logPort, userPort] = [await freeUdpPort(), await freeUdpPort()];
  const dataA = mkdtempSync(join(tmpdir(), 'bsos-first-'));
  const dirB = mkdtempSync(join(tmpdir(), 'bsos-second-'));
  const queueMetrics = { influxdb: { enable: true, writeFrequency: 1000 } };
  const config = (directory: string) => ({
    logEvents: { udpServerConfig: { serverHost: '127.0.0.1', portLogEvents: logPort, queueMetrics } },
    userEvents: { enable: true, udpServerConfig: { serverHost: '127.0.0.1', portUserActivityEvents: userPort, queueMetrics } },
    fileDestination: { enable: true, directory },
  });
  const first = await startCollector(config(dataA));
  try {
    const dataB = join(dirB, 'data');
    const second = await runToExit([MAIN, '-c', writeConfig(dirB, config(dataB))], { cwd: dirB });
    assert.equal(second.code, 1, second.stderr);
    const lines = second.stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as LogLine);
    const errors = lines.filter((l) => l.level === 'error');
    assert.deepEqual(
      errors.map((l) => l.msg),
      [`Not started: logEvents.udpServerConfig.portLogEvents: UDP port ${logPort} on 127.0.0.1 is already in use (another Butler SOS or program listens there).`],
    );
    assert.ok(!`${second.stdout}${second.stderr}`.includes('    at '), 'no stack trace');
    assert.ok(!lines.some((l) => 'counters' in l || /Delivery totals|Butler SOS stopped/.test(l.msg)), 'no shutdown summary for a start that failed');
    assert.ok(!lines.some((l) => l.msg === 'Destination started.'), 'no destination was started');
    assert.deepEqual(linesUnder(dataB), [], 'the failed start wrote no data');
    // Queue points of the running collector keep coming; the failed one added none to its files either.
    await new Promise((r) => setTimeout(r, 1_500));
    assert.equal(await first.stop(), 0);
    const queueLines = linesUnder(dataA).filter((l) => l.startsWith('log_events_queue,'));
    assert.ok(queueLines.length >= 1, 'the running collector writes its queue metrics');
  } finally {
    if (first.child.exitCode === null) await first.stop();
    rmSync(dataA, { recursive: true, force: true });
    rmSync(dirB, { recursive: true, force: true });
  }
});

test('receive buffer: one line per socket, in usable bytes, matching what was asked or saying the OS capped it', async () => {
  const requested = 8 * 1024 * 1024;
  const collector = await startCollector({
    logEvents: { udpServerConfig: { serverHost: '127.0.0.1', portLogEvents: await freeUdpPort() } },
    userEvents: { enable: true, udpServerConfig: { serverHost: '127.0.0.1', portUserActivityEvents: await freeUdpPort() } },
    ingest: { udpReceiveBufferBytes: requested },
  });
  try {
    const rmemMax = process.platform === 'linux' ? Number(readFileSync('/proc/sys/net/core/rmem_max', 'utf8')) : Infinity;
    for (const label of ['LOG EVENT', 'USER EVENT']) {
      const lines = collector.logs.filter((l) => l.msg.startsWith(`${label}: UDP receive buffer`));
      assert.equal(lines.length, 1, JSON.stringify(lines));
      if (rmemMax < requested) {
        assert.equal(lines[0].level, 'warn');
        assert.equal(lines[0].msg, `${label}: UDP receive buffer is ${rmemMax} bytes, not the ${requested} of ingest.udpReceiveBufferBytes: the OS caps it (raise net.core.rmem_max on Linux).`);
      } else {
        assert.equal(lines[0].level, 'info');
        assert.equal(lines[0].msg, `${label}: UDP receive buffer is ${requested} bytes.`);
      }
    }
  } finally {
    await collector.stop();
  }
});

test('prometheus.enable: both endpoints answer (butlersos_* on port, Node.js metrics on nodeMetricsPort, promtool-clean)', async (t) => {
  const [port, nodeMetricsPort] = [await freePort(), await freePort()];
  const collector = await startCollector({
    logEvents: { udpServerConfig: { serverHost: '127.0.0.1', portLogEvents: await freeUdpPort() } },
    prometheus: { enable: true, host: '127.0.0.1', port, nodeMetricsHost: '127.0.0.1', nodeMetricsPort },
  });
  try {
    const main = parsePromText(await (await fetch(`http://127.0.0.1:${port}/metrics`)).text());
    assert.ok(main.type.has('butlersos_cpu_total') && main.type.has('butlersos_collector_metric_updates_total'));
    assert.equal(samplesOf(main, 'process_resident_memory_bytes').length, 1, 'Node.js metrics stay on the main endpoint too');
    const res = await fetch(`http://127.0.0.1:${nodeMetricsPort}/metrics`);
    assert.equal(res.status, 200);
    const text = await res.text();
    const node = parsePromText(text);
    assert.equal(samplesOf(node, 'process_resident_memory_bytes').length, 1);
    assert.ok(node.type.has('nodejs_heap_size_used_bytes'));
    if (promtoolAvailable(t)) promtoolCheck(text);
  } finally {
    await collector.stop();
  }
});

test('activity summary: one info line per interval while events flow, counting what was sent; none once they stop; 0 turns it off', async () => {
  const [logPort, userPort] = [await freeUdpPort(), await freeUdpPort()];
  const data = mkdtempSync(join(tmpdir(), 'bsos-activity-'));
  const config = (intervalMs: number) => ({
    logEvents: { udpServerConfig: { serverHost: '127.0.0.1', portLogEvents: logPort }, sendToInfluxdb: { enable: true } },
    userEvents: { enable: true, udpServerConfig: { serverHost: '127.0.0.1', portUserActivityEvents: userPort } },
    fileDestination: { enable: true, directory: data },
    activitySummary: { intervalMs },
  });
  const isSummary = (l: LogLine) => l.msg.startsWith('Activity in the last');
  const collector = await startCollector(config(2_000));
  try {
    sim(logPort, userPort, 'qix-perf=3,user=1', 400);
    // The writers report every 5 s: wait until the summaries account for every file line.
    const pattern = new RegExp(`^Activity in the last 2 s: log events UDP ${logPort}: (\\d+) received, (\\d+) dropped; user events UDP ${userPort}: (\\d+) received, (\\d+) dropped; file: (\\d+) written, (\\d+) dropped\\.$`);
    const sums = () => {
      const lines = collector.logs.filter(isSummary);
      for (const l of lines) assert.match(l.msg, pattern);
      return lines.map((l) => pattern.exec(l.msg)!.slice(1).map(Number)).reduce((a, b) => a.map((v, i) => v + b[i]), [0, 0, 0, 0, 0, 0]);
    };
    const end = Date.now() + 15_000;
    while (Date.now() < end && (sums()[0] + sums()[2] < 400 || sums()[4] < sums()[2])) await new Promise((r) => setTimeout(r, 200));
    const [logReceived, logDropped, userReceived, userDropped, written, writeDropped] = sums();
    assert.equal(logReceived + userReceived, 400);
    assert.equal(logDropped + userDropped, 0);
    // Every user event became a user_events line, shown at the latest in the tail line after the traffic.
    assert.ok(written >= userReceived && userReceived > 0, `written ${written}, user events ${userReceived}`);
    assert.equal(writeDropped, 0);
    assert.ok(collector.logs.filter(isSummary).every((l) => l.level === 'info'));
    // Traffic stopped: after the tail line, no more lines.
    await new Promise((r) => setTimeout(r, 2_500));
    const before = collector.logs.filter(isSummary).length;
    await new Promise((r) => setTimeout(r, 4_500));
    assert.equal(collector.logs.filter(isSummary).length, before, 'no line when nothing flowed in the interval');
  } finally {
    await collector.stop();
  }

  const off = await startCollector(config(0));
  try {
    sim(logPort, userPort, 'user=1', 50);
    await new Promise((r) => setTimeout(r, 3_000));
    assert.equal(off.logs.filter(isSummary).length, 0, 'activitySummary.intervalMs: 0 turns it off');
  } finally {
    await off.stop();
    rmSync(data, { recursive: true, force: true });
  }
});

test('prometheus.nodeMetricsPort that cannot be bound (here: the same as prometheus.port) stops the start with one line, exit 1', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bsos-nodeport-'));
  const port = await freePort();
  try {
    const file = writeConfig(dir, {
      logEvents: { udpServerConfig: { serverHost: '127.0.0.1', portLogEvents: await freeUdpPort() } },
      prometheus: { enable: true, host: '127.0.0.1', port, nodeMetricsHost: '127.0.0.1', nodeMetricsPort: port },
    });
    const run = await runToExit([MAIN, '-c', file], { cwd: dir });
    assert.equal(run.code, 1, run.stderr);
    const errors = run.stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as LogLine).filter((l) => l.level === 'error');
    assert.equal(errors.length, 1, JSON.stringify(errors));
    assert.match(errors[0].msg, new RegExp(`^Not started: http: prometheus\\.nodeMetricsPort: cannot listen on 127\\.0\\.0\\.1:${port} `));
    assert.ok(!run.stdout.includes('Butler SOS is ready'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('datagrams that arrive while the threads start (sockets are bound first) wait in the ring and are all written', async () => {
  const [logPort, userPort] = [await freeUdpPort(), await freeUdpPort()];
  const dir = mkdtempSync(join(tmpdir(), 'bsos-early-'));
  const data = join(dir, 'data');
  const config = {
    logEvents: { udpServerConfig: { serverHost: '127.0.0.1', portLogEvents: logPort } },
    userEvents: { enable: true, udpServerConfig: { serverHost: '127.0.0.1', portUserActivityEvents: userPort } },
    fileDestination: { enable: true, directory: data },
    // More threads to start: a wider window between the bind and "ready".
    threads: { parseWorkers: 4, writerWorkers: 4 },
  };
  const file = writeConfig(dir, config);
  const child = spawn(process.execPath, [MAIN, '-c', file], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  let out = '';
  const seen = (text: string) => out.includes(text);
  child.stdout!.setEncoding('utf8').on('data', (c: string) => (out += c));
  try {
    const until = async (text: string) => {
      const end = Date.now() + 20_000;
      while (!seen(text) && Date.now() < end) await new Promise((r) => setTimeout(r, 2));
      assert.ok(seen(text), `log line "${text}" not seen: ${out.slice(-2000)}`);
    };
    await until(`USER EVENT: UDP server listening on 127.0.0.1:${userPort}`);
    const sender = createSocket('udp4');
    const payloads = datagramsOf(fixturePath('spec', 'udp', 'user-events-constructed.txt'));
    for (const p of payloads) await new Promise<void>((resolve, reject) => sender.send(p, userPort, '127.0.0.1', (err) => (err ? reject(err) : resolve())));
    sender.close();
    assert.ok(!seen('Butler SOS is ready'), 'the datagrams went out before the collector was ready (else this test proves nothing)');
    await until('Butler SOS is ready');
    await new Promise((r) => setTimeout(r, 1_500));
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
    const written = linesUnder(data).filter((l) => l.startsWith('user_events,')).length;
    const { config: loaded } = loadConfigText(JSON.stringify({ 'Butler-SOS': config }), 'early', {});
    const handler = createUserEventHandler(userEventHandlerOptions(loaded.userEvents, loaded.qlikSenseEvents, () => undefined));
    const expected = payloads.map(handler).filter((o) => o.kind === 'event').length;
    assert.ok(expected > 0);
    assert.equal(written, expected, `user_events lines for ${payloads.length} datagrams`);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});
