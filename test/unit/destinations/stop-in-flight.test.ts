// stop() whose budget runs out while a batch is on the wire: it returns with every line accounted for
// (written, spooled or dropped at shutdown), and the sink's late answer changes nothing.
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
import { ControlledSink, range, seqs } from './controlled-sink.js';

function msg(n: number): BatchMessage {
  return { t: 'batch', origin: 'parse', dest: 'c', module: 'QUEUE_METRICS', count: 1, body: Buffer.from(`line ${n}\n`) };
}

const BASE: DeliveryOverrides = { flushIntervalMs: 50, maxBatchLines: 3, backoff: { initialMs: 100, maxMs: 400 } };

function delivery(clock: FakeClock, overrides: DeliveryOverrides = {}) {
  const sink = new ControlledSink('c');
  const d = new DestinationDelivery(sink, deliveryOptions(BASE, overrides), { logger: silentLogger(), clock, random: () => 0.5 });
  return { sink, d };
}

/** 1..6 accepted; [1,2,3] failed once and its retry is on the wire; [4,5,6] is queued. */
async function retryOnTheWire(sink: ControlledSink, d: DestinationDelivery, clock: FakeClock): Promise<void> {
  await d.start();
  sink.mode = 'fail';
  for (let i = 1; i <= 6; i++) d.accept(msg(i));
  await clock.advance(0);
  sink.mode = 'hang';
  await clock.advance(60);
  assert.equal(sink.onTheWire.length, 1);
  assert.equal(d.stats().inFlightLines, 3);
}

async function stopWithin(d: DestinationDelivery, clock: FakeClock, budgetMs: number): Promise<void> {
  let done = false;
  const stopped = d.stop(budgetMs).then(() => (done = true));
  await clock.advance(budgetMs);
  assert.equal(done, true, 'stop() returned within its budget');
  await stopped;
}

const accounted = (st: DeliveryStats): number => st.writtenLines + st.spooledLines + Object.values(st.droppedLines).reduce((a, b) => a + b, 0);

test('without a spool: a batch on the wire when the budget runs out is counted as dropped at once', async () => {
  const clock = new FakeClock();
  const { sink, d } = delivery(clock);
  await retryOnTheWire(sink, d, clock);
  await stopWithin(d, clock, 300);
  const st = d.stats();
  assert.equal(st.writtenLines + st.droppedLines.shutdown, 6, 'every line written or dropped at shutdown');
  assert.equal(st.droppedLines.shutdown, 6);
  assert.equal(st.inFlightLines + st.queuedLines, 0);
  for (const ok of [true, false]) {
    sink.answer(ok);
    await clock.advance(1000);
  }
  const after = d.stats();
  assert.equal(after.writtenLines, 0, 'the late answer is not counted');
  assert.equal(after.droppedLines.shutdown, 6);
  assert.equal(sink.attempts, 2, 'and not retried');
});

test('with a spool: a batch on the wire at shutdown stays on disk, counted as spooled; the next start replays it first', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'bsos-stop-inflight-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const spool: DeliveryOverrides = { spool: { directory: dir, graceMs: 10_000, maxBytes: 1 << 20 } };
  const clock = new FakeClock();
  const first = delivery(clock, spool);
  await retryOnTheWire(first.sink, first.d, clock);
  await stopWithin(first.d, clock, 300);
  let st = first.d.stats();
  assert.equal(accounted(st), 6, 'every line written, spooled or dropped');
  assert.equal(st.spooledLines, 6, 'including the batch on the wire');
  assert.equal(st.droppedLines.shutdown, 0);
  first.sink.answer(false);
  await clock.advance(1000);
  st = first.d.stats();
  assert.equal(st.spooledLines, 6, 'the late failure changes nothing');
  assert.equal(first.sink.attempts, 2);

  const second = delivery(clock, spool);
  await second.d.start();
  second.d.accept(msg(7));
  await clock.advance(500);
  assert.deepEqual(seqs(second.sink), range(1, 7), 'the batch that was on the wire comes first');
  assert.equal(second.d.stats().replayedLines, 7, 'new data goes behind the spool while it is replayed');
  await second.d.stop(100);
});

test('with a spool and a healthy destination, stop() goes on replaying within its budget', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'bsos-stop-replay-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const clock = new FakeClock();
  const { sink, d } = delivery(clock, { spool: { directory: dir, graceMs: 0, maxBytes: 1 << 20 } });
  await d.start();
  sink.mode = 'fail';
  for (let i = 1; i <= 9; i++) d.accept(msg(i));
  await clock.advance(0);
  assert.equal(d.stats().spooling, true);
  sink.mode = 'ok';
  await stopWithin(d, clock, 300);
  assert.deepEqual(seqs(sink), range(1, 9));
  const st = d.stats();
  assert.equal(st.writtenLines, 9);
  assert.equal(st.spoolLines, 0);
});
