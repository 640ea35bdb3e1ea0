import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { LAUNCH_ENV, withLaunchEnv } from '../../../src/ops/launch-env.js';
import { benchOptions } from '../../../bench/bench-options.js';

// Tests run from dist/test/unit/deploy: the repository root is four levels up.
const repo = new URL('../../../../', import.meta.url);
const read = (path: string): string => readFileSync(new URL(path, repo), 'utf8');

test('the Dockerfile sets the launch environment for the collector (and so the Kubernetes and compose deployments)', () => {
  const env = read('Dockerfile')
    .split('\n')
    .filter((l) => l.startsWith('ENV '))
    .join(' ');
  for (const [key, value] of Object.entries(LAUNCH_ENV)) assert.match(env, new RegExp(`\\b${key}="?${value}"?(\\s|$)`), `Dockerfile ENV ${key}=${value}`);
});

test('the systemd unit sets the launch environment', () => {
  const unit = read('deploy/systemd/butler-sos.service');
  for (const [key, value] of Object.entries(LAUNCH_ENV)) assert.ok(unit.includes(`Environment=${key}=${value}\n`), `Environment=${key}=${value}`);
});

test('withLaunchEnv adds the launch environment and keeps a user NODE_OPTIONS after it (the later flag wins)', () => {
  assert.deepEqual(withLaunchEnv({ PATH: '/bin' }), { PATH: '/bin', ...LAUNCH_ENV });
  const mixed = withLaunchEnv({ NODE_OPTIONS: '--max-semi-space-size=8', MALLOC_MMAP_THRESHOLD_: '65536' });
  assert.equal(mixed.NODE_OPTIONS, `${LAUNCH_ENV.NODE_OPTIONS} --max-semi-space-size=8`);
  assert.equal(mixed.MALLOC_MMAP_THRESHOLD_, '65536');
});

test('node accepts the launch NODE_OPTIONS and it bounds the main thread young generation', () => {
  const r = spawnSync(
    process.execPath,
    ['-e', "let k = []; for (let i = 0; i < 3e6; i++) { k.push({ a: i }); if (k.length > 5e4) k = []; } console.log(require('node:v8').getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size)"],
    { env: withLaunchEnv(process.env), encoding: 'utf8', timeout: 60_000 },
  );
  assert.equal(r.status, 0, r.stderr);
  assert.ok(Number(r.stdout) <= 4 * 1024 * 1024, `new space ${r.stdout.trim()} bytes with 2 MB semi-spaces`);
});

test('the bench runs the collector with the launch environment unless --launch plain', () => {
  assert.equal(benchOptions([]).launch, 'deployed');
  assert.equal(benchOptions(['--launch', 'plain']).launch, 'plain');
  assert.throws(() => benchOptions(['--launch', 'bare']), /--launch: 'bare' is not deployed or plain/);
});
