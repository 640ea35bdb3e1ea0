// fileLogging / logDirectory with the built collector: one file named like Butler SOS's (plus pino-roll's
// sequence number) in logDirectory, holding the same lines as the console, from the main thread and from
// the worker threads, in the Butler SOS text layout.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultCollectorConfig } from '../../support/collector-config.js';
import { startCollector } from '../../support/collector-process.js';
import { repoRoot } from '../../support/paths.js';
import { datagramsOf, freeUdpPort, sendDatagrams } from '../../support/udp.js';

async function config(logDirectory: string, dataDir: string): Promise<Record<string, any>> {
  const base = defaultCollectorConfig(await freeUdpPort(), await freeUdpPort());
  base.fileDestination = { ...base.fileDestination, enable: true, directory: dataDir };
  base.fileLogging = true;
  base.logDirectory = logDirectory;
  return base;
}

const today = (): string => {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

test('fileLogging: every thread\'s lines, the console\'s level, in logDirectory/butler-sos.<date>.<n>.log', async () => {
  const logDir = mkdtempSync(join(tmpdir(), 'bsos-logs-'));
  const dataDir = mkdtempSync(join(tmpdir(), 'bsos-logs-data-'));
  const cfg = await config(logDir, dataDir);
  const collector = await startCollector(cfg);
  try {
    await sendDatagrams(cfg.logEvents.udpServerConfig.portLogEvents, datagramsOf(`${repoRoot()}/test/fixtures/spec/udp-samples.txt`).slice(0, 20));
    await collector.waitForLog((l) => l.name === 'writer-0' && l.msg === 'Destination started.');
    await collector.waitForLog((l) => l.name === 'tracker');
    assert.equal(await collector.stop(), 0);
    const files = readdirSync(logDir);
    assert.deepEqual(files, [`butler-sos.${today()}.1.log`]);
    const lines = readFileSync(join(logDir, files[0]), 'utf8').trimEnd().split('\n');
    for (const line of lines) assert.match(line, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z (error|warn|info|verbose|debug|silly): \[[a-z0-9-]+\] /, line);
    const threads = new Set(lines.map((l) => /: \[([a-z0-9-]+)\] /.exec(l)?.[1]));
    for (const t of ['main', 'writer-0', 'tracker']) assert.ok(threads.has(t), `lines of thread ${t} in the file; threads: ${[...threads].join(', ')}`);
    assert.ok(lines.some((l) => l.includes(' info: [main] Butler SOS is ready {')));
    assert.ok(lines.some((l) => l.includes(' info: [writer-0] Destination started. {"destination":"file"')));
    assert.ok(lines.at(-1)?.includes(' info: [main] Butler SOS stopped.'), 'the last line before exit reaches the file');
    // The same lines as the console (logLevel info: no debug lines in either).
    const consoleLines = collector.logs.map((l) => `${l.level}: [${l.name}] ${l.msg}`).sort();
    const fileLines = lines.map((l) => l.replace(/^\S+ /, '').replace(/ \{.*\}$/, '')).sort();
    assert.deepEqual(fileLines, consoleLines);
    assert.ok(!lines.some((l) => / debug: /.test(l)));
  } finally {
    if (collector.child.exitCode === null) await collector.stop();
    rmSync(logDir, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('fileLogging: a logDirectory that cannot be created stops the start naming the key, exit 1', async () => {
  const blocker = mkdtempSync(join(tmpdir(), 'bsos-logs-bad-'));
  const dataDir = mkdtempSync(join(tmpdir(), 'bsos-logs-data-'));
  try {
    // A file where the directory should be: mkdir fails with ENOTDIR whoever runs the test (root included).
    const fileInTheWay = join(blocker, 'not-a-dir');
    (await import('node:fs')).writeFileSync(fileInTheWay, 'x');
    const cfg = await config(join(fileInTheWay, 'logs'), dataDir);
    await assert.rejects(startCollector(cfg, { readyTimeoutMs: 10_000 }), /exited with 1 .*Butler-SOS\.logDirectory: cannot write log files in .*not-a-dir\/logs/s);
  } finally {
    rmSync(blocker, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  }
});
