import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CONTROL_BYTES, SocketKind, WRAP_MARKER, recordBytes } from '../../../src/ingest/ring-layout.js';
import { forEachRecord } from '../../../src/ingest/ring-reader.js';
import { RingWriter } from '../../../src/ingest/ring-writer.js';
import { makePayload } from './fixtures/test-payloads.js';

function ringWith(sizes: number[]): RingWriter {
  const ring = RingWriter.create(4096, SocketKind.LOG);
  sizes.forEach((n, i) => ring.write(makePayload(i, n), i, 1));
  return ring;
}

const noop = (): void => {};

test('forEachRecord refuses bounds outside the ring, reversed or misaligned', () => {
  const ring = ringWith([10]);
  for (const [start, end] of [
    [-8, 8],
    [0, 4104],
    [16, 8],
    [4, 40],
    [0, 36],
  ]) {
    const result = forEachRecord(ring.sab, start, end, () => assert.fail('no record may be visited'));
    assert.deepEqual(result, { records: 0, corruptAt: start }, `[${start}, ${end})`);
  }
  assert.deepEqual(forEachRecord(ring.sab, 0, 0, noop), { records: 0, corruptAt: -1 }, 'an empty slice is fine');
});

test('forEachRecord stops at a header whose length runs past the slice end and reports where', () => {
  const ring = ringWith([10, 20, 30]);
  const second = recordBytes(10);
  const end = second + recordBytes(20) + recordBytes(30);
  // Cut the slice in the middle of the third record.
  let seen = 0;
  const result = forEachRecord(ring.sab, 0, end - 8, () => seen++);
  assert.deepEqual(result, { records: 2, corruptAt: second + recordBytes(20) });
  assert.equal(seen, 2);
  // A wrap marker inside a slice is corruption, not a record of 4 GiB.
  new Uint32Array(ring.sab, CONTROL_BYTES + second, 1)[0] = WRAP_MARKER;
  assert.deepEqual(forEachRecord(ring.sab, 0, end, noop), { records: 1, corruptAt: second });
});

test('forEachRecord terminates on a slice of garbage headers (every step advances)', () => {
  const ring = RingWriter.create(4096, SocketKind.LOG);
  new Uint8Array(ring.sab, CONTROL_BYTES).fill(0); // length 0 everywhere: 24-byte empty records
  const result = forEachRecord(ring.sab, 0, 4096, noop);
  // 4096 is not a multiple of 24: the last 16 bytes cannot hold a header.
  assert.equal(result.corruptAt, Math.floor(4096 / 24) * 24);
  assert.equal(result.records, Math.floor(4096 / 24));
});
