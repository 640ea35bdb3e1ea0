// Order within a destination when it switches to the spool while a batch is on the wire: the batch's copy
// goes into the spool ahead of what was queued behind it, and its write's answer decides its fate.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../../../src/log/logger.js';
import { DestinationDelivery } from '../../../src/destinations/delivery/destination-delivery.js';
import { deliveryOptions, type DeliveryOverrides } from '../../../src/destinations/delivery/options.js';
import type { BatchMessage } from '../../../src/threads/messages.js';
import { FakeClock } from './fake-clock.js';
import { ControlledSink, range, seqs } from './controlled-sink.js';

function msg(n: number): BatchMessage {
  return { t: 'batch', origin: 'parse', dest: 'c', module: 'LOG_EVENTS', count: 1, body: Buffer.from(`line ${n}\n`) };
}

function setup(t: { after(fn: () => void): void }, overrides: DeliveryOverrides = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'bsos-spool-order-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const clock = new FakeClock();
  const sink = new ControlledSink('c');
  const options = deliveryOptions(
    { flushIntervalMs: 50, maxBatchLines: 3, backoff: { initialMs: 100, maxMs: 400 }, spool: { directory: dir, graceMs: 1000, maxBytes: 1 << 20 } },
    overrides,
  );
  const d = new DestinationDelivery(sink, options, { logger: silentLogger(), clock, random: () => 0.5 });
  return { sink, d, clock };
}

/** Batch [1,2,3] fails, 4..10 queue behind it, then its retry is on the wire when the grace period ends. */
async function retryOnTheWireAtTheSwitch(sink: ControlledSink, d: DestinationDelivery, clock: FakeClock): Promise<void> {
  await d.start();
  sink.mode = 'fail';
  for (let i = 1; i <= 3; i++) d.accept(msg(i));
  await clock.advance(0);
  assert.equal(d.stats().failedBatches, 1);
  for (let i = 4; i <= 10; i++) d.accept(msg(i));
  sink.mode = 'hang';
  await clock.advance(60); // the retry (after 50 ms) is now on the wire
  assert.deepEqual(sink.onTheWire.map((b) => b.lines), [3]);
  await clock.advance(1000); // the grace period ends: the destination switches to the spool
  const st = d.stats();
  assert.equal(st.spooling, true);
  assert.equal(st.queuedLines, 0, 'what was queued is on disk');
}

test('a retry on the wire at the switch to the spool fails: it is replayed first, in its original place', async (t) => {
  const { sink, d, clock } = setup(t);
  await retryOnTheWireAtTheSwitch(sink, d, clock);
  sink.mode = 'fail';
  sink.answer(false);
  await clock.advance(0);
  assert.equal(d.stats().spooledLines, 10);
  sink.mode = 'ok';
  await clock.advance(3000);
  assert.deepEqual(seqs(sink), range(1, 10), 'in order, exactly once');
  const st = d.stats();
  assert.equal(st.writtenLines, 10);
  assert.equal(st.replayedLines, 10);
  assert.equal(st.spoolLines + st.queuedLines + st.inFlightLines, 0);
  assert.equal(st.spooling, false);
  assert.equal(Object.values(st.droppedLines).reduce((a, b) => a + b, 0), 0);
  await d.stop(100);
});

test('a retry on the wire at the switch to the spool succeeds: replay passes over its copy', async (t) => {
  const { sink, d, clock } = setup(t);
  await retryOnTheWireAtTheSwitch(sink, d, clock);
  let st = d.stats();
  assert.equal(st.inFlightLines, 3, 'the retry is still on the wire; replay waits for its answer');
  assert.equal(st.spoolLines, 7, 'its copy is not counted as waiting in the spool');
  sink.mode = 'fail'; // the replay of 4..10 still fails for a while
  sink.answer(true);
  await clock.advance(0);
  assert.deepEqual(seqs(sink), [1, 2, 3]);
  sink.mode = 'ok';
  await clock.advance(3000);
  assert.deepEqual(seqs(sink), range(1, 10), 'in order, the copy is not written again');
  st = d.stats();
  assert.equal(st.writtenLines, 10);
  assert.equal(st.replayedLines, 7);
  assert.equal(st.spooledLines, 7, 'the copy of a batch written directly is not counted as spooled');
  assert.equal(st.spoolLines, 0);
  assert.equal(st.spooling, false);
  d.accept(msg(11));
  await clock.advance(100);
  assert.deepEqual(seqs(sink), range(1, 11), 'memory takes over again after the pass-over');
  await d.stop(100);
});

test('the last record in the spool is the copy of a batch written directly: the spool hands over to memory', async (t) => {
  const { sink, d, clock } = setup(t, { maxQueuedLines: 3, maxBatchLines: 1 });
  await d.start();
  sink.mode = 'hang';
  d.accept(msg(1)); // on the wire, never answered yet
  await clock.advance(0);
  for (let i = 2; i <= 4; i++) d.accept(msg(i));
  await clock.advance(0);
  // Nothing queued behind: only the reservation is in the spool. Switch by a full queue.
  d.accept(msg(5));
  assert.equal(d.stats().spooling, true);
  sink.mode = 'ok';
  sink.answer(true);
  await clock.advance(500);
  assert.deepEqual(seqs(sink), range(1, 5));
  assert.equal(d.stats().spooling, false);
  assert.equal(d.stats().spoolLines, 0);
  await d.stop(100);
});

test('a hung write when a full queue switches to the spool, then fails: it still comes first', async (t) => {
  const { sink, d, clock } = setup(t, { maxQueuedLines: 3, maxBatchLines: 1 });
  await d.start();
  sink.mode = 'hang';
  for (let i = 1; i <= 10; i++) d.accept(msg(i));
  await clock.advance(0);
  let st = d.stats();
  assert.equal(st.spooling, true);
  assert.equal(st.droppedLines.queue_full, 0);
  sink.mode = 'ok';
  sink.answer(false); // the hung write times out
  await clock.advance(1000);
  assert.deepEqual(seqs(sink), range(1, 10));
  st = d.stats();
  assert.equal(st.writtenLines, 10);
  assert.equal(st.replayedLines, 10);
  assert.equal(st.spooling, false);
  await d.stop(100);
});
