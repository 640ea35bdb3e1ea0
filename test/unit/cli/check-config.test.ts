import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCheckConfig, type CheckConfigIo } from '../../../src/cli/check-config.js';
import { repoRoot } from '../../support/paths.js';

function capture(env: NodeJS.ProcessEnv = {}): CheckConfigIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (l) => stdout.push(l), err: (l) => stderr.push(l), env };
}

function withFile(body: string, fn: (file: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'bsos-check-'));
  try {
    const file = join(dir, 'cfg.yaml');
    writeFileSync(file, body);
    fn(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('a valid file: exit 0 and "Config OK: <file>"', () => {
  const file = join(repoRoot(), 'config', 'default.yaml');
  const io = capture();
  assert.equal(runCheckConfig({ configFile: file, skipConfigVerification: false }, io), 0);
  assert.deepEqual(io.stdout, [`Config OK: ${file}`]);
  assert.deepEqual(io.stderr, []);
});

test('a misspelt key: exit 1, the problem names the file, the key and the suggestion', () => {
  withFile('Butler-SOS:\n  logEvents:\n    udpServerConfig:\n      serverHost: 0.0.0.0\n      portLogEvent: 9996\n', (file) => {
    const io = capture();
    assert.equal(runCheckConfig({ configFile: file, skipConfigVerification: false }, io), 1);
    assert.deepEqual(io.stdout, []);
    assert.equal(io.stderr[0], `${file}: unknown key "Butler-SOS.logEvents.udpServerConfig.portLogEvent" (did you mean "portLogEvents"?)`);
    assert.equal(io.stderr.at(-1), `Config has 1 problem: ${file}`);
  });
});

test('a missing file: exit 1 with a clear message', () => {
  const io = capture();
  assert.equal(runCheckConfig({ configFile: '/nonexistent/bsos.yaml', skipConfigVerification: false }, io), 1);
  assert.equal(io.stderr[0], '/nonexistent/bsos.yaml: cannot read the configuration file: file not found');
});

test('warnings and applied environment overrides are printed with an OK file', () => {
  withFile('Butler-SOS:\n  logEvents:\n    udpServerConfig:\n      serverHost: 0.0.0.0\n', (file) => {
    const io = capture({ BUTLER_SOS__LOGLEVEL: 'debug' });
    assert.equal(runCheckConfig({ configFile: file, skipConfigVerification: false }, io), 0);
    assert.deepEqual(io.stdout, ['override: BUTLER_SOS__LOGLEVEL → Butler-SOS.logLevel', `Config OK: ${file}`]);
    assert.equal(io.stderr.length, 1);
    assert.match(io.stderr[0], /^warning: .*no destination is enabled/);
  });
});

test('keys that cannot be applied: --check-config passes and prints one warning line naming each', () => {
  const body = [
    'Butler-SOS:',
    '  logEvents:',
    '    udpServerConfig:',
    '      messageQueue: { maxConcurrent: 4, maxSize: 200 }',
    '  influxdbConfig:',
    '    enable: true',
    '    host: influx.lan',
    '    version: 3',
    '    v3Config: { database: sense, token: apiv3_x, description: Butler SOS metrics }',
    '',
  ].join('\n');
  withFile(body, (file) => {
    const io = capture();
    assert.equal(runCheckConfig({ configFile: file, skipConfigVerification: false }, io), 0);
    const warnings = io.stderr.filter((l) => l.startsWith('warning:'));
    assert.deepEqual(warnings.map((w) => w.split(':')[1].trim()).sort(), [
      'Butler-SOS.influxdbConfig.v3Config.description',
      'Butler-SOS.logEvents.udpServerConfig.messageQueue.maxConcurrent',
    ]);
    assert.equal(warnings.length, 2, 'maxSize at Butler SOS default 200 is not named');
  });
});
