import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { v8Flags } from '../../../src/threads/v8-tuning.js';

test('threads.parallelScavenge maps to the V8 flag, off by default', () => {
  assert.deepEqual(v8Flags({ threads: { parallelScavenge: false } as never }), ['--no-parallel-scavenge']);
  assert.deepEqual(v8Flags({ threads: { parallelScavenge: true } as never }), ['--parallel-scavenge']);
});

test('a flag set at run time reaches worker threads created afterwards (no helper-thread scavenging in the worker)', () => {
  // --trace-gc-nvp prints each scavenge's background (helper) time; with the flag applied it stays 0.
  const script = `
    const v8 = require('node:v8');
    if (process.argv[1] === 'off') v8.setFlagsFromString('--no-parallel-scavenge');
    const { Worker } = require('node:worker_threads');
    new Worker("const keep = []; for (let i = 0; i < 3e6; i++) { const o = { a: 'x' + i }; if (i % 50 === 0) keep.push(o); if (keep.length > 20000) keep.length = 0; }", { eval: true });`;
  const background = (mode: string): number[] => {
    const run = spawnSync(process.execPath, ['--trace-gc-nvp', '-e', script, mode], { encoding: 'utf8', timeout: 60_000 });
    assert.equal(run.status, 0, run.stderr);
    return [...run.stdout.matchAll(/background\.scavenge\.parallel=([\d.]+)/g)].map((m) => Number(m[1]));
  };
  const off = background('off');
  assert.ok(off.length > 0, 'the worker scavenged');
  assert.ok(off.every((ms) => ms === 0), `no helper time with the flag: ${off.join(',')}`);
  const on = background('on');
  assert.ok(on.some((ms) => ms > 0), `helpers join scavenges by default: ${on.join(',')}`);
});
