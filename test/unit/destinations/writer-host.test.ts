import { test } from 'node:test';
import assert from 'node:assert/strict';
import { silentLogger } from '../../../src/log/logger.js';
import { WriterHost } from '../../../src/destinations/writer-host.js';
import { deliveryOnly } from '../../support/test-plugin.js';
import type { BatchMessage, BatchOrigin } from '../../../src/threads/messages.js';
import { FakeClock } from './fake-clock.js';
import { MemorySink, memoryFactory } from './memory-sink.js';

function msg(dest: string, origin: BatchOrigin, ...lines: string[]): BatchMessage {
  return { t: 'batch', origin, dest, module: 'LOG_EVENTS', count: lines.length, body: Buffer.from(lines.join('\n') + '\n') };
}

function setup() {
  const clock = new FakeClock();
  const a = new MemorySink('a');
  const b = new MemorySink('b');
  const off = new MemorySink('off');
  const host = new WriterHost(
    deliveryOnly({ flushIntervalMs: 100 }),
    { logger: silentLogger(), reportError: () => undefined, clock, registry: [memoryFactory(a), memoryFactory(b), memoryFactory(off, false)] },
  );
  return { clock, a, b, off, host };
}

test('WriterHost builds only enabled destinations and starts them', async () => {
  const { host, a, b, off } = setup();
  assert.deepEqual(host.destinationIds(), ['a', 'b']);
  await host.start();
  assert.deepEqual([a.started, b.started, off.started], [true, true, false]);
});

test('WriterHost routes each batch by dest id; unknown and disabled ids are counted as unrouted, per id', async () => {
  const { host, a, b, clock } = setup();
  await host.start();
  host.accept(msg('a', 'parse', 'a1', 'a2'));
  host.accept(msg('b', 'poller', 'b1'));
  host.accept(msg('off', 'parse', 'x'));
  host.accept(msg('nope', 'tracker', 'y'));
  host.accept(msg('nope', 'parse', 'z'));
  assert.equal(await host.flush(1000), true);
  await clock.advance(0);
  assert.deepEqual(a.lines(), ['a1', 'a2']);
  assert.deepEqual(b.lines(), ['b1']);
  const s = host.stats();
  assert.deepEqual(s.unroutedBatches, { off: 1, nope: 2 });
  assert.deepEqual(s.receivedBatches, { parse: 3, poller: 1, tracker: 1 });
  assert.deepEqual(s.receivedLines, { parse: 4, poller: 1, tracker: 1 });
  assert.deepEqual(s.destinations.map((d) => [d.id, d.writtenLines]), [['a', 2], ['b', 1]]);
});

test('WriterHost refuses two enabled destinations with the same id', () => {
  assert.throws(
    () => new WriterHost(deliveryOnly(), { logger: silentLogger(), reportError: () => undefined, registry: [memoryFactory(new MemorySink('x')), memoryFactory(new MemorySink('x'))] }),
    /share the id "x"/,
  );
});

test('drain waits for the expected number of PARSE batches (poller batches do not count), then flushes', async () => {
  const { host, a, clock } = setup();
  await host.start();
  host.accept(msg('a', 'parse', 'p1'));
  let result: unknown;
  const draining = host.drain({ parse: 3 }, 5000).then((r) => (result = r));
  host.accept(msg('a', 'poller', 'q1'));
  host.accept(msg('a', 'parse', 'p2'));
  await clock.advance(10);
  assert.equal(result, undefined, 'still waiting for the third parse batch');
  host.accept(msg('a', 'parse', 'p3'));
  await clock.advance(10);
  await draining;
  assert.deepEqual(result, { received: true, flushed: true });
  // Flushed before the 100 ms batching interval: drain does not wait for batches to come due.
  assert.deepEqual(a.lines().sort(), ['p1', 'p2', 'p3', 'q1']);
});

test('drain waits for every origin it is given: parse and tracker totals since start', async () => {
  const { host, a, clock } = setup();
  await host.start();
  host.accept(msg('a', 'tracker', 't1'));
  host.accept(msg('a', 'parse', 'p1'));
  let result: unknown;
  const draining = host.drain({ parse: 1, tracker: 2 }, 5000).then((r) => (result = r));
  await clock.advance(10);
  assert.equal(result, undefined, 'parse batches are all there, the second tracker batch is not');
  host.accept(msg('a', 'tracker', 't2'));
  await clock.advance(10);
  await draining;
  assert.deepEqual(result, { received: true, flushed: true });
  assert.deepEqual(a.lines().sort(), ['p1', 't1', 't2']);
});

test('drain reports received=false when the parse batches do not all arrive by the deadline, and still flushes', async () => {
  const { host, a, clock } = setup();
  await host.start();
  host.accept(msg('a', 'parse', 'p1'));
  let result: unknown;
  const draining = host.drain({ parse: 2 }, 500).then((r) => (result = r));
  await clock.advance(499);
  assert.equal(result, undefined);
  await clock.advance(2);
  await draining;
  assert.deepEqual(result, { received: false, flushed: true });
  assert.deepEqual(a.lines(), ['p1']);
});

test('drain reports flushed=false when a destination cannot finish within the same deadline', async () => {
  const { host, a, clock } = setup();
  await host.start();
  a.hold = true;
  host.accept(msg('a', 'parse', 'p1'));
  let result: unknown;
  const draining = host.drain({ parse: 1 }, 300).then((r) => (result = r));
  await clock.advance(301);
  await draining;
  assert.deepEqual(result, { received: true, flushed: false });
  a.release();
});

test('stop() ends pending drains, flushes, stops sinks; later batches are counted as after-stop and not delivered', async () => {
  const { host, a, b, clock } = setup();
  await host.start();
  host.accept(msg('a', 'parse', 'p1'));
  const draining = host.drain({ parse: 10 }, 60_000);
  const stopping = host.stop(1000);
  await clock.advance(0);
  await stopping;
  assert.deepEqual(await draining, { received: false, flushed: true });
  assert.deepEqual([a.stopped, b.stopped], [true, true]);
  assert.deepEqual(a.lines(), ['p1']);
  host.accept(msg('a', 'parse', 'late'));
  assert.equal(host.stats().afterStopBatches, 1);
  assert.equal(host.stats().receivedBatches.parse, 1);
  assert.deepEqual(a.lines(), ['p1']);
  assert.equal(host.stop(1000), stopping, 'stop is idempotent');
});
