// The crash dump's redaction and file rules (crashFile.*), without a crash: the integration test
// test/integration/ops/crash-dump.test.ts crashes real threads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildCrashDump, crashFileStem, writeCrashDump, type CrashConfig } from '../../../src/crash/crash-dump.js';
import { redactSecrets, sanitizeStack } from '../../../src/crash/redact.js';
import { opsConfig } from '../ops/helpers.js';

test('redactor: credentials in URLs, auth schemes, key=value and JSON pairs', () => {
  assert.equal(redactSecrets('GET https://admin:s3cr3t@influx:8086/write'), 'GET https://[REDACTED]@influx:8086/write');
  assert.equal(redactSecrets('Authorization Bearer abcdefgh12345'), 'Authorization Bearer [REDACTED]');
  assert.equal(redactSecrets('password=hunter2; apiKey: NRAK-1234'), 'password=[REDACTED]; apiKey=[REDACTED]');
  assert.equal(redactSecrets('{"clientCertPassphrase": "pem-pass", "port": 8086}'), '{"clientCertPassphrase": "[REDACTED]", "port": 8086}');
  assert.equal(redactSecrets('connect ECONNREFUSED 127.0.0.1:8086'), 'connect ECONNREFUSED 127.0.0.1:8086');
});

test('stacks: frames relative to the application, other absolute paths hidden, node internals kept', () => {
  const stack = [
    'Error: failed at http://[REDACTED]@x',
    '    at a (file:///home/ops/butler/dist/src/main.js:1:2)',
    '    at b (/opt/app/node_modules/pino/lib/proto.js:3:4)',
    '    at c (node:internal/timers:581:17)',
    '    at /home/ops/secret-project/tool.js:5:6',
  ].join('\n');
  assert.equal(
    sanitizeStack(stack),
    [
      'Error: failed at http://[REDACTED]@x',
      '    at a (src/main.js:1:2)',
      '    at b (node_modules/pino/lib/proto.js:3:4)',
      '    at c (node:internal/timers:581:17)',
      '    at [path]:5:6',
    ].join('\n'),
  );
});

test('file names: crash_dump_<YYYYMMDD>_<HHmmss>_<mmm>_<pid>_<n> in local time', () => {
  assert.equal(crashFileStem(new Date(2026, 0, 5, 7, 8, 9, 45), 3), `crash_dump_20260105_070809_045_${process.pid}_3`);
});

test('dump: whitelisted settings only; json and txt each switchable; nothing when disabled', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bsos-dump-'));
  try {
    const config = opsConfig((c) => {
      c.crashFile.crashFileDirectory = join(dir, 'd');
      c.crashFile.crashFileCreateText = false;
      c.influxdbConfig.v2Config.token = 'very-secret-token';
    }) as CrashConfig;
    const input = { error: new Error('x'), source: 'uncaughtException' as const, thread: 'writer-0', outcome: 'o', appVersion: '1', config };
    assert.ok(!JSON.stringify(buildCrashDump(input).json).includes('very-secret-token'));
    const files = writeCrashDump(input);
    assert.equal(files.length, 1);
    assert.match(files[0], /\.json$/);
    assert.deepEqual(writeCrashDump({ ...input, config: { ...config, crashFile: { ...config.crashFile, enable: false } } }), []);
    assert.equal(readdirSync(join(dir, 'd')).length, 1);
    // Two dumps in the same millisecond get different names (the counter), none is overwritten.
    const now = new Date();
    writeCrashDump({ ...input, now });
    writeCrashDump({ ...input, now });
    assert.equal(readdirSync(join(dir, 'd')).length, 3);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
