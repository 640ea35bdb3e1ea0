// systemInfo.*: the host details Butler SOS logs at start, from Node's own APIs; off means nothing is asked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import childProcess from 'node:child_process';
import { syncBuiltinESMExports } from 'node:module';
import { logSystemInfo, nodeProbe, systemInfoLines, type SystemProbe } from '../../../src/ops/system-info.js';
import { opsConfigWarnings } from '../../../src/ops/verify.js';
import { verifyConfig } from '../../../src/config/verify.js';
import { captureLogger, LEVEL, opsConfig } from './helpers.js';

const LABELS = [
  'Log level', 'App version', 'Instance ID', 'Running in Docker', 'Node version', 'Architecture', 'Platform', 'Release', 'Distro',
  'Codename', 'CPU model', 'Logical CPUs', 'Usable cores', 'Total memory', 'JS heap limit', 'Standalone app', 'Client cert',
  'Client cert key', 'CA cert',
];

test('systemInfo on: the Butler SOS host block at info, every field with a value', () => {
  const config = opsConfig((c) => {
    c.systemInfo.enable = true;
    c.cert.clientCert = 'certs/client.pem';
  });
  const { logger, lines } = captureLogger();
  logSystemInfo(logger, config, '9.9.9');
  assert.ok(lines.every((l) => l.level === LEVEL.info));
  assert.equal(lines[0].msg, '--------------------------------------');
  assert.equal(lines.at(-1)?.msg, '--------------------------------------');
  const rows = new Map(lines.slice(1, -1).map((l) => [l.msg.slice(0, 18).trim(), l.msg.slice(20)]));
  assert.deepEqual([...rows.keys()], LABELS);
  for (const [label, value] of rows) assert.ok(value.length > 0, `${label} has a value`);
  assert.equal(rows.get('App version'), '9.9.9');
  assert.equal(rows.get('Node version'), process.version);
  assert.match(rows.get('Instance ID')!, /^[0-9a-f]{64}$/);
  assert.match(rows.get('Total memory')!, /^\d+ bytes \(\d+\.\d GiB\)$/);
  assert.equal(rows.get('Client cert'), `${process.cwd()}/certs/client.pem`);
});

test('systemInfo: the instance id is stable for the same host and differs for another', () => {
  const probe = (mac: string): SystemProbe => ({
    ...nodeProbe,
    networkInterfaces: () => ({ eth0: [{ address: '10.0.0.5', netmask: '255.0.0.0', family: 'IPv4', mac, internal: false, cidr: null }] }),
    hostname: () => 'sense-collector',
  });
  const config = opsConfig();
  const id = (p: SystemProbe): string | undefined => systemInfoLines(config, '1', p).find((l) => l.startsWith('Instance ID'));
  assert.equal(id(probe('02:42:ac:11:00:02')), id(probe('02:42:ac:11:00:02')));
  assert.notEqual(id(probe('02:42:ac:11:00:02')), id(probe('02:42:ac:11:00:03')));
});

test('systemInfo off: nothing is gathered (the probe is never touched), one line says so', () => {
  const untouchable = new Proxy({} as SystemProbe, {
    get: (_t, key) => {
      throw new Error(`system info gathered although systemInfo.enable is false: ${String(key)}`);
    },
  });
  const { logger, lines } = captureLogger();
  logSystemInfo(logger, opsConfig((c) => (c.systemInfo.enable = false)), '1.0.0', untouchable);
  assert.deepEqual(lines.map((l) => l.msg), ['System info: systemInfo.enable is false, so no host details are gathered.']);
});

test('systemInfo: gathering starts no child process', () => {
  const cp = childProcess as unknown as Record<string, unknown>;
  const names = ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork'];
  const saved = names.map((n) => cp[n]);
  const calls: string[] = [];
  for (const n of names) cp[n] = (...args: unknown[]) => {
    calls.push(`${n} ${String(args[0])}`);
    throw new Error('no child processes');
  };
  syncBuiltinESMExports();
  try {
    const { logger, lines } = captureLogger();
    logSystemInfo(logger, opsConfig((c) => (c.systemInfo.enable = true)), '1.0.0');
    assert.ok(lines.length > 10);
    assert.deepEqual(calls, []);
  } finally {
    names.forEach((n, i) => (cp[n] = saved[i]));
    syncBuiltinESMExports();
  }
});

test('anonTelemetry true with systemInfo off: Butler SOS v15 would not start; here a warning naming both keys', () => {
  assert.deepEqual(opsConfigWarnings({ anonTelemetry: true, systemInfo: { enable: true } }), []);
  assert.deepEqual(opsConfigWarnings({ anonTelemetry: false, systemInfo: { enable: false } }), []);
  const config = opsConfig((c) => {
    c.anonTelemetry = true;
    c.systemInfo.enable = false;
  });
  const { problems, warnings } = verifyConfig(config);
  assert.deepEqual(problems.filter((p) => /anonTelemetry|systemInfo/.test(p)), []);
  const warning = warnings.find((w) => w.includes('anonTelemetry'));
  assert.match(warning ?? '', /^Butler-SOS\.anonTelemetry: true requires systemInfo\.enable: true in Butler SOS v15/);
});
