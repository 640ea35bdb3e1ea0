import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../../../src/log/logger.js';
import { DiskSpool } from '../../../src/destinations/spool/disk-spool.js';
import { encodeRecord, readRecord } from '../../../src/destinations/spool/record.js';
import { segmentName } from '../../../src/destinations/spool/segment-files.js';
import type { TakenBatch } from '../../../src/destinations/delivery/batch-buffer.js';
import type { DataModule } from '../../../src/threads/messages.js';

const LIMITS = { maxLines: 1000, maxBytes: 1024 * 1024 };

function tempDir(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'bsos-spool-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

interface Harness {
  spool: DiskSpool;
  lost: Record<string, { lines: number; records: number }>;
  corrupt: number;
}

function openSpool(dir: string, maxBytes = 1024 * 1024, segmentBytes = 4096): Harness {
  const h: Harness = { spool: undefined as unknown as DiskSpool, lost: {}, corrupt: 0 };
  h.spool = new DiskSpool(
    { directory: dir, maxBytes, segmentBytes },
    {
      lost: (reason, lines, records) => {
        const l = (h.lost[reason] ??= { lines: 0, records: 0 });
        l.lines += lines;
        l.records += records;
      },
      corrupt: (n) => (h.corrupt += n),
    },
    silentLogger(),
  );
  h.spool.open();
  return h;
}

/** Appends one record of `n` lines named `<tag>-<i>`. */
function add(spool: DiskSpool, tag: string, n = 1, module: DataModule = 'LOG_EVENTS'): void {
  const lines = Array.from({ length: n }, (_, i) => `${tag}-${i}`);
  assert.equal(spool.append(module, Buffer.from(lines.join('\n') + '\n'), n, 'node1'), true);
}

function linesOf(t: TakenBatch): string[] {
  return Buffer.from(t.batch.body).toString().split('\n').filter(Boolean);
}

/** Takes and settles everything, as a lane would with a healthy sink. */
function drain(spool: DiskSpool, limits = LIMITS): string[] {
  const out: string[] = [];
  for (let t = spool.take(limits); t; t = spool.take(limits)) {
    out.push(...linesOf(t));
    spool.settle(t);
  }
  return out;
}

test('a record round-trips; a flipped bit or a cut-off end is detected, never decoded', () => {
  const rec = encodeRecord({ module: 'USER_EVENTS', lines: 2, serverName: 'sense1', body: Buffer.from('a 1\nb 2\n') });
  const ok = readRecord(rec, 0);
  assert.equal(ok.kind, 'record');
  if (ok.kind === 'record') {
    assert.deepEqual({ ...ok.record, body: Buffer.from(ok.record.body).toString() }, { module: 'USER_EVENTS', lines: 2, serverName: 'sense1', body: 'a 1\nb 2\n' });
    assert.equal(ok.size, rec.byteLength);
  }
  const flipped = Buffer.from(rec);
  flipped[flipped.length - 3] ^= 0x01;
  assert.equal(readRecord(flipped, 0).kind, 'corrupt');
  assert.equal(readRecord(rec.subarray(0, rec.length - 1), 0).kind, 'short');
  const badLength = Buffer.from(rec);
  badLength.writeUInt32LE(0xffffffff, 0);
  assert.equal(readRecord(badLength, 0).kind, 'garbage');
});

test('records come back in append order, batched per module, and the spool deletes what was replayed', (t) => {
  const dir = tempDir(t);
  const { spool } = openSpool(dir);
  add(spool, 'a', 2);
  add(spool, 'b', 1);
  add(spool, 'c', 1, 'USER_EVENTS');
  add(spool, 'd', 3);
  assert.equal(spool.lines, 7);
  const batches: Array<[DataModule, string[]]> = [];
  for (let b = spool.take(LIMITS); b; b = spool.take(LIMITS)) {
    batches.push([b.batch.module, linesOf(b)]);
    spool.settle(b);
  }
  assert.deepEqual(batches, [
    ['LOG_EVENTS', ['a-0', 'a-1', 'b-0']],
    ['USER_EVENTS', ['c-0']],
    ['LOG_EVENTS', ['d-0', 'd-1', 'd-2']],
  ]);
  assert.equal(spool.lines, 0);
  assert.equal(spool.headSeq(), undefined);
  spool.close();
});

test('batches respect maxLines and maxBytes but always carry at least one record', (t) => {
  const dir = tempDir(t);
  const { spool } = openSpool(dir);
  for (let i = 0; i < 5; i++) add(spool, `r${i}`, 2);
  const sizes: number[] = [];
  for (let b = spool.take({ maxLines: 4, maxBytes: 1 << 20 }); b; b = spool.take({ maxLines: 4, maxBytes: 1 << 20 })) {
    sizes.push(b.batch.lines);
    spool.settle(b);
  }
  assert.deepEqual(sizes, [4, 4, 2]);
  add(spool, 'big', 10);
  const big = spool.take({ maxLines: 3, maxBytes: 10 });
  assert.equal(big?.batch.lines, 10);
  spool.close();
});

test('after a restart replay continues at the saved cursor; an unsettled batch is replayed again', (t) => {
  const dir = tempDir(t);
  const first = openSpool(dir, 1 << 20, 256);
  for (let i = 0; i < 30; i++) add(first.spool, `m${i}`);
  // A batch never spans segments, so take until 10 lines are confirmed.
  let confirmed = 0;
  while (confirmed < 10) {
    const done = first.spool.take({ maxLines: 10 - confirmed, maxBytes: 1 << 20 })!;
    confirmed += done.batch.lines;
    first.spool.settle(done);
  }
  const unsettled = first.spool.take({ maxLines: 5, maxBytes: 1 << 20 })!;
  assert.equal(first.spool.release(unsettled), 0, 'a released batch stays on disk');
  first.spool.close();

  const second = openSpool(dir, 1 << 20, 256);
  assert.equal(second.spool.lines, 20);
  const replayed = drain(second.spool);
  assert.deepEqual(replayed, Array.from({ length: 20 }, (_, i) => `m${i + 10}-0`));
  second.spool.close();
  const third = openSpool(dir, 1 << 20, 256);
  assert.equal(third.spool.lines, 0, 'nothing is replayed twice after a complete replay');
  add(third.spool, 'new');
  assert.deepEqual(drain(third.spool), ['new-0']);
  third.spool.close();
});

test('a torn last record is skipped and counted, the records before it are replayed', (t) => {
  const dir = tempDir(t);
  const first = openSpool(dir);
  for (let i = 0; i < 5; i++) add(first.spool, `t${i}`);
  first.spool.close();
  const file = join(dir, segmentName(1));
  truncateSync(file, statSync(file).size - 3);

  const second = openSpool(dir);
  assert.equal(second.spool.lines, 4);
  assert.deepEqual(drain(second.spool), ['t0-0', 't1-0', 't2-0', 't3-0']);
  assert.equal(second.corrupt, 1);
  second.spool.close();
});

test('a record with a checksum mismatch is skipped and counted; its neighbours are replayed', (t) => {
  const dir = tempDir(t);
  const first = openSpool(dir);
  for (let i = 0; i < 3; i++) add(first.spool, `c${i}`);
  first.spool.close();
  const file = join(dir, segmentName(1));
  const bytes = readFileSync(file);
  const middle = bytes.indexOf('c1-0');
  bytes[middle] = 'X'.charCodeAt(0);
  writeFileSync(file, bytes);

  const second = openSpool(dir);
  assert.deepEqual(drain(second.spool), ['c0-0', 'c2-0']);
  assert.equal(second.corrupt, 1);
  assert.ok(!drain(second.spool).some((l) => l.includes('X')), 'damaged data is never replayed');
  second.spool.close();
});

test('maxBytes: nothing is dropped until the spool is full; then whole oldest segments go, counted exactly', (t) => {
  const dir = tempDir(t);
  const maxBytes = 16 * 1024;
  const h = openSpool(dir, maxBytes, 2048);
  const recordBytes = encodeRecord({ module: 'LOG_EVENTS', lines: 3, serverName: 'node1', body: Buffer.from('x0000-0\nx0000-1\nx0000-2\n') }).byteLength;
  const fits = Math.floor(maxBytes / recordBytes);
  let appended = 0;
  // Fill to just under the limit: no loss at all.
  for (; (appended + 1) * recordBytes <= maxBytes - 2 * recordBytes; appended++) add(h.spool, `x${String(appended).padStart(4, '0')}`, 3);
  assert.deepEqual(h.lost, {});
  for (let i = 0; i < 3 * fits; i++, appended++) {
    add(h.spool, `x${String(appended).padStart(4, '0')}`, 3);
    assert.ok(h.spool.bytes <= maxBytes, `spool grew to ${h.spool.bytes} > ${maxBytes}`);
  }
  const dropped = h.lost.spool_full;
  assert.ok(dropped && dropped.lines > 0);
  const kept = drain(h.spool);
  // Exact: every appended line is either replayed or counted as dropped, and what is kept is the newest.
  assert.equal(kept.length + dropped.lines, appended * 3);
  assert.equal(dropped.records * 3, dropped.lines);
  assert.equal(kept.at(-1), `x${String(appended - 1).padStart(4, '0')}-2`);
  assert.equal(kept[0], `x${String(dropped.records).padStart(4, '0')}-0`, 'the oldest records went first');
  h.spool.close();
});

test('a segment dropped while its batch is in flight: the batch still counts once, the rest exactly', (t) => {
  const dir = tempDir(t);
  const h = openSpool(dir, 64 * 1024, 4096);
  for (let i = 0; i < 10; i++) add(h.spool, `f${i}`, 1);
  const inFlight = h.spool.take({ maxLines: 2, maxBytes: 1 << 20 })!;
  // Push enough to force the first segment out.
  let more = 0;
  while (!h.lost.spool_full) {
    add(h.spool, `g${more++}`, 1);
    assert.ok(more < 10_000);
  }
  h.spool.settle(inFlight);
  const rest = drain(h.spool);
  assert.equal(2 + h.lost.spool_full.lines + rest.length, 10 + more);
  h.spool.close();
});

test('a write that fails with ENOSPC loses only that batch, counted, and the spool goes on', (t) => {
  const dir = tempDir(t);
  const h = openSpool(dir);
  // The next segment the spool creates is /dev/full: every write to it fails with ENOSPC.
  symlinkSync('/dev/full', join(dir, segmentName(1)));
  assert.equal(h.spool.append('LOG_EVENTS', Buffer.from('lost\n'), 1, ''), false);
  assert.deepEqual(h.lost, { spool_error: { lines: 1, records: 1 } });
  add(h.spool, 'after');
  assert.deepEqual(drain(h.spool), ['after-0']);
  h.spool.close();
  assert.ok(!readdirSync(dir).includes(segmentName(1)), 'the failed segment is cleaned up');
});
