// Issue 15, item 3 (clock jump): the receive time of datagrams when the wall clock jumps. Forward (NTP step,
// resume from suspend): the times follow the new wall clock within the recheck interval. Backward: the times
// never go back, so no two points share a time and none overwrites another in InfluxDB.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { RingWriter } from '../../../src/ingest/ring-writer.js';
import { SocketKind } from '../../../src/ingest/ring-layout.js';
import { readSlice } from './fixtures/ring-helpers.js';

/** Replaces Date.now and performance.now for the test's duration: wall and monotonic ms, moved by hand. */
function fakeClocks(t: { after(fn: () => void): void }) {
  const realDate = Date.now;
  const realPerf = performance.now;
  const c = { wall: realDate(), mono: realPerf.call(performance) };
  Date.now = () => c.wall;
  performance.now = () => c.mono;
  t.after(() => {
    Date.now = realDate;
    performance.now = realPerf;
  });
  return c;
}

function receive(ring: RingWriter, n: number): number[] {
  for (let i = 0; i < n; i++) ring.write(new Uint8Array([i]), 0x7f000001, 1000);
  const slice = ring.closeSlice()!;
  const times = readSlice(ring.sab, slice.start, slice.end).map((r) => r.timeUs);
  ring.release(slice);
  return times;
}

const strictlyIncreasing = (xs: number[]) => xs.every((x, i) => i === 0 || x > xs[i - 1]);

test('a forward jump of the wall clock is followed within the recheck interval; times only increase', (t) => {
  const c = fakeClocks(t);
  const ring = RingWriter.create(1 << 20, SocketKind.LOG);
  const before = receive(ring, 10);
  c.wall += 3_600_000; // the wall clock steps an hour ahead
  c.mono += 11_000; // the next recheck is due
  receive(ring, 1); // the recheck runs when a slice closes
  const after = receive(ring, 10);
  assert.ok(strictlyIncreasing([...before, ...after]));
  assert.ok(Math.abs(after[0] / 1000 - c.wall) < 50, `follows the new wall clock: ${after[0] / 1000} vs ${c.wall}`);
});

test('a backward jump never makes times go back: every point keeps a time of its own', (t) => {
  const c = fakeClocks(t);
  const ring = RingWriter.create(1 << 20, SocketKind.LOG);
  const before = receive(ring, 10);
  c.wall -= 3_600_000; // an hour back
  c.mono += 11_000;
  const during = [...receive(ring, 1), ...receive(ring, 500)];
  c.mono += 5;
  const later = receive(ring, 10);
  const all = [...before, ...during, ...later];
  assert.ok(strictlyIncreasing(all), 'strictly increasing across the jump');
  assert.equal(new Set(all).size, all.length, 'no two datagrams share a time');
});
