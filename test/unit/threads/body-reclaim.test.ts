import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { bodyReclaimer, RECLAIM_MAJOR_BYTES, RECLAIM_MINOR_BYTES, type CollectGarbage } from '../../../src/threads/body-reclaim.js';

test('the writer asks for a young collection every RECLAIM_MINOR_BYTES of bodies and a full one every RECLAIM_MAJOR_BYTES', () => {
  const calls: string[] = [];
  const collect: CollectGarbage = (o) => void calls.push(o.type);
  const received = bodyReclaimer(collect);
  const body = 256 * 1024;
  const bodies = (2 * RECLAIM_MAJOR_BYTES) / body;
  for (let i = 0; i < bodies; i++) received(body);
  const perMajor = RECLAIM_MAJOR_BYTES / RECLAIM_MINOR_BYTES;
  assert.equal(calls.length, 2 * perMajor);
  assert.deepEqual(calls.filter((c) => c === 'major').length, 2);
  assert.equal(calls[perMajor - 1], 'major');
  assert.equal(calls[0], 'minor');
  // Small bodies add up the same way.
  const few: string[] = [];
  const small = bodyReclaimer((o) => void few.push(o.type));
  for (let i = 0; i < RECLAIM_MINOR_BYTES / 1000 - 1; i++) small(1000);
  assert.equal(few.length, 0);
  small(1000);
  assert.deepEqual(few, ['minor']);
});

test('without an exposed gc the reclaimer only counts', () => {
  const received = bodyReclaimer(undefined);
  for (let i = 0; i < 100; i++) received(RECLAIM_MAJOR_BYTES);
});

test('after the collector\'s V8 tuning a worker thread has a gc that takes the minor and major options', () => {
  const tuning = new URL('../../../src/threads/v8-tuning.js', import.meta.url).href;
  const script = `
    import { Worker } from 'node:worker_threads';
    import { applyV8Tuning } from ${JSON.stringify(tuning)};
    applyV8Tuning({ threads: { parallelScavenge: false } });
    const w = new Worker("globalThis.gc({ type: 'minor', execution: 'sync' }); globalThis.gc({ type: 'major', execution: 'sync' }); (await import('node:worker_threads')).parentPort.postMessage(typeof globalThis.gc)", { eval: true });
    w.once('message', (m) => console.log(m));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout.trim(), 'function');
});
