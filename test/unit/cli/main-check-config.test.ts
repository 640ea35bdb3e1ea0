import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../../support/paths.js';
import { filledTemplate } from '../config/helpers.js';

// The built CLI, as an admin runs it: `butler-sos --check-config -c <file>`; nothing is started.
function checkConfig(body: string, env: NodeJS.ProcessEnv = {}): { status: number | null; stdout: string; stderr: string } {
  const dir = mkdtempSync(join(tmpdir(), 'bsos-cli-'));
  try {
    const file = join(dir, 'production.yaml');
    writeFileSync(file, body);
    const res = spawnSync(process.execPath, [join(repoRoot(), 'dist', 'src', 'main.js'), '--check-config', '-c', file], {
      encoding: 'utf8',
      timeout: 20_000,
      env: { PATH: process.env.PATH, ...env },
    });
    return { status: res.status, stdout: res.stdout.replaceAll(file, '<file>'), stderr: res.stderr.replaceAll(file, '<file>') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('butler-sos --check-config accepts the filled-in Butler SOS template (exit 0)', () => {
  const res = checkConfig(filledTemplate());
  assert.equal(res.status, 0, res.stderr);
  assert.equal(res.stdout.trim(), 'Config OK: <file>');
});

test('butler-sos --check-config names a misspelt key and exits non-zero', () => {
  const res = checkConfig(filledTemplate().replace('    pollingInterval: 30000 # How often (milliseconds) should the healthcheck', '    pollingIntervall: 30000 # How often (milliseconds) should the healthcheck'));
  assert.equal(res.status, 1);
  assert.match(res.stderr, /<file>: unknown key "Butler-SOS\.serversToMonitor\.pollingIntervall" \(did you mean "pollingInterval"\?\)/);
});

test('an unknown flag exits with code 2 and the usage', () => {
  const res = spawnSync(process.execPath, [join(repoRoot(), 'dist', 'src', 'main.js'), '--frobnicate'], { encoding: 'utf8', timeout: 20_000 });
  assert.equal(res.status, 2);
  assert.match(res.stderr, /Usage: butler-sos/);
});

test('npx butler-sos --check-config -c <filled-in template> exits 0 (the bin resolves inside the project)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bsos-npx-'));
  try {
    const file = join(dir, 'production.yaml');
    writeFileSync(file, filledTemplate());
    // --no-install: the project's own bin (linked by its `file:.` devDependency) must answer, never the registry.
    const res = spawnSync('npx', ['--no-install', 'butler-sos', '--check-config', '-c', file], { cwd: repoRoot(), encoding: 'utf8', timeout: 60_000 });
    assert.equal(res.status, 0, res.stderr);
    assert.match(res.stdout, /Config OK: /);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
