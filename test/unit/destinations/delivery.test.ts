import { test } from 'node:test';
import assert from 'node:assert/strict';
import { silentLogger } from '../../../src/log/logger.js';
import { DestinationDelivery } from '../../../src/destinations/delivery/destination-delivery.js';
import { deliveryOptions, type DeliveryOverrides } from '../../../src/destinations/delivery/options.js';
import { SinkWriteError } from '../../../src/destinations/sink-error.js';
import type { SinkBatch } from '../../../src/destinations/sink.js';
import type { BatchMessage } from '../../../src/threads/messages.js';
import { FakeClock } from './fake-clock.js';
import { MemorySink } from './memory-sink.js';

function msg(...lines: string[]): BatchMessage {
  return { t: 'batch', origin: 'parse', dest: 'm', module: 'LOG_EVENTS', count: lines.length, body: Buffer.from(lines.join('\n') + '\n') };
}

/** A sink whose next writes fail as scripted, then succeed. */
class ScriptedSink extends MemorySink {
  failures: SinkWriteError[] = [];
  attempts: string[][] = [];
  override write(batch: SinkBatch): Promise<void> {
    this.attempts.push(Buffer.from(batch.body).toString().split('\n').filter(Boolean));
    const f = this.failures.shift();
    return f ? Promise.reject(f) : super.write(batch);
  }
}

function setup(overrides: DeliveryOverrides = {}) {
  const clock = new FakeClock();
  const sink = new ScriptedSink('m');
  const d = new DestinationDelivery(sink, deliveryOptions({ flushIntervalMs: 100, ...overrides }), { logger: silentLogger(), clock, random: () => 0.5 });
  return { clock, sink, d };
}

test('lines are batched until maxBatchLines or the flush interval, whichever comes first', async () => {
  const { clock, sink, d } = setup({ maxBatchLines: 3 });
  d.accept(msg('a'));
  d.accept(msg('b'));
  await clock.advance(50);
  assert.equal(sink.batches.length, 0);
  d.accept(msg('c'));
  await clock.advance(0);
  assert.deepEqual(sink.attempts, [['a', 'b', 'c']]);
  d.accept(msg('d'));
  await clock.advance(99);
  assert.equal(sink.attempts.length, 1);
  await clock.advance(2);
  assert.deepEqual(sink.attempts, [['a', 'b', 'c'], ['d']]);
});

test('a message bigger than maxBatchLines is split, in order', async () => {
  const { clock, sink, d } = setup({ maxBatchLines: 2 });
  d.accept(msg('1', '2', '3', '4', '5'));
  await clock.advance(200);
  assert.deepEqual(sink.attempts, [['1', '2'], ['3', '4'], ['5']]);
  assert.equal(d.stats().writtenLines, 5);
});

test('a retried batch is re-sent unchanged and newer data waits behind it', async () => {
  const { clock, sink, d } = setup({ maxBatchLines: 2, backoff: { initialMs: 100, maxMs: 100 } });
  sink.failures.push(new SinkWriteError({ kind: 'retryable', details: { message: 'down' } }));
  d.accept(msg('a', 'b'));
  await clock.advance(0);
  d.accept(msg('c', 'd'));
  await clock.advance(200);
  assert.deepEqual(sink.attempts, [['a', 'b'], ['a', 'b'], ['c', 'd']]);
  assert.deepEqual(sink.lines(), ['a', 'b', 'c', 'd']);
  const s = d.stats();
  assert.deepEqual([s.retries, s.failedBatches, s.writtenLines], [1, 1, 4]);
});

test('a partial rejection counts the rejected lines as dropped and the rest as written', async () => {
  const { clock, sink, d } = setup();
  sink.failures.push(new SinkWriteError({ kind: 'rejected', details: { message: 'partial' }, rejectedLines: 1 }));
  d.accept(msg('a', 'bad', 'c'));
  await clock.advance(200);
  const s = d.stats();
  assert.deepEqual([s.writtenLines, s.droppedLines.rejected, s.retries, sink.attempts.length], [2, 1, 0, 1]);
});

test('a full queue drops the OLDEST waiting messages and counts them as queue_full', async () => {
  const { clock, sink, d } = setup({ maxQueuedLines: 4, maxBatchLines: 100 });
  sink.hold = true;
  d.accept(msg('in-flight'));
  await clock.advance(100); // first batch is on the wire and held
  for (const x of ['1', '2', '3', '4', '5', '6']) d.accept(msg(x));
  const s = d.stats();
  assert.deepEqual([s.droppedLines.queue_full, s.droppedBatches.queue_full, s.queuedLines], [2, 2, 4]);
  sink.release();
  await clock.advance(200);
  sink.release();
  await clock.advance(200);
  assert.deepEqual(sink.lines(), ['in-flight', '3', '4', '5', '6']);
});
