// Several writes in flight per lane (delivery.maxWritesInFlight, for sinks that take batches in any order):
// answers in any order, a failed batch retried alone and unmerged, the spool and shutdown with several batches
// on the wire, and every line written, spooled or counted exactly once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../../../src/log/logger.js';
import { DestinationDelivery } from '../../../src/destinations/delivery/destination-delivery.js';
import { deliveryOptions, type DeliveryOverrides } from '../../../src/destinations/delivery/options.js';
import type { DeliveryStats } from '../../../src/destinations/delivery/delivery-stats.js';
import type { BatchMessage } from '../../../src/threads/messages.js';
import { FakeClock } from './fake-clock.js';
import { ControlledSink, UnorderedSink, range, seqs } from './controlled-sink.js';

function msg(n: number): BatchMessage {
  return { t: 'batch', origin: 'parse', dest: 'c', module: 'LOG_EVENTS', count: 1, body: Buffer.from(`line ${n}\n`) };
}

const BASE: DeliveryOverrides = { flushIntervalMs: 50, maxBatchLines: 3, maxWritesInFlight: 3, backoff: { initialMs: 100, maxMs: 400 } };

function delivery(clock: FakeClock, overrides: DeliveryOverrides = {}, sink: ControlledSink = new UnorderedSink('c')) {
  const d = new DestinationDelivery(sink, deliveryOptions(BASE, overrides), { logger: silentLogger(), clock, random: () => 0.5 });
  return { sink, d };
}

function spoolDir(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'bsos-lane-inflight-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Accepts first..last while the sink hangs, so full batches of 3 go on the wire up to the limit. */
async function onTheWire(sink: ControlledSink, d: DestinationDelivery, clock: FakeClock, first: number, last: number): Promise<void> {
  sink.mode = 'hang';
  for (let i = first; i <= last; i++) d.accept(msg(i));
  await clock.advance(0);
}

const batchSeqs = (sink: ControlledSink): number[][] => sink.onTheWire.map((b) => Buffer.from(b.body).toString().trim().split('\n').map((l) => Number(l.split(' ')[1])));
const accounted = (st: DeliveryStats): number => st.writtenLines + st.spooledLines + Object.values(st.droppedLines).reduce((a, b) => a + b, 0);

test('up to maxWritesInFlight batches go on the wire at once; answers in any order settle each once', async () => {
  const clock = new FakeClock();
  const { sink, d } = delivery(clock);
  await d.start();
  await onTheWire(sink, d, clock, 1, 12);
  assert.deepEqual(batchSeqs(sink), [[1, 2, 3], [4, 5, 6], [7, 8, 9]], 'three full batches at once, in order');
  assert.equal(d.stats().inFlightLines, 9);
  assert.equal(d.stats().queuedLines, 3);
  let flushed = false;
  const flush = d.flush(10_000).then((ok) => (flushed = ok));
  sink.answerOne(1, true); // [4,5,6] returns before [1,2,3]
  await clock.advance(0);
  assert.equal(d.stats().writtenLines, 3);
  assert.deepEqual(batchSeqs(sink), [[1, 2, 3], [7, 8, 9], [10, 11, 12]], 'the freed slot takes the next batch');
  assert.equal(flushed, false, 'flush waits for the oldest batch, whatever answered first');
  sink.answer(true);
  await clock.advance(0);
  await flush;
  assert.equal(flushed, true);
  assert.deepEqual([...seqs(sink)].sort((a, b) => a - b), range(1, 12), 'every line once');
  const st = d.stats();
  assert.deepEqual([st.writtenLines, st.writtenBatches, st.inFlightLines, st.queuedLines], [12, 4, 0, 0]);
  await d.stop(100);
});

test('a sink that keeps order (not unordered) has one write in flight whatever maxWritesInFlight says', async () => {
  const clock = new FakeClock();
  const { sink, d } = delivery(clock, { maxWritesInFlight: 8 }, new ControlledSink('c'));
  await d.start();
  await onTheWire(sink, d, clock, 1, 9);
  assert.deepEqual(batchSeqs(sink), [[1, 2, 3]]);
  for (let round = 0; round < 3; round++) {
    sink.answer(true);
    await clock.advance(0);
  }
  assert.deepEqual(seqs(sink), range(1, 9), 'written in the producers\' order');
  await d.stop(100);
});

test('one batch fails and is retried alone, unmerged, while another succeeds; no new batch starts meanwhile', async () => {
  const clock = new FakeClock();
  const { sink, d } = delivery(clock);
  await d.start();
  await onTheWire(sink, d, clock, 1, 15);
  sink.answerOne(0, false); // [1,2,3] fails
  await clock.advance(0);
  assert.deepEqual(batchSeqs(sink), [[4, 5, 6], [7, 8, 9]], 'no new batch while one is failing');
  sink.answerOne(0, true); // [4,5,6] succeeds
  await clock.advance(0);
  assert.deepEqual(batchSeqs(sink), [[7, 8, 9]], 'still none: the lane sends only the retry until it succeeds');
  await clock.advance(100); // backoff
  assert.deepEqual(batchSeqs(sink), [[7, 8, 9], [1, 2, 3]], 'the retry has the same content, not merged with newer lines');
  sink.answerOne(1, true);
  await clock.advance(0);
  assert.deepEqual(batchSeqs(sink), [[7, 8, 9], [10, 11, 12], [13, 14, 15]], 'after the retry succeeded the lane fills its slots again');
  sink.answer(true);
  await clock.advance(0);
  const st = d.stats();
  assert.deepEqual([...seqs(sink)].sort((a, b) => a - b), range(1, 15));
  assert.deepEqual([st.writtenLines, st.retries, st.failedBatches], [15, 1, 1]);
  await d.stop(100);
});

test('diverted to the spool with three batches on the wire: copies in order, the written one passed over, the failed ones replayed once', async (t) => {
  const clock = new FakeClock();
  const { sink, d } = delivery(clock, { maxQueuedLines: 6, spool: { directory: spoolDir(t), graceMs: 60_000, maxBytes: 1 << 20 } });
  await d.start();
  await onTheWire(sink, d, clock, 1, 15); // 1..9 on the wire, 10..15 queued: the queue is full
  d.accept(msg(16)); // would overflow: the destination switches to the spool
  await clock.advance(0);
  assert.equal(d.stats().spooling, true);
  assert.equal(d.stats().inFlightLines, 9, 'the batches on the wire stay there; their copies are in the spool');
  sink.answerOne(1, true); // [4,5,6] written: its copy is passed over
  sink.answerOne(0, false); // [1,2,3] failed: its copy is replayed
  sink.answerOne(0, false); // [7,8,9] failed
  sink.mode = 'ok';
  await clock.advance(1000);
  const lines = seqs(sink);
  assert.deepEqual([...lines].sort((a, b) => a - b), range(1, 16), 'every line written exactly once');
  assert.deepEqual(lines.slice(3), [1, 2, 3, 7, 8, 9, ...range(10, 16)], 'the replay keeps the producers\' order');
  const st = d.stats();
  assert.equal(st.writtenLines, 16);
  assert.equal(st.spoolLines, 0);
  assert.equal(st.spooling, false, 'back to memory once the spool is replayed');
  await d.stop(100);
});

test('stop whose budget runs out with several batches on the wire: without a spool all are counted as dropped, late answers ignored', async () => {
  const clock = new FakeClock();
  const { sink, d } = delivery(clock);
  await d.start();
  await onTheWire(sink, d, clock, 1, 11);
  sink.answerOne(2, true); // [7,8,9] written; [10,11] goes out
  await clock.advance(0);
  let done = false;
  const stopped = d.stop(300).then(() => (done = true));
  await clock.advance(300);
  await stopped;
  assert.equal(done, true);
  const st = d.stats();
  assert.equal(st.writtenLines, 3);
  assert.equal(st.droppedLines.shutdown, 8, '[1,2,3], [4,5,6] and [10,11]');
  assert.equal(accounted(st), 11);
  sink.answer(true);
  await clock.advance(1000);
  assert.equal(d.stats().writtenLines, 3, 'the late answers are not counted');
});

test('stop and evacuate with several batches on the wire and a spool: all kept on disk, replayed once at the next start', async (t) => {
  const dir = spoolDir(t);
  const spool: DeliveryOverrides = { spool: { directory: dir, graceMs: 60_000, maxBytes: 1 << 20 } };
  for (const how of ['stop', 'evacuate'] as const) {
    const clock = new FakeClock();
    const first = delivery(clock, spool);
    await first.d.start();
    await onTheWire(first.sink, first.d, clock, 1, 11);
    first.sink.answerOne(1, true); // [4,5,6] written
    await clock.advance(0);
    if (how === 'stop') {
      const stopped = first.d.stop(300);
      await clock.advance(300);
      await stopped;
    } else first.d.evacuate();
    const st = first.d.stats();
    assert.equal(accounted(st), 11, `${how}: every line written, spooled or dropped`);
    assert.deepEqual([st.writtenLines, st.spooledLines], [3, 8], `${how}: the three batches on the wire are in the spool`);
    first.sink.answer(false);
    await clock.advance(1000);

    const second = delivery(clock, spool);
    await second.d.start();
    second.d.accept(msg(12));
    await clock.advance(500);
    assert.deepEqual(seqs(second.sink), [1, 2, 3, 7, 8, 9, 10, 11, 12], `${how}: the spool first, in order, then new data`);
    await second.d.stop(100);
  }
});
