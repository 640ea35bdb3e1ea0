import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { bodyReclaimer, RECLAIM_MAJOR_BYTES, RECLAIM_MINOR_BYTES, type CollectGarbage } from '../../../src/threads/body-reclaim.js';

test('the writer asks for a young collection every RECLAIM_MINOR_BYTES of bodies and a full one every RECLAIM_MAJOR_BYTES', () => {
  const calls: string[] = [];
  const collect: CollectGarbage = (kind) => void calls.push(kind);
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
  const small = bodyReclaimer((kind) => void few.push(kind));
  for (let i = 0; i < RECLAIM_MINOR_BYTES / 1000 - 1; i++) small(1000);
  assert.equal(few.length, 0);
  small(1000);
  assert.deepEqual(few, ['minor']);
});

test('without an exposed gc the reclaimer only counts', () => {
  const received = bodyReclaimer(undefined);
  for (let i = 0; i < 100; i++) received(RECLAIM_MAJOR_BYTES);
});

test('after the collector\'s V8 tuning a worker thread can collect: minor, and major frees promoted garbage (Node.js 20 too)', () => {
  const tuning = new URL('../../../src/threads/v8-tuning.js', import.meta.url).href;
  const reclaim = new URL('../../../src/threads/body-reclaim.js', import.meta.url).href;
  // The worker promotes ~30 MB (two scavenges) in a function that returns, so no stack slot still refers to it.
  const worker = `
    const { parentPort } = await import('node:worker_threads');
    const { getHeapSpaceStatistics } = await import('node:v8');
    const { exposedGc } = await import(${JSON.stringify(reclaim)});
    const old = () => getHeapSpaceStatistics().find((s) => s.space_name === 'old_space').space_used_size;
    const collect = exposedGc();
    function promote() {
      const held = Array.from({ length: 200000 }, (_, i) => ({ i, s: 'x' + i, a: [i, i + 1] }));
      collect('minor');
      collect('minor');
      return held.length;
    }
    promote();
    const before = old();
    collect('major');
    parentPort.postMessage({ before, after: old() });`;
  const script = `
    import { Worker } from 'node:worker_threads';
    import { applyV8Tuning } from ${JSON.stringify(tuning)};
    applyV8Tuning({ threads: { parallelScavenge: false } });
    const w = new Worker(${JSON.stringify(worker)}, { eval: true });
    w.once('message', (m) => console.log(JSON.stringify(m)));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 0, r.stderr);
  const { before, after } = JSON.parse(r.stdout.trim()) as { before: number; after: number };
  assert.ok(before > 20 * 1024 * 1024, `promoted: ${before} bytes in old space`);
  assert.ok(after < before / 2, `a major collection freed the promoted garbage: ${before} → ${after} bytes`);
});
