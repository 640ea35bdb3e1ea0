import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createParseSlotTable, ParseSlots, SLOT_STALE_S } from '../../../../src/pipeline/parse/parse-slots.js';

test('live parse workers never share a writer-channel slot; a crashed worker\'s slot is taken over once stale', () => {
  let now = 1_000;
  const sab = createParseSlotTable(3, now);
  const worker = () => new ParseSlots(sab, 3, () => now);
  const a = worker().claim();
  const b = worker().claim();
  const c = worker().claim();
  assert.deepEqual([a, b, c].map((x) => x.slot).sort(), [0, 1, 2]);
  assert.ok([a, b, c].every((x) => !x.shared));
  // b crashes (stops beating); a and c go on beating.
  now += SLOT_STALE_S + 1;
  worker().beat(a.slot);
  worker().beat(c.slot);
  const replacement = worker().claim();
  assert.deepEqual(replacement, { slot: b.slot, shared: false });
  // Every slot is live now: a further worker has to share, and says so.
  assert.equal(worker().claim().shared, true);
});
