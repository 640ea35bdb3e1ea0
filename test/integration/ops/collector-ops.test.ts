// The built collector with the uptime monitor and the heartbeat on a one-second schedule: the start-up banner
// and the telemetry line in its log, heartbeat GETs at a local HTTP receiver, uptime log lines, and
// butlersos_memory_usage points in the file destination; a bad schedule stops the start naming the key.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { startCollector } from '../../support/collector-process.js';
import { repoRoot } from '../../support/paths.js';
import { freeUdpPort } from '../../support/udp.js';

async function baseConfig(): Promise<Record<string, any>> {
  const base = parse(readFileSync(`${repoRoot()}/config/default.yaml`, 'utf8'))['Butler-SOS'];
  base.logEvents.udpServerConfig.serverHost = '127.0.0.1';
  base.logEvents.udpServerConfig.portLogEvents = await freeUdpPort();
  base.userEvents.udpServerConfig.serverHost = '127.0.0.1';
  base.userEvents.udpServerConfig.portUserActivityEvents = await freeUdpPort();
  base.fileLogging = false;
  return base;
}

function filesUnder(dir: string): string[] {
  let out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    out = statSync(p).isDirectory() ? out.concat(filesUnder(p)) : out.concat(p);
  }
  return out;
}

test('collector: banner, telemetry line, heartbeat every second, uptime monitor lines and memory points', async () => {
  const calls: string[] = [];
  const receiver = createServer((req, res) => {
    calls.push(`${req.method} ${req.url}`);
    res.end('OK');
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/ping/secret-token`;
  const dataDir = mkdtempSync(join(tmpdir(), 'bsos-ops-data-'));
  const config = await baseConfig();
  config.fileDestination = { ...config.fileDestination, enable: true, directory: dataDir };
  config.anonTelemetry = true;
  config.heartbeat = { enable: true, remoteURL: url, frequency: 'every 1 second' };
  config.uptimeMonitor = { ...config.uptimeMonitor, enable: true, frequency: 'every 1 second', logLevel: 'info' };
  config.uptimeMonitor.storeInInfluxdb = { butlerSOSMemoryUsage: true, instanceTag: 'OPS-TEST' };
  const collector = await startCollector(config);
  try {
    const banner = await collector.waitForLog((l) => /^Butler SOS \S+ \(multi-threaded edition\) on Node/.test(l.msg));
    assert.equal(banner.level, 'info');
    await collector.waitForLog((l) => l.msg.startsWith('Destinations: file (line protocol v'));
    const telemetry = await collector.waitForLog((l) => l.msg.startsWith('Telemetry: anonTelemetry is true'));
    assert.equal(telemetry.level, 'info');
    await collector.waitForLog((l) => /^Iteration # 2, Uptime: 0 months, 0 days, 0 hours, 0 minutes, \d+ seconds, Heap used/.test(l.msg), 15_000);
    const end = Date.now() + 10_000;
    while (calls.length < 3 && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
    assert.ok(calls.length >= 3, `heartbeat calls: ${calls.length}`);
    assert.ok(calls.every((c) => c === 'GET /ping/secret-token'));
    assert.equal(await collector.stop(), 0);
    assert.ok(!collector.logs.some((l) => JSON.stringify(l).includes('secret-token')), 'the ping path stays out of the log');
    const lines = filesUnder(dataDir)
      .flatMap((f) => readFileSync(f, 'utf8').split('\n'))
      .filter((l) => l.startsWith('butlersos_memory_usage,'));
    assert.ok(lines.length >= 2, `memory points in the file destination: ${lines.length}`);
    assert.match(lines[0], /^butlersos_memory_usage,butler_sos_instance=OPS-TEST,version=[^ ,]+ .*process_memory=\d/);
  } finally {
    if (collector.child.exitCode === null) await collector.stop();
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('collector: an unreadable uptimeMonitor.frequency is a config error: exit 1 before anything starts, naming the key', async () => {
  const config = await baseConfig();
  config.uptimeMonitor = { ...config.uptimeMonitor, enable: true, frequency: 'every now and then' };
  const dir = mkdtempSync(join(tmpdir(), 'bsos-ops-bad-'));
  try {
    const file = join(dir, 'config.yaml');
    writeFileSync(file, stringify({ 'Butler-SOS': config }));
    const run = spawnSync(process.execPath, [join(repoRoot(), 'dist', 'src', 'main.js'), '-c', file], { cwd: dir, encoding: 'utf8', timeout: 30_000 });
    assert.equal(run.status, 1, run.stderr);
    assert.match(run.stderr, /Butler-SOS\.uptimeMonitor\.frequency: "every now and then" is not a later\.js text schedule/);
    assert.match(run.stderr, /Not started: the configuration has 1 problem/);
    assert.ok(!run.stdout.includes('Butler SOS is ready'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
