import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { OldSpaceTrim, TRIM_CHECK_EVERY, TRIM_SLACK_BYTES } from '../../../src/threads/old-space-trim.js';
import type { CollectGarbage } from '../../../src/threads/body-reclaim.js';

const MB = 1024 * 1024;

function slices(trim: OldSpaceTrim, n: number): void {
  for (let i = 0; i < n; i++) trim.afterSlice();
}

test('the old space is read every TRIM_CHECK_EVERY slices and collected once it holds TRIM_SLACK_BYTES more than after the last collection', () => {
  let used = 10 * MB;
  let reads = 0;
  const calls: string[] = [];
  const collect: CollectGarbage = (kind) => {
    calls.push(kind);
    used = 7 * MB;
  };
  const trim = new OldSpaceTrim(() => (reads++, used), collect);
  slices(trim, TRIM_CHECK_EVERY - 1);
  assert.equal(reads, 0);
  slices(trim, 1);
  assert.equal(reads, 1, 'the first check sets the floor (10 MB)');
  used = 10 * MB + TRIM_SLACK_BYTES;
  slices(trim, TRIM_CHECK_EVERY);
  assert.deepEqual(calls, [], 'exactly the slack: no collection');
  used += 1;
  slices(trim, TRIM_CHECK_EVERY);
  assert.deepEqual(calls, ['major']);
  assert.equal(trim.collections, 1);
  // The floor is now what the collection left (7 MB): 7 + slack + 1 collects again, 10 MB does not.
  used = 10 * MB;
  slices(trim, TRIM_CHECK_EVERY);
  assert.equal(trim.collections, 1);
  used = 7 * MB + TRIM_SLACK_BYTES + 1;
  slices(trim, TRIM_CHECK_EVERY);
  assert.equal(trim.collections, 2);
});

test('a lower reading (V8 collected on its own) lowers the floor', () => {
  let used = 12 * MB;
  const trim = new OldSpaceTrim(() => used, () => {
    used = 4 * MB;
  });
  slices(trim, TRIM_CHECK_EVERY);
  used = 5 * MB;
  slices(trim, TRIM_CHECK_EVERY);
  used = 5 * MB + TRIM_SLACK_BYTES + 1;
  slices(trim, TRIM_CHECK_EVERY);
  assert.equal(trim.collections, 1, 'measured from 5 MB, not 12 MB');
});

test('without an exposed gc the trim only measures', () => {
  let used = 1 * MB;
  const trim = new OldSpaceTrim(() => used, undefined);
  slices(trim, TRIM_CHECK_EVERY);
  used = 100 * MB;
  slices(trim, 10 * TRIM_CHECK_EVERY);
  assert.equal(trim.collections, 0);
});

test('in a real isolate with --expose-gc: promoted garbage beyond the slack is collected and the old space shrinks', () => {
  const trimUrl = new URL('../../../src/threads/old-space-trim.js', import.meta.url).href;
  // Promoted inside a function that returns, so no stack slot still refers to the garbage.
  const script = `
    import { OldSpaceTrim, oldSpaceUsedBytes, TRIM_CHECK_EVERY } from ${JSON.stringify(trimUrl)};
    const trim = new OldSpaceTrim();
    for (let i = 0; i < TRIM_CHECK_EVERY; i++) trim.afterSlice();
    function promote() {
      const held = Array.from({ length: 200_000 }, (_, i) => ({ i, s: 'x' + i, a: [i, i + 1] }));
      globalThis.gc({ type: 'minor', execution: 'sync' });
      globalThis.gc({ type: 'minor', execution: 'sync' });
      return held.length;
    }
    promote();
    const before = oldSpaceUsedBytes();
    for (let i = 0; i < TRIM_CHECK_EVERY; i++) trim.afterSlice();
    console.log(JSON.stringify({ before, after: oldSpaceUsedBytes(), collections: trim.collections }));`;
  const r = spawnSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout.trim()) as { before: number; after: number; collections: number };
  assert.equal(out.collections, 1);
  assert.ok(out.before - out.after > 8 * MB, `old space ${out.before} → ${out.after} bytes`);
});
