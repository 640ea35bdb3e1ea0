import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../../../src/log/logger.js';
import { DestinationDelivery } from '../../../src/destinations/delivery/destination-delivery.js';
import { deliveryOptions, type DeliveryOverrides } from '../../../src/destinations/delivery/options.js';
import { SinkWriteError } from '../../../src/destinations/sink-error.js';
import type { SinkBatch } from '../../../src/destinations/sink.js';
import type { BatchMessage, DataModule } from '../../../src/threads/messages.js';
import { FakeClock } from './fake-clock.js';
import { MemorySink } from './memory-sink.js';

/** A sink that fails every write while `down`. */
class OutageSink extends MemorySink {
  down = false;
  attempts = 0;
  override write(batch: SinkBatch): Promise<void> {
    this.attempts++;
    if (this.down) return Promise.reject(new SinkWriteError({ kind: 'retryable', details: { message: 'connect ECONNREFUSED' } }));
    return super.write(batch);
  }
}

function msg(n: number, module: DataModule = 'LOG_EVENTS'): BatchMessage {
  return { t: 'batch', origin: 'parse', dest: 'm', module, count: 1, body: Buffer.from(`line ${n}\n`) };
}

function seqs(sink: MemorySink): number[] {
  return sink.lines().map((l) => Number(l.split(' ')[1]));
}

const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

function tempDir(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'bsos-spool-d-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function setup(dir: string, clock = new FakeClock(), overrides: DeliveryOverrides = {}) {
  const sink = new OutageSink('m');
  const base: DeliveryOverrides = {
    flushIntervalMs: 50,
    maxBatchLines: 4,
    backoff: { initialMs: 100, maxMs: 400 },
    spool: { directory: dir, graceMs: 1000, maxBytes: 1 << 20 },
  };
  const options = deliveryOptions(base, overrides);
  const d = new DestinationDelivery(sink, options, { logger: silentLogger(), clock, random: () => 0.5 });
  return { sink, d, clock };
}

test('down past the grace period: queued and new data go to the spool, then replay in order after recovery', async (t) => {
  const { sink, d, clock } = setup(tempDir(t));
  await d.start();
  sink.down = true;
  for (let i = 1; i <= 6; i++) d.accept(msg(i));
  await clock.advance(600);
  assert.equal(d.stats().spooledLines, 0, 'within the grace period data stays in memory');
  assert.equal(d.stats().spooling, false);
  await clock.advance(600);
  let st = d.stats();
  assert.equal(st.spooling, true);
  assert.equal(st.spooledLines, 6);
  assert.equal(st.queuedLines, 0);
  for (let i = 7; i <= 12; i++) d.accept(msg(i, i % 2 ? 'LOG_EVENTS' : 'USER_EVENTS'));
  st = d.stats();
  assert.equal(st.spooledLines, 12);
  assert.equal(st.spoolLines + st.inFlightLines, 12);
  assert.ok(st.spoolBytes > 0);
  sink.down = false;
  await clock.advance(1000);
  assert.deepEqual(seqs(sink), range(1, 12), 'spooled data arrives exactly once, oldest first');
  st = d.stats();
  assert.equal(st.replayedLines, 12);
  assert.equal(st.writtenLines, 12);
  assert.equal(st.spooling, false, 'an empty spool hands over to memory again');
  d.accept(msg(13));
  await clock.advance(100);
  assert.deepEqual(seqs(sink), range(1, 13));
  assert.equal(d.stats().spooledLines, 12, 'after recovery new data is written from memory');
  await d.stop(100);
});

test('a memory queue that would overflow switches to the spool instead of dropping', async (t) => {
  const { sink, d, clock } = setup(tempDir(t), new FakeClock(), { maxQueuedLines: 3, maxBatchLines: 1 });
  await d.start();
  sink.hold = true; // the backend hangs: the first write never answers until release()
  for (let i = 1; i <= 10; i++) d.accept(msg(i));
  await clock.advance(10);
  const st = d.stats();
  assert.equal(st.droppedLines.queue_full, 0);
  assert.equal(st.spooling, true);
  assert.ok(st.spooledLines >= 6, `spooled ${st.spooledLines}`);
  sink.release();
  await clock.advance(200);
  assert.deepEqual(seqs(sink), range(1, 10));
  assert.equal(d.stats().writtenLines, 10);
  await d.stop(100);
});

test('stop during an outage keeps everything on disk; the next start replays it before new data', async (t) => {
  const dir = tempDir(t);
  const clock = new FakeClock();
  const first = setup(dir, clock);
  await first.d.start();
  first.sink.down = true;
  for (let i = 1; i <= 5; i++) first.d.accept(msg(i));
  await clock.advance(300); // failing, but not yet past the grace period
  await first.d.stop(5000);
  let st = first.d.stats();
  assert.equal(st.droppedLines.shutdown, 0);
  assert.equal(st.spooledLines, 5, 'shutdown while failing spools at once instead of waiting for the budget');

  const second = setup(dir, clock);
  await second.d.start();
  assert.equal(second.d.stats().spooling, true, 'data from the last run is replayed first');
  second.d.accept(msg(6));
  await clock.advance(500);
  assert.deepEqual(seqs(second.sink), range(1, 6));
  st = second.d.stats();
  assert.equal(st.replayedLines, 6);
  assert.equal(st.spooling, false);
  await second.d.stop(100);

  const third = setup(dir, clock);
  await third.d.start();
  await clock.advance(500);
  assert.equal(third.sink.batches.length, 0, 'nothing is replayed twice');
  await third.d.stop(100);
});

test('spool limit: loss happens only past maxBytes, and every line is written or counted', async (t) => {
  const { sink, d, clock } = setup(tempDir(t), new FakeClock(), { spool: { graceMs: 0, maxBytes: 64 * 1024 } });
  await d.start();
  sink.down = true;
  d.accept(msg(0));
  await clock.advance(100); // the first write fails; with graceMs 0 the spool takes over at once
  assert.equal(d.stats().spooling, true);
  let n = 1;
  // ~30 bytes per record: 64 KiB holds about 2000; send 5000.
  for (; n < 5000; n++) {
    d.accept(msg(n));
    if (n === 1000) assert.equal(d.stats().droppedLines.spool_full, 0, 'no loss while the spool has room');
    assert.ok(d.stats().spoolBytes <= 64 * 1024);
  }
  const dropped = d.stats().droppedLines.spool_full;
  assert.ok(dropped > 0);
  sink.down = false;
  await clock.advance(60_000);
  const got = seqs(sink);
  assert.equal(got.length + dropped, n, 'written + counted = sent');
  assert.deepEqual(got, [...got].sort((a, b) => a - b), 'still in order');
  assert.equal(got.at(-1), n - 1, 'the newest data survived');
  await d.stop(100);
});

test('with a spool, flush() tries a failing destination once more and returns false instead of waiting out its budget', async (t) => {
  const { sink, d, clock } = setup(tempDir(t), new FakeClock(), { backoff: { initialMs: 10_000, maxMs: 10_000 } });
  await d.start();
  sink.down = true;
  d.accept(msg(1));
  await clock.advance(100);
  const attempts = sink.attempts;
  let result: boolean | undefined;
  void d.flush(60_000).then((r) => (result = r));
  await clock.advance(1);
  assert.equal(result, false);
  assert.equal(sink.attempts, attempts + 1, 'one immediate attempt, not the 10 s backoff');
  sink.down = false;
  assert.equal(await d.flush(60_000), true, 'once the destination answers, flush writes everything');
  assert.deepEqual(seqs(sink), [1]);
  await d.stop(100);
});

test('a dying writer (evacuate): queued batches and the one on the wire go to the spool; the next start replays all', async (t) => {
  const dir = tempDir(t);
  const first = setup(dir);
  await first.d.start();
  // A write that never answers: the thread dies while it is on the wire.
  first.sink.write = () => new Promise<void>(() => undefined);
  for (let i = 1; i <= 10; i++) first.d.accept(msg(i, i % 2 ? 'LOG_EVENTS' : 'USER_EVENTS'));
  await first.clock.advance(100);
  assert.ok(first.d.stats().inFlightLines > 0, 'a batch is on the wire');
  first.d.evacuate();
  const st = first.d.stats();
  assert.equal(st.spooledLines, 10, 'every line accepted is in the spool');
  assert.equal(st.droppedLines.writer_crash, 0);
  const second = setup(dir);
  await second.d.start();
  await second.clock.advance(2000);
  assert.deepEqual([...seqs(second.sink)].sort((a, b) => a - b), range(1, 10));
  assert.equal(second.d.stats().replayedLines, 10);
});

test('a dying writer without a spool counts what it held as dropped (writer_crash)', async () => {
  const sink = new OutageSink('m');
  const clock = new FakeClock();
  const d = new DestinationDelivery(sink, deliveryOptions({ flushIntervalMs: 50, maxBatchLines: 4 }, {}), { logger: silentLogger(), clock, random: () => 0.5 });
  await d.start();
  sink.down = true;
  for (let i = 1; i <= 7; i++) d.accept(msg(i));
  await clock.advance(60);
  d.evacuate();
  const st = d.stats();
  assert.equal(st.droppedLines.writer_crash, 7);
  assert.equal(st.writtenLines + st.droppedLines.writer_crash, 7);
});
