// crashFile.*: a real crash of a real thread of the built collector (the test-only trigger, armed by
// NODE_ENV=test + BUTLER_SOS_TEST_CRASH). A parse worker's crash writes both dumps and the collector keeps
// running (Piscina replaces the worker); a crash of the main thread writes them and exits 1. No secret of
// the config reaches a dump, even when the error message carries it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultCollectorConfig } from '../../support/collector-config.js';
import { startCollector } from '../../support/collector-process.js';
import { repoRoot } from '../../support/paths.js';
import { datagramsOf, freeUdpPort, sendDatagrams } from '../../support/udp.js';

const SECRETS = { influxPassword: 'Pw-Influx-91f3e', v2Token: 'Tok-Influx-7c2e9a', nrKey: 'NRAK-SECRET-5d1a77' };

async function config(crashDir: string, dataDir: string): Promise<Record<string, any>> {
  const base = defaultCollectorConfig(await freeUdpPort(), await freeUdpPort());
  base.fileDestination = { ...base.fileDestination, enable: true, directory: dataDir };
  base.crashFile = { enable: true, crashFileDirectory: crashDir, crashFileCreateJson: true, crashFileCreateText: true };
  base.influxdbConfig = {
    ...base.influxdbConfig,
    v1Config: { ...base.influxdbConfig?.v1Config, auth: { enable: true, username: 'butler', password: SECRETS.influxPassword } },
    v2Config: { ...base.influxdbConfig?.v2Config, token: SECRETS.v2Token },
  };
  base.thirdPartyToolsCredentials = { newRelic: [{ accountName: 'ops', insertApiKey: SECRETS.nrKey, accountId: '1234567' }] };
  return base;
}

function crashEnv(spec: string): NodeJS.ProcessEnv {
  return { NODE_ENV: 'test', BUTLER_SOS_TEST_CRASH: spec };
}

function dumps(dir: string): { json: Record<string, any>; text: string; names: string[] } {
  const names = readdirSync(dir).sort();
  const json = names.find((n) => n.endsWith('.json'));
  const txt = names.find((n) => n.endsWith('.txt'));
  assert.ok(json && txt, `both dump files: ${names.join(', ')}`);
  for (const n of names) assert.match(n, /^crash_dump_\d{8}_\d{6}_\d{3}_\d+_\d+\.(json|txt)$/);
  assert.equal(statSync(join(dir, json)).mode & 0o777, 0o600);
  assert.equal(statSync(dir).mode & 0o777, 0o700);
  return { json: JSON.parse(readFileSync(join(dir, json), 'utf8')), text: readFileSync(join(dir, txt), 'utf8'), names };
}

function assertNoSecrets(...texts: string[]): void {
  for (const text of texts) for (const secret of Object.values(SECRETS)) assert.ok(!text.includes(secret), `secret ${secret} leaked`);
}

test('crash dump: a parse worker crashes, both dumps are written, the collector keeps running and stops cleanly', async () => {
  const crashDir = join(mkdtempSync(join(tmpdir(), 'bsos-crash-')), 'dumps');
  const dataDir = mkdtempSync(join(tmpdir(), 'bsos-crash-data-'));
  const cfg = await config(crashDir, dataDir);
  const message = `cannot reach http://butler:${SECRETS.influxPassword}@influx.local:8086 with token=${SECRETS.v2Token}`;
  const collector = await startCollector(cfg, { env: crashEnv(`parse:exception:${message}`) });
  try {
    const fatal = await collector.waitForLog((l) => l.msg.startsWith('FATAL: uncaughtException in thread parse'));
    assert.equal(fatal.level, 'error');
    await collector.waitForLog((l) => l.msg.startsWith('Crash dump written: '));
    // Still running: events sent after the crash are parsed and written by the replacement worker.
    const port = cfg.logEvents.udpServerConfig.portLogEvents;
    await sendDatagrams(port, datagramsOf(`${repoRoot()}/test/fixtures/spec/udp-samples.txt`).slice(0, 10));
    assert.equal(await collector.stop(), 0);
    const { json, text } = dumps(crashDir);
    assert.equal(json.version, '1.0');
    assert.equal(json.app.name, 'butler-sos');
    assert.deepEqual(json.context, {
      exitCode: 1,
      source: 'uncaughtException',
      thread: 'parse',
      outcome: 'this thread ends with code 1; the supervisor restarts it and Butler SOS keeps running',
    });
    assert.equal(json.error.type, 'Error');
    assert.equal(json.error.message, 'cannot reach http://[REDACTED]@influx.local:8086 with token=[REDACTED]');
    assert.match(json.error.stack, /\(src\/crash\/test-crash\.js:\d+:\d+\)/, 'stack frames relative to the application');
    assert.ok(!json.error.stack.includes(repoRoot()), 'no absolute paths');
    assert.deepEqual(Object.keys(json.config).sort(), [
      'anonTelemetry', 'auditEventsEnable', 'fileLogging', 'influxdbEnable', 'influxdbVersion', 'logDirectory', 'logLevel',
      'mqttEnable', 'prometheusEnable', 'systemInfoEnable', 'userEventsEnable',
    ]);
    assert.match(text, /CRASH INFO\n {2}Source: {4}uncaughtException\n {2}Thread: {4}parse\n/);
    assert.match(text, /ERROR MESSAGE\n {2}Error: cannot reach http:\/\/\[REDACTED\]@influx\.local:8086/);
    assertNoSecrets(JSON.stringify(json), text, collector.rawLines.join('\n'));
    const files = readdirSync(dataDir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
    const lines = files.flatMap((e) => readFileSync(join(e.parentPath ?? (e as unknown as { path: string }).path, e.name), 'utf8').split('\n'));
    assert.ok(lines.some((l) => l.startsWith('log_event,')), 'log events sent after the crash were parsed and written');
  } finally {
    if (collector.child.exitCode === null) await collector.stop();
    rmSync(join(crashDir, '..'), { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('crash dump: an unhandled rejection in the main thread writes the dumps and exits 1; the log file has the FATAL line', async () => {
  const crashDir = join(mkdtempSync(join(tmpdir(), 'bsos-crash-')), 'dumps');
  const dataDir = mkdtempSync(join(tmpdir(), 'bsos-crash-data-'));
  const cfg = await config(crashDir, dataDir);
  cfg.fileLogging = true;
  cfg.logDirectory = join(crashDir, '..', 'logs');
  const collector = await startCollector(cfg, { env: crashEnv(`main:rejection:apiKey: ${SECRETS.nrKey}`) });
  try {
    assert.equal(await collector.exited, 1);
    const { json, text } = dumps(crashDir);
    assert.equal(json.context.thread, 'main');
    assert.equal(json.context.source, 'unhandledRejection');
    assert.equal(json.context.outcome, 'Butler SOS exits with code 1');
    assert.equal(json.error.message, 'apiKey=[REDACTED]');
    assert.match(text, /Outcome: {3}Butler SOS exits with code 1/);
    // The log file is complete up to the exit, though the process ended at once.
    const [logFile] = readdirSync(cfg.logDirectory);
    const logText = readFileSync(join(cfg.logDirectory, logFile), 'utf8');
    assert.match(logText, / error: \[main\] FATAL: unhandledRejection in thread main: apiKey=\[REDACTED\] – writing crash dump…/);
    assert.match(logText, / error: \[main\] Crash dump written: .*crash_dump_.*\.json, .*\.txt/);
    assertNoSecrets(JSON.stringify(json), text, collector.rawLines.join('\n'), logText);
  } finally {
    rmSync(join(crashDir, '..'), { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('crash dump: crashFile.enable false writes nothing; the thread is still restarted', async () => {
  const crashDir = join(mkdtempSync(join(tmpdir(), 'bsos-crash-')), 'dumps');
  const dataDir = mkdtempSync(join(tmpdir(), 'bsos-crash-data-'));
  const cfg = await config(crashDir, dataDir);
  cfg.crashFile.enable = false;
  const collector = await startCollector(cfg, { env: crashEnv('tracker') });
  try {
    await collector.waitForLog((l) => l.msg.startsWith('FATAL: uncaughtException in thread tracker'));
    await collector.waitForLog((l) => l.msg.startsWith('Thread ended unexpectedly') && l.thread === 'tracker');
    // The tracker logs its schedule when it starts: a second time means the restart worked.
    const starts = (): number => collector.logs.filter((l) => l.name === 'tracker' && l.msg.startsWith('ERROR TRACKER: Scheduled')).length;
    const until = Date.now() + 10_000;
    while (starts() < 2 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    assert.equal(starts(), 2, 'the tracker started again');
    assert.equal(await collector.stop(), 0);
    assert.ok(!collector.logs.some((l) => l.msg.startsWith('Crash dump written')));
    assert.throws(() => readdirSync(crashDir), /ENOENT/);
  } finally {
    if (collector.child.exitCode === null) await collector.stop();
    rmSync(join(crashDir, '..'), { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  }
});
