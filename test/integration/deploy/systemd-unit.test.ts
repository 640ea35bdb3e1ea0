// deploy/systemd/butler-sos.service checked the way systemd reads it: `systemd-analyze verify` in a temporary
// root holding the unit, an executable where ExecStart points, and this machine's system units (sysinit.target
// and friends); then `systemd-analyze security --offline` for the sandbox's exposure score.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../../support/paths.js';

const UNIT = join(repoRoot(), 'deploy', 'systemd', 'butler-sos.service');
const unitText = readFileSync(UNIT, 'utf8');

/** `key=value` lines of the unit (last one wins, as in systemd for single-valued keys). */
function settings(text: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const line of text.split('\n')) {
    const m = /^(\w+)=(.*)$/.exec(line.trim());
    if (m) out.set(m[1], [...(out.get(m[1]) ?? []), m[2]]);
  }
  return out;
}

function withRoot<T>(unit: string, fn: (root: string, unitPath: string) => T): T {
  const root = mkdtempSync(join(tmpdir(), 'bsos-systemd-'));
  try {
    const exec = settings(unit).get('ExecStart')![0].split(' ')[0];
    mkdirSync(join(root, exec, '..'), { recursive: true });
    writeFileSync(join(root, exec), '#!/bin/sh\n');
    chmodSync(join(root, exec), 0o755);
    mkdirSync(join(root, 'usr', 'lib', 'systemd'), { recursive: true });
    cpSync('/usr/lib/systemd/system', join(root, 'usr', 'lib', 'systemd', 'system'), { recursive: true, verbatimSymlinks: true });
    mkdirSync(join(root, 'etc', 'systemd', 'system'), { recursive: true });
    const unitPath = join(root, 'etc', 'systemd', 'system', 'butler-sos.service');
    writeFileSync(unitPath, unit);
    return fn(root, unitPath);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

const verify = (root: string, unitPath: string) =>
  spawnSync('systemd-analyze', ['verify', '--man=no', `--root=${root}`, unitPath], { encoding: 'utf8' });

test('systemd unit: systemd-analyze verify passes without a single warning', () => {
  withRoot(unitText, (root, unitPath) => {
    const res = verify(root, unitPath);
    assert.equal(res.error, undefined, 'systemd-analyze is installed (.ci/run installs systemd)');
    assert.equal(res.status, 0, res.stderr);
    assert.equal(res.stderr.trim(), '', 'no warnings');
  });
  // The check is real: a misspelt key is reported.
  withRoot(unitText.replace('TimeoutStopSec=', 'TimeoutStopSecs='), (root, unitPath) => {
    assert.match(verify(root, unitPath).stderr, /Unknown key 'TimeoutStopSecs'/);
  });
});

test('systemd unit: own user, strict sandbox, writable data and log paths, restart on failure, stop timeout beyond the drain', () => {
  const s = settings(unitText);
  const one = (k: string) => s.get(k)?.at(-1);
  assert.equal(one('User'), 'butler-sos');
  assert.equal(one('ProtectSystem'), 'strict');
  assert.deepEqual(one('ReadWritePaths')?.split(' '), ['/var/lib/butler-sos', '/var/log/butler-sos']);
  assert.equal(one('WorkingDirectory'), '/var/lib/butler-sos', 'relative ./data/spool and ./data/lineprotocol land in a writable path');
  assert.equal(one('Restart'), 'on-failure');
  assert.ok(Number(one('LimitNOFILE')) >= 65536);
  // The supervisor's drain deadline is 9 s (src/supervisor.ts).
  assert.ok(Number(one('TimeoutStopSec')) > 9);
  withRoot(unitText, (root) => {
    const res = spawnSync('systemd-analyze', ['security', '--offline=yes', `--root=${root}`, '--no-pager', 'butler-sos.service'], { encoding: 'utf8' });
    const score = Number(/Overall exposure level for butler-sos\.service: ([\d.]+)/.exec(res.stdout)?.[1]);
    assert.ok(score <= 2.0, `exposure ${score} (0 = fully sandboxed, 10 = unprotected)\n${res.stdout.slice(-1500)}`);
  });
});
