// What the built collector prints, read as an admin and as a JSON log shipper would: every line is JSON
// without duplicate keys, the banner appears once, and the shutdown summary says per port and per
// destination what was received, written and dropped, with ring internals only at debug.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { startCollector } from '../../support/collector-process.js';
import { duplicateKeys } from '../../support/json-duplicate-keys.js';
import { repoRoot } from '../../support/paths.js';
import { datagramsOf, freeUdpPort, sendDatagrams } from '../../support/udp.js';

async function config(dataDir: string, logLevel: string): Promise<Record<string, any>> {
  const base = parse(readFileSync(`${repoRoot()}/config/default.yaml`, 'utf8'))['Butler-SOS'];
  base.logLevel = logLevel;
  base.logEvents.udpServerConfig.serverHost = '127.0.0.1';
  base.logEvents.udpServerConfig.portLogEvents = await freeUdpPort();
  base.userEvents.udpServerConfig.serverHost = '127.0.0.1';
  base.userEvents.udpServerConfig.portUserActivityEvents = await freeUdpPort();
  base.fileDestination = { ...base.fileDestination, enable: true, directory: dataDir };
  return base;
}

async function run(logLevel: string): Promise<{ raw: string[]; logs: Array<Record<string, any>>; sent: number; port: number }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bsos-logout-'));
  const cfg = await config(dataDir, logLevel);
  const collector = await startCollector(cfg);
  const samples = datagramsOf(`${repoRoot()}/test/fixtures/spec/udp-samples.txt`);
  const port = cfg.logEvents.udpServerConfig.portLogEvents;
  try {
    await sendDatagrams(port, samples);
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(await collector.stop(), 0);
    return { raw: collector.rawLines, logs: collector.logs, sent: samples.length, port };
  } finally {
    if (collector.child.exitCode === null) await collector.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

test('JSON logs at debug: no line of a whole run (start, events, shutdown) has a key twice', async () => {
  const { raw, logs } = await run('debug');
  assert.ok(raw.length > 20, `lines: ${raw.length}`);
  for (const line of raw) assert.deepEqual(duplicateKeys(line), [], line);
  // The line that used to carry "destination" twice (a writer's child binding plus the same field).
  const started = logs.find((l) => l.msg === 'Destination started.');
  assert.equal(started?.destination, 'file');
  assert.ok(logs.some((l) => l.level === 'debug'), 'debug lines were part of the run');
});

test('info: banner once; shutdown summary per port and destination in words; ring internals only at debug', async () => {
  const { logs, sent, port } = await run('info');
  const bannerFirst = logs.filter((l) => /^Butler SOS \S+ \(multi-threaded edition\)/.test(l.msg));
  assert.equal(bannerFirst.length, 1);
  assert.ok(!logs.some((l) => 'banner' in l), 'no structured copy of the banner');
  assert.equal(logs.filter((l) => l.msg.startsWith('Config file: ')).length, 1);
  const portLine = logs.find((l) => l.msg.startsWith(`Log events on UDP port ${port}: `));
  assert.equal(portLine?.msg, `Log events on UDP port ${port}: ${sent} received, 0 dropped, 0 lost.`);
  assert.equal(portLine?.level, 'info');
  const dest = logs.find((l) => l.msg.startsWith('Destination file: '));
  assert.match(dest?.msg ?? '', /^Destination file: [1-9]\d* lines written, 0 dropped, 0 spooled\.$/);
  const infoText = JSON.stringify(logs.filter((l) => l.level === 'info'));
  for (const internal of ['writeOffset', 'readOffset', 'slicesDispatched', 'slicesCompleted']) assert.ok(!infoText.includes(internal), `${internal} at info`);
  assert.equal(logs.at(-1)?.msg, 'Butler SOS stopped.');
});

test('debug: the ring internals are still there for developers', async () => {
  const { logs } = await run('debug');
  const internals = logs.find((l) => l.msg === 'Shutdown internals.');
  assert.equal(internals?.level, 'debug');
  assert.equal(typeof internals?.rings?.log?.slicesDispatched, 'number');
  assert.equal(typeof internals?.rings?.log?.writeOffset, 'number');
});
