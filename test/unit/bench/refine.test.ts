// bench/refine.ts: which gap the bench narrows after its ladder, and the rates it tries.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nextRefineRate, refine, refineBracket, sustained } from '../../../bench/refine.js';
import type { StepResult } from '../../../bench/result.js';

function step(rate: number, lost = 0, ringDrops: number | null = 0): StepResult {
  return { requested_per_s: rate, lost_after_socket: lost, ring_drops: ringDrops, written: lost > 0 ? rate - lost : rate } as StepResult;
}

test('sustained: no loss after the socket, no ring drops, something written', () => {
  assert.equal(sustained(step(1000)), true);
  assert.equal(sustained(step(1000, 1)), false);
  assert.equal(sustained(step(1000, 0, 3)), false);
  assert.equal(sustained(step(1000, 0, null)), true, 'a collector that does not report ring drops');
  assert.equal(sustained({ ...step(1000), written: 0 }), false);
});

test('refineBracket: the highest sustained rate below the lowest one that was not', () => {
  assert.deepEqual(refineBracket([step(5000), step(20000), step(50000), step(75000, 10)]), { low: 50000, high: 75000 });
  // --keep-going: a lucky pass above the first failure does not move the bracket up.
  assert.deepEqual(refineBracket([step(35000), step(50000, 0, 4), step(75000), step(100000, 9)]), { low: 35000, high: 50000 });
  // Refinement steps are appended out of order and count like the others.
  assert.deepEqual(refineBracket([step(50000), step(75000, 10), step(62000), step(69000, 1)]), { low: 62000, high: 69000 });
  assert.equal(refineBracket([step(5000), step(10000)]), null, 'nothing failed');
  assert.equal(refineBracket([step(5000, 3), step(10000, 9)]), null, 'nothing sustained below the failure');
});

test('nextRefineRate: the middle, rounded to a readable figure, until the gap is within 3 % (or 100/s)', () => {
  assert.equal(nextRefineRate(50000, 75000), 63000);
  assert.equal(nextRefineRate(50000, 63000), 57000);
  assert.equal(nextRefineRate(1000, 2000), 1500);
  assert.equal(nextRefineRate(1000, 1500), 1250);
  assert.equal(nextRefineRate(60000, 61500), null, 'within 3 %');
  assert.equal(nextRefineRate(1000, 1090), null, 'within 100/s');
  assert.equal(nextRefineRate(1000, 1400), 1200);
  assert.equal(nextRefineRate(100000, 110000), 105000);
});

test('refine runs at most N steps, each in the current bracket, and stops once the bracket is narrow', async () => {
  // A collector that takes 61,000/s: the ladder stopped at 75,000 after a clean 50,000.
  const capacity = 61000;
  const run = async (rate: number): Promise<StepResult> => step(rate, rate > capacity ? 100 : 0);
  const steps = [step(35000), step(50000), step(75000, 5000)];
  await refine(steps, 3, run);
  assert.deepEqual(steps.slice(3).map((s) => s.requested_per_s), [63000, 57000, 60000]);
  const more = [...steps];
  await refine(more, 10, run);
  const last = refineBracket(more)!;
  assert.ok(last.low <= capacity && last.high > capacity && last.high - last.low <= last.low * 0.03, JSON.stringify(last));
  const none: StepResult[] = [step(5000), step(10000)];
  await refine(none, 3, run);
  assert.equal(none.length, 2, 'nothing to refine when nothing failed');
});
