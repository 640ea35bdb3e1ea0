// DiskSpool reserved records: copies of batches still on the wire. Replay waits in front of a held copy,
// passes over the copy of a batch that was written, and a full spool never counts a copy as lost data.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../../../src/log/logger.js';
import { DiskSpool } from '../../../src/destinations/spool/disk-spool.js';
import type { TakenBatch } from '../../../src/destinations/delivery/batch-buffer.js';

const LIMITS = { maxLines: 1000, maxBytes: 1024 * 1024 };

function open(t: { after(fn: () => void): void }, maxBytes = 1 << 20, segmentBytes = 4096) {
  const dir = mkdtempSync(join(tmpdir(), 'bsos-spool-res-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const lost = { lines: 0, records: 0 };
  const spool = new DiskSpool(
    { directory: dir, maxBytes, segmentBytes },
    { lost: (_reason, lines, records) => ((lost.lines += lines), (lost.records += records)), corrupt: () => undefined },
    silentLogger(),
  );
  spool.open();
  return { spool, lost, dir };
}

const body = (tag: string): Buffer => Buffer.from(`${tag}\n`);

function drain(spool: DiskSpool): string[] {
  const out: string[] = [];
  for (let t: TakenBatch | undefined = spool.take(LIMITS); t; t = spool.take(LIMITS)) {
    out.push(...Buffer.from(t.batch.body).toString().split('\n').filter(Boolean));
    spool.settle(t);
  }
  return out;
}

test('replay stops in front of a held copy and resumes when it is confirmed', (t) => {
  const { spool } = open(t);
  spool.append('LOG_EVENTS', body('a'), 1, 'n');
  const slot = spool.reserve('LOG_EVENTS', body('b'), 1, 'n')!;
  spool.append('LOG_EVENTS', body('c'), 1, 'n');
  assert.equal(spool.lines, 2, 'a held copy is not waiting for replay');
  assert.deepEqual(drain(spool), ['a']);
  assert.equal(spool.take(LIMITS), undefined, 'blocked while the write is on the wire');
  assert.notEqual(spool.headSeq(), undefined, 'but not settled');
  assert.equal(spool.confirm(slot), true);
  assert.equal(spool.lines, 2);
  assert.deepEqual(drain(spool), ['b', 'c']);
  assert.equal(spool.headSeq(), undefined);
});

test('the copy of a written batch is passed over, also as the last record, and the cursor moves past it', (t) => {
  const { spool, dir } = open(t);
  const first = spool.reserve('LOG_EVENTS', body('a'), 1, 'n')!;
  spool.append('LOG_EVENTS', body('b'), 1, 'n');
  const last = spool.reserve('LOG_EVENTS', body('c'), 1, 'n')!;
  spool.cancel(first);
  assert.deepEqual(drain(spool), ['b']);
  spool.cancel(last);
  assert.equal(spool.lines, 0);
  assert.deepEqual(drain(spool), []);
  assert.equal(spool.headSeq(), undefined);
  spool.close();

  const again = new DiskSpool({ directory: dir, maxBytes: 1 << 20, segmentBytes: 4096 }, { lost: () => undefined, corrupt: () => undefined }, silentLogger());
  assert.equal(again.open(), 0, 'nothing is replayed again after a restart');
});

test('a full spool deletes the segment of a held copy: not counted as lost; lost if its write then fails', (t) => {
  // Segments of ~1 record; room for 3 records.
  const { spool, lost } = open(t, 3 * 80, 40);
  const rec = (tag: string): Buffer => Buffer.from(`${tag.padEnd(40, '.')}\n`);
  const held = spool.reserve('LOG_EVENTS', rec('held'), 2, 'n')!;
  const written = spool.reserve('LOG_EVENTS', rec('written'), 3, 'n')!;
  spool.cancel(written);
  for (let i = 0; i < 4; i++) assert.equal(spool.append('LOG_EVENTS', rec(`x${i}`), 1, 'n'), true);
  assert.deepEqual(lost, { lines: 1, records: 1 }, 'only the ordinary record x0 counts as lost');
  assert.equal(spool.confirm(held), false, 'the held copy is gone');
  assert.deepEqual(drain(spool), ['x1'.padEnd(40, '.'), 'x2'.padEnd(40, '.'), 'x3'.padEnd(40, '.')]);
  assert.equal(spool.lines, 0);
});
