import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CONTROL_BYTES,
  Ctl,
  RECORD_HEADER_BYTES,
  REC_KIND,
  WRAP_MARKER,
  SocketKind,
  readRingCounters,
  recordBytes,
} from '../../../src/ingest/ring-layout.js';
import { EARLY_WRAP_MIN_BYTES, RingWriter } from '../../../src/ingest/ring-writer.js';
import type { RingSlice, SliceSink } from '../../../src/ingest/ring-slice.js';
import { checkedSeqs, readSlice } from './fixtures/ring-helpers.js';
import { makePayload, seededRandom } from './fixtures/test-payloads.js';

/** Collects closed slices in order, as the dispatcher would receive them. */
function collector(ring: RingWriter): RingSlice[] {
  const closed: RingSlice[] = [];
  const sink: SliceSink = { sliceClosed: (slice) => void closed.push(slice) };
  ring.attach(sink);
  return closed;
}

function u32At(ring: RingWriter, offset: number): number {
  return new Uint32Array(ring.sab, CONTROL_BYTES + offset, 1)[0];
}

test('create: rejects sizes outside the limits and rounds down to 8 bytes', () => {
  assert.throws(() => RingWriter.create(100, SocketKind.LOG), /ring size must be an integer/);
  assert.throws(() => RingWriter.create(1.5e3 + 0.5, SocketKind.LOG), /ring size/);
  const ring = RingWriter.create(1003, SocketKind.USER);
  assert.equal(ring.capacity, 1000);
  assert.equal(ring.id, SocketKind.USER);
  const c = readRingCounters(ring.sab);
  assert.equal(c.capacity, 1000);
  assert.equal(ring.sab.byteLength, CONTROL_BYTES + 1000);
  assert.equal(new Int32Array(ring.sab)[Ctl.SOCKET_KIND], SocketKind.USER);
});

test('record header: length, kind, address, port and strictly increasing µs receive time', () => {
  const ring = RingWriter.create(64 * 1024, SocketKind.LOG, 7);
  const closed = collector(ring);
  const before = Date.now() * 1000;
  const sizes = [0, 1, 7, 8, 9, 100, 1000];
  for (let i = 0; i < sizes.length; i++) {
    assert.equal(ring.write(makePayload(i, sizes[i]), 0xc0a80001 + i, 40000 + i), true);
  }
  const after = Date.now() * 1000;
  const slice = ring.closeSlice();
  assert.ok(slice);
  assert.deepEqual(closed, [slice]);
  assert.equal(slice.ring, 7);
  assert.equal(slice.count, sizes.length);
  assert.equal(slice.end - slice.start, sizes.reduce((sum, n) => sum + recordBytes(n), 0));
  const records = readSlice(ring.sab, slice.start, slice.end);
  assert.equal(records.length, sizes.length);
  let prev = 0;
  let offset = slice.start;
  for (let i = 0; i < records.length; i++) {
    const r = records[i];
    assert.equal(r.payload.length, sizes[i]);
    assert.deepEqual(r.payload, makePayload(i, sizes[i]));
    assert.equal(r.ipv4, 0xc0a80001 + i);
    assert.equal(r.port, 40000 + i);
    assert.ok(Number.isInteger(r.timeUs));
    assert.ok(r.timeUs > prev, `time ${r.timeUs} not after ${prev}`);
    // The µs clock follows the wall clock (1 ms resolution of Date.now, plus slack for a slow machine).
    assert.ok(r.timeUs >= before - 2_000 && r.timeUs <= after + 2_000, `time ${r.timeUs} outside [${before}, ${after}]`);
    prev = r.timeUs;
    assert.equal(new Uint8Array(ring.sab, CONTROL_BYTES + offset + REC_KIND, 1)[0], SocketKind.LOG);
    assert.equal(offset % 8, 0);
    offset += recordBytes(sizes[i]);
  }
  const c = readRingCounters(ring.sab);
  assert.equal(c.published, sizes.length);
  assert.equal(c.writeOffset, slice.end);
  assert.equal(c.bytesUsed, slice.end - slice.start);
});

test('receive times stay strictly increasing over many records written in the same microsecond', () => {
  const ring = RingWriter.create(1 << 20, SocketKind.LOG);
  collector(ring);
  const payload = new Uint8Array(0);
  let prev = 0;
  for (let round = 0; round < 20; round++) {
    for (let i = 0; i < 1000; i++) ring.write(payload, i, 1);
    const slice = ring.closeSlice()!;
    for (const r of readSlice(ring.sab, slice.start, slice.end)) {
      assert.ok(r.timeUs > prev);
      prev = r.timeUs;
    }
    ring.release(slice);
  }
});

test('64 KiB and empty datagrams round-trip', () => {
  const ring = RingWriter.create(256 * 1024, SocketKind.LOG);
  collector(ring);
  const big = makePayload(1, 65536);
  assert.equal(ring.write(big, 1, 9996), true);
  assert.equal(ring.write(new Uint8Array(0), 2, 9996), true);
  assert.equal(ring.write(makePayload(3, 65507), 3, 9996), true);
  const slice = ring.closeSlice()!;
  assert.deepEqual(checkedSeqs(ring.sab, slice), [1, 2, 3]);
  const records = readSlice(ring.sab, slice.start, slice.end);
  assert.deepEqual(records.map((r) => r.payload.length), [65536, 0, 65507]);
  assert.equal(slice.end - slice.start, recordBytes(65536) + RECORD_HEADER_BYTES + recordBytes(65507));
});

test('a record larger than the whole ring is dropped and counted, the ring stays usable', () => {
  const ring = RingWriter.create(1024, SocketKind.LOG);
  collector(ring);
  assert.equal(ring.write(makePayload(1, 1024), 1, 1), false);
  assert.equal(ring.write(makePayload(2, 1024 - RECORD_HEADER_BYTES + 1), 2, 1), false);
  assert.equal(readRingCounters(ring.sab).droppedRingFull, 2);
  assert.equal(ring.write(makePayload(3, 1024 - RECORD_HEADER_BYTES), 3, 1), true, 'a record of exactly the capacity fits');
  // Exactly to the end: the slice closes on its own and the write offset goes back to 0.
  assert.equal(ring.openCount, 0);
  assert.equal(ring.unreleasedSlices, 1);
  assert.equal(readRingCounters(ring.sab).writeOffset, 0);
  assert.equal(ring.bytesUsed, 1024);
});

test('wrap: a record that does not fit before the end closes the slice, leaves a wrap marker and goes to 0', () => {
  const ring = RingWriter.create(1024, SocketKind.LOG);
  const closed = collector(ring);
  // 3 × 200-byte records = 3 × 224 = 672 bytes; 352 left at the end.
  for (let i = 0; i < 3; i++) assert.equal(ring.write(makePayload(i, 200), i, 1), true);
  const first = ring.closeSlice()!;
  ring.release(first);
  assert.equal(readRingCounters(ring.sab).readOffset, 672);
  assert.equal(ring.write(makePayload(3, 200), 3, 1), true); // [672, 896)
  // 128 bytes left at the end: a 400-byte record must wrap.
  assert.equal(ring.write(makePayload(4, 400), 4, 1), true);
  assert.equal(closed.length, 2, 'the wrap closed the open slice');
  const beforeWrap = closed[1];
  assert.deepEqual([beforeWrap.start, beforeWrap.end, beforeWrap.count], [672, 896, 1]);
  assert.equal(u32At(ring, 896), WRAP_MARKER);
  assert.equal(beforeWrap.freeBytes, 1024 - 672, 'the skipped tail is released with the slice before the wrap');
  assert.equal(beforeWrap.nextStart, 0);
  assert.equal(ring.openCount, 1);
  const afterWrap = ring.closeSlice()!;
  assert.deepEqual([afterWrap.start, afterWrap.end], [0, recordBytes(400)]);
  assert.deepEqual(checkedSeqs(ring.sab, afterWrap), [4]);
  assert.equal(ring.bytesUsed, 1024 - 672 + recordBytes(400));
  // Releasing out of order: the read offset waits for the older slice.
  ring.release(afterWrap);
  assert.equal(readRingCounters(ring.sab).readOffset, 672);
  ring.release(beforeWrap);
  assert.equal(readRingCounters(ring.sab).readOffset, recordBytes(400));
  assert.equal(ring.bytesUsed, 0);
});

test('wrap is refused when the record does not fit at the start either (no marker, no slice close)', () => {
  const ring = RingWriter.create(1024, SocketKind.LOG);
  const closed = collector(ring);
  for (let i = 0; i < 3; i++) ring.write(makePayload(i, 200), i, 1);
  const a = ring.closeSlice()!; // [0, 672)
  ring.write(makePayload(3, 200), 3, 1); // [672, 896), open
  ring.release(a);
  // Free: [896, 1024) = 128 at the end and [0, 672) at the start. 700 bytes fit neither.
  assert.equal(ring.write(makePayload(4, 700), 4, 1), false);
  assert.equal(closed.length, 1, 'no slice was closed for a record that was dropped');
  assert.notEqual(u32At(ring, 896), WRAP_MARKER);
  assert.equal(ring.openCount, 1);
  assert.equal(readRingCounters(ring.sab).droppedRingFull, 1);
});

test('full ring: writes are dropped and counted, never block, never overwrite unreleased records', () => {
  const ring = RingWriter.create(4096, SocketKind.LOG);
  const closed = collector(ring);
  let written = 0;
  let dropped = 0;
  for (let seq = 0; seq < 200; seq++) {
    if (ring.write(makePayload(seq, 100), seq, 1)) written++;
    else dropped++;
    if (ring.openCount === 5) ring.closeSlice();
  }
  ring.closeSlice();
  const perRecord = recordBytes(100);
  assert.equal(written, Math.floor(4096 / perRecord));
  assert.equal(dropped, 200 - written);
  assert.equal(readRingCounters(ring.sab).droppedRingFull, dropped);
  const seqs = closed.flatMap((s) => checkedSeqs(ring.sab, s));
  assert.deepEqual(seqs, Array.from({ length: written }, (_, i) => i), 'the first records survive, later ones are dropped');
  // Releasing the oldest slice makes room again; the new records land in the freed space.
  ring.release(closed[0]);
  assert.equal(ring.write(makePayload(1000, 100), 1000, 1), true);
  for (const s of closed.slice(1)) checkedSeqs(ring.sab, s);
});

/**
 * A model check: random payload sizes, random slice closes, release in random order of closed slices, for
 * many passes around a small ring. Every record written is read back exactly once, in order, intact (checked
 * at release time, after many later writes); every drop is counted; the byte accounting returns to zero.
 */
function randomCycles(seed: number, ringBytes: number, records: number, maxSize = ringBytes / 2): { wraps: number; dropped: number; maxOffset: number } {
  const random = seededRandom(seed);
  const ring = RingWriter.create(ringBytes, SocketKind.LOG);
  const closed = collector(ring);
  let unreleased: RingSlice[] = [];
  const seqsBySlice = new Map<number, number[]>();
  const accepted: number[] = [];
  let dropped = 0;
  let wraps = 0;
  let lastWrite = 0;
  let maxOffset = 0;
  const releaseOne = (slice: RingSlice): void => {
    seqsBySlice.set(slice.seq, checkedSeqs(ring.sab, slice));
    ring.release(slice);
  };
  for (let seq = 0; seq < records; seq++) {
    const size = random() < 0.05 ? Math.floor(random() * maxSize) : Math.floor(random() * 300);
    const closedBefore = closed.length;
    if (ring.write(makePayload(seq, size), seq, seq & 0xffff)) accepted.push(seq);
    else dropped++;
    if (ring.openCount > 0 && random() < 0.2) ring.closeSlice();
    unreleased.push(...closed.slice(closedBefore));
    const w = readRingCounters(ring.sab).writeOffset;
    if (w < lastWrite) wraps++;
    lastWrite = w;
    maxOffset = Math.max(maxOffset, w);
    const releases = Math.floor(random() * 3);
    for (let r = 0; r < releases && unreleased.length > 0; r++) {
      releaseOne(unreleased.splice(Math.floor(random() * unreleased.length), 1)[0]);
    }
    assert.ok(ring.bytesUsed <= ring.capacity, 'used never exceeds the capacity');
    assert.equal(readRingCounters(ring.sab).bytesUsed, ring.bytesUsed);
  }
  const last = ring.closeSlice();
  if (last !== null) unreleased.push(last);
  for (const slice of unreleased) releaseOne(slice);
  unreleased = [];
  const readBack = closed.flatMap((slice) => seqsBySlice.get(slice.seq) ?? assert.fail(`slice ${slice.seq} never released`));
  assert.deepEqual(readBack, accepted, 'every accepted record is read back once, in order');
  assert.equal(ring.bytesUsed, 0);
  assert.equal(ring.unreleasedSlices, 0);
  const c = readRingCounters(ring.sab);
  assert.equal(c.droppedRingFull, dropped);
  assert.equal(c.published, accepted.length);
  assert.equal(c.readOffset, c.writeOffset, 'an empty ring has read offset = write offset');
  return { wraps, dropped, maxOffset };
}

for (const [seed, bytes] of [
  [1, 4096],
  [2, 4096],
  [3, 1024],
  [4, 16 * 1024],
  [5, 2048],
] as const) {
  test(`random writes, closes and out-of-order releases keep every record intact (seed ${seed}, ${bytes} B ring)`, () => {
    const { wraps, dropped } = randomCycles(seed, bytes, 20_000);
    assert.ok(wraps > 50, `expected many wraps, got ${wraps}`);
    assert.ok(dropped > 0, 'the ring filled up at times');
  });
}

test('early wrap: with the start of a large ring free, the writer goes back to 0 instead of touching fresh pages', () => {
  const ring = RingWriter.create(32 * 1024 * 1024, SocketKind.LOG);
  const closed = collector(ring);
  const perRecord = recordBytes(400);
  // Steady load: slices of 100 records, each released once the next one closed (~2 slices in flight).
  let maxOffset = 0;
  let seq = 0;
  for (let round = 0; round < 2_000; round++) {
    for (let i = 0; i < 100; i++, seq++) assert.equal(ring.write(makePayload(seq, 400), seq, 1), true);
    ring.closeSlice();
    // Everything but the newest slice is released, each checked intact first: an early wrap closes the open
    // slice, so no slice crosses the skipped tail.
    for (const done of closed.slice(0, -1)) {
      if (done.done) continue;
      assert.equal(checkedSeqs(ring.sab, done).length, done.count);
      ring.release(done);
    }
    maxOffset = Math.max(maxOffset, readRingCounters(ring.sab).writeOffset);
    assert.ok(ring.bytesUsed <= 2 * 100 * perRecord, `bytesUsed counts records only, got ${ring.bytesUsed}`);
  }
  // 2,000 slices × 100 × 432 B = 86 MB went through; the writer stayed within a few MB of the start.
  assert.equal(EARLY_WRAP_MIN_BYTES, 1024 * 1024);
  assert.ok(maxOffset < 2 * 1024 * 1024, `write offset reached ${maxOffset}`);
  for (const slice of closed.slice(-1)) ring.release(slice);
  assert.equal(ring.bytesUsed, 0);
  assert.equal(readRingCounters(ring.sab).bytesUsed, 0);
  assert.equal(readRingCounters(ring.sab).droppedRingFull, 0);
});

test('early wrap waits while the bytes in flight would not fit several times before the read offset', () => {
  const ring = RingWriter.create(32 * 1024 * 1024, SocketKind.LOG);
  const closed = collector(ring);
  // A backlog of ~6 MB (nothing released) past a released first MiB: 1 MiB of room is not 4 × 6 MB.
  let seq = 0;
  while (seq < 2_000 && readRingCounters(ring.sab).writeOffset < EARLY_WRAP_MIN_BYTES) ring.write(makePayload(seq++, 1000), 1, 1);
  ring.closeSlice();
  for (let i = 0; i < 6_000; i++) ring.write(makePayload(seq++, 1000), 1, 1);
  ring.release(closed[0]);
  const before = readRingCounters(ring.sab).writeOffset;
  assert.equal(ring.write(makePayload(seq++, 1000), 1, 1), true);
  assert.ok(readRingCounters(ring.sab).writeOffset > before, 'no early wrap: the writer kept going towards the end');
});

test('random writes, closes and releases on a large ring with early wraps keep every record intact', () => {
  const { wraps, dropped, maxOffset } = randomCycles(6, 4 * 1024 * 1024, 60_000, 20_000);
  assert.ok(wraps > 5, `expected early wraps, got ${wraps}`);
  assert.ok(maxOffset < 3 * 1024 * 1024, `the writer stayed near the start, reached ${maxOffset}`);
  assert.equal(dropped, 0);
});
