import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { v8Flags } from '../../../src/threads/v8-tuning.js';

test('threads.parallelScavenge maps to the V8 flag, off by default', () => {
  assert.deepEqual(v8Flags({ threads: { parallelScavenge: false } as never })[0], '--no-parallel-scavenge');
  assert.deepEqual(v8Flags({ threads: { parallelScavenge: true } as never })[0], '--parallel-scavenge');
});

test('--max-semi-space-size on the command line bounds the main thread only: workers keep their resourceLimits', () => {
  // The main thread churns, then applies the collector's tuning and starts a worker with a 16 MB young
  // generation; each reports its new space. Without the reset the worker would get the main thread's 1 MB.
  const tuning = new URL('../../../src/threads/v8-tuning.js', import.meta.url).href;
  const churn = "let keep = []; for (let i = 0; i < 4e6; i++) { keep.push({ a: i, b: 'x' + i }); if (keep.length > 50000) keep = []; }";
  const newSpace = "require('node:v8').getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size";
  // The worker's code is evaluated as a module (it inherits --input-type), hence import() rather than require.
  const workerCode = `${churn}; const v8 = await import('node:v8'); const { parentPort } = await import('node:worker_threads');
    parentPort.postMessage(v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size);`;
  const script = `
    import { Worker } from 'node:worker_threads';
    import { createRequire } from 'node:module';
    import { applyV8Tuning } from ${JSON.stringify(tuning)};
    const require = createRequire(import.meta.url);
    ${churn}
    const main = ${newSpace};
    if (process.argv[1] === 'tuned') applyV8Tuning({ threads: { parallelScavenge: false } });
    const w = new Worker(${JSON.stringify(workerCode)}, { eval: true, resourceLimits: { maxYoungGenerationSizeMb: 16 } });
    w.once('message', (worker) => console.log(JSON.stringify({ main, worker })));`;
  const run = (mode: string): { main: number; worker: number } => {
    const r = spawnSync(process.execPath, ['--max-semi-space-size=1', '--input-type=module', '-e', script, mode], { encoding: 'utf8', timeout: 60_000 });
    assert.equal(r.status, 0, r.stderr);
    return JSON.parse(r.stdout) as { main: number; worker: number };
  };
  const MB = 1024 * 1024;
  const tuned = run('tuned');
  assert.ok(tuned.main <= 2 * MB, `main thread bounded by the flag: ${tuned.main}`);
  assert.ok(tuned.worker > 4 * MB, `worker got its own resourceLimits after the tuning: ${tuned.worker}`);
  const untuned = run('untuned');
  assert.ok(untuned.worker <= 2 * MB, `without the reset the flag caps the worker too: ${untuned.worker}`);
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

test('every flag of the tuning is one this Node.js knows (V8 ignores unknown flags silently)', () => {
  const options = spawnSync(process.execPath, ['--v8-options'], { encoding: 'utf8', timeout: 30_000 }).stdout;
  const flags = v8Flags({ threads: { parallelScavenge: false } as never });
  assert.ok(flags.length >= 5);
  for (const flag of flags) {
    const name = flag.replace(/^--(no-)?/, '').replace(/=.*$/, '');
    assert.match(options, new RegExp(`^\\s+--${name} `, 'm'), `${flag} is not a V8 flag of ${process.version}`);
  }
});
