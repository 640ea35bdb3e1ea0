import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { SocketKind, readRingCounters } from '../../../src/ingest/ring-layout.js';
import type { RingTask } from '../../../src/ingest/ring-slice.js';
import { RingWriter } from '../../../src/ingest/ring-writer.js';
import { SliceDispatcher, type SliceDispatchOptions } from '../../../src/ingest/slice-dispatcher.js';
import { ERROR, WARN, captureLogger } from './fixtures/capture-logger.js';
import { checkedSeqs } from './fixtures/ring-helpers.js';
import { makePayload } from './fixtures/test-payloads.js';

interface Call {
  task: RingTask;
  seqs: number[];
  resolve: () => void;
  reject: (err: Error) => void;
}

/** A parse pool stand-in whose tasks finish only when the test says so. */
function manualPool(ring: RingWriter): { calls: Call[]; run: (task: RingTask) => Promise<unknown>; running: () => number } {
  const calls: Call[] = [];
  let running = 0;
  const run = (task: RingTask): Promise<unknown> =>
    new Promise<void>((resolve, reject) => {
      running++;
      // Read the slice at dispatch time, as a worker would: proves the bytes are intact when handed out.
      const seqs = checkedSeqs(ring.sab, task);
      calls.push({
        task,
        seqs,
        resolve: () => {
          running--;
          resolve();
        },
        reject: (err) => {
          running--;
          reject(err);
        },
      });
    });
  return { calls, run, running: () => running };
}

const OPTIONS: SliceDispatchOptions = { sliceMaxDatagrams: 4, sliceMaxDelayMs: 1000, maxSlicesInFlight: 2 };

function setup(options: Partial<SliceDispatchOptions> = {}, ringBytes = 64 * 1024) {
  const ring = RingWriter.create(ringBytes, SocketKind.LOG);
  const pool = manualPool(ring);
  const { logger, lines } = captureLogger();
  const dispatcher = new SliceDispatcher(ring, pool.run, { ...OPTIONS, ...options }, logger);
  let seq = 0;
  const send = (n: number, size = 50): void => {
    for (let i = 0; i < n; i++, seq++) assert.equal(dispatcher.write(makePayload(seq, size), seq, 1), true);
  };
  return { ring, pool, dispatcher, send, lines, counters: () => readRingCounters(ring.sab) };
}

/** Polls until `done()` or fails after `ms`: timer-driven behaviour, bounded in time. */
async function until(done: () => boolean, ms = 2000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!done()) {
    if (Date.now() > deadline) assert.fail('condition not reached in time');
    await sleep(2);
  }
}

test('constructor rejects non-positive or fractional settings, naming the key', () => {
  const ring = RingWriter.create(4096, SocketKind.LOG);
  const run = async (): Promise<void> => {};
  assert.throws(() => new SliceDispatcher(ring, run, { ...OPTIONS, sliceMaxDatagrams: 0 }), /`sliceMaxDatagrams` must be a positive integer/);
  assert.throws(() => new SliceDispatcher(ring, run, { ...OPTIONS, sliceMaxDelayMs: 1.5 }), /`sliceMaxDelayMs`/);
  assert.throws(() => new SliceDispatcher(ring, run, { ...OPTIONS, maxSlicesInFlight: -1 }), /`maxSlicesInFlight`/);
  assert.throws(() => new SliceDispatcher(ring, run, { ...OPTIONS, maxRetries: -1 }), /`maxRetries`/);
});

test('slices close by count and are dispatched with the slice bounds', async () => {
  const { pool, dispatcher, send, counters } = setup();
  send(10);
  assert.equal(pool.calls.length, 2);
  assert.deepEqual(pool.calls.map((c) => c.seqs), [
    [0, 1, 2, 3],
    [4, 5, 6, 7],
  ]);
  assert.equal(pool.calls[0].task.ring, SocketKind.LOG);
  assert.equal(pool.calls[0].task.count, 4);
  assert.equal(pool.calls[1].task.start, pool.calls[0].task.end);
  assert.equal(dispatcher.stats().openDatagrams, 2);
  assert.equal(counters().slicesDispatched, 2);
  for (const c of pool.calls) c.resolve();
  await sleep(0);
  const draining = dispatcher.drain();
  assert.deepEqual(pool.calls.map((c) => c.seqs.length), [4, 4, 2], 'drain closed the open slice');
  pool.calls[2].resolve();
  await draining;
});

test('a partly filled slice closes by timer after sliceMaxDelayMs', async () => {
  const { pool, dispatcher, send } = setup({ sliceMaxDelayMs: 30 });
  const started = Date.now();
  send(3);
  assert.equal(pool.calls.length, 0, 'nothing dispatched before the delay');
  await until(() => pool.calls.length === 1);
  const elapsed = Date.now() - started;
  assert.ok(elapsed >= 25, `closed after ${elapsed} ms`);
  assert.deepEqual(pool.calls[0].seqs, [0, 1, 2]);
  // The timer restarts for the next slice's first record.
  send(1);
  await until(() => pool.calls.length === 2);
  assert.deepEqual(pool.calls[1].seqs, [3]);
  pool.calls.forEach((c) => c.resolve());
  await dispatcher.drain();
});

test('no more than maxSlicesInFlight tasks run at once; the rest wait in order', async () => {
  const { pool, dispatcher, send } = setup({ maxSlicesInFlight: 3 });
  send(4 * 10);
  assert.equal(pool.running(), 3);
  assert.equal(dispatcher.stats().queuedSlices, 7);
  assert.equal(dispatcher.stats().inFlight, 3);
  let peak = 0;
  while (pool.calls.some((c) => c !== undefined)) {
    peak = Math.max(peak, pool.running());
    const next = pool.calls.findIndex((c) => c !== undefined);
    if (next < 0) break;
    const call = pool.calls[next];
    delete (pool.calls as Array<Call | undefined>)[next];
    call.resolve();
    await sleep(0);
  }
  assert.ok(peak <= 3);
  assert.equal(dispatcher.stats().queuedSlices, 0);
  await dispatcher.drain();
});

test('out-of-order completion: the read offset only advances over finished slices, in order', async () => {
  const { ring, pool, dispatcher, send, counters } = setup({ maxSlicesInFlight: 4 });
  send(16);
  const [a, b, c, d] = pool.calls;
  const startOffset = counters().readOffset;
  d.resolve();
  b.resolve();
  await sleep(0);
  assert.equal(counters().readOffset, startOffset, 'the oldest slice is still running');
  assert.equal(counters().slicesCompleted, 2);
  a.resolve();
  await sleep(0);
  assert.equal(counters().readOffset, b.task.end, 'a and b released; c still holds its bytes');
  assert.equal(ring.unreleasedSlices, 2);
  c.resolve();
  await sleep(0);
  assert.equal(counters().readOffset, d.task.end);
  assert.equal(ring.bytesUsed, 0);
  assert.equal(counters().datagramsCompleted, 16);
  await dispatcher.drain();
});

test('a rejected slice is retried up to maxRetries, then counted lost; later slices complete', async () => {
  const { pool, dispatcher, send, counters, lines } = setup({ maxRetries: 2, maxSlicesInFlight: 2 });
  send(12);
  const [first, second] = pool.calls;
  first.reject(new Error('worker exited with code 3'));
  await sleep(0);
  // The retry goes ahead of the waiting third slice: the oldest slice holds the read offset.
  assert.equal(pool.calls.length, 3);
  const retry1 = pool.calls[2];
  assert.deepEqual(retry1.task, first.task);
  assert.deepEqual(retry1.seqs, [0, 1, 2, 3]);
  retry1.reject(new Error('again'));
  await sleep(0);
  const retry2 = pool.calls[3];
  assert.deepEqual(retry2.task, first.task);
  second.resolve();
  retry2.reject(new Error('and again'));
  await sleep(0);
  // Given up: the third slice runs and the ring moves on.
  const third = pool.calls.find((c) => c.seqs[0] === 8);
  assert.ok(third, 'the third slice was dispatched');
  assert.equal(pool.calls.length, 5);
  third.resolve();
  await dispatcher.drain();
  const c = counters();
  assert.equal(c.slicesDispatched, 3);
  assert.equal(c.sliceRetries, 2);
  assert.equal(c.workerCrashes, 3);
  assert.equal(c.datagramsLost, 4);
  assert.equal(c.slicesCompleted, 2);
  assert.equal(c.datagramsCompleted, 8);
  assert.equal(c.bytesUsed, 0);
  assert.equal(c.readOffset, c.writeOffset);
  // The first retry is logged at WARN, further retries in the same 10 s are counted, not logged; the loss is an ERROR.
  assert.equal(lines.filter((l) => l.level === WARN && /retrying/.test(l.msg)).length, 1);
  assert.equal(lines.filter((l) => l.level === ERROR && /lost/.test(l.msg)).length, 1);
  assert.equal(lines.filter((l) => l.level >= WARN).length, 2);
});

test('repeated losses within 10 s log one ERROR, not one per slice', async () => {
  const { pool, dispatcher, send, lines } = setup({ maxRetries: 0 });
  send(12);
  pool.calls[0].reject(new Error('boom'));
  pool.calls[1].reject(new Error('boom'));
  await sleep(0);
  pool.calls[2].reject(new Error('boom'));
  await dispatcher.drain();
  const errors = lines.filter((l) => l.level === ERROR);
  assert.equal(errors.length, 1);
  assert.equal((errors[0] as unknown as { datagrams: number }).datagrams, 4);
  assert.equal(lines.filter((l) => l.level === WARN).length, 0, 'maxRetries 0: no retry warnings');
});

test('a runner that throws synchronously counts as a rejected task', async () => {
  const ring = RingWriter.create(4096, SocketKind.LOG);
  let calls = 0;
  const dispatcher = new SliceDispatcher(
    ring,
    () => {
      calls++;
      throw new Error('pool is closed');
    },
    { ...OPTIONS, maxRetries: 1 },
  );
  for (let i = 0; i < 4; i++) dispatcher.write(makePayload(i, 10), i, 1);
  await dispatcher.drain();
  assert.equal(calls, 2);
  const c = readRingCounters(ring.sab);
  assert.equal(c.datagramsLost, 4);
  assert.equal(c.bytesUsed, 0);
});

test('drain closes the open slice, resolves once everything finished, and at once when idle', async () => {
  const { pool, dispatcher, send, counters } = setup({ maxSlicesInFlight: 1 });
  await dispatcher.drain();
  send(6);
  let drained = false;
  const draining = dispatcher.drain().then(() => {
    drained = true;
  });
  assert.equal(pool.calls.length, 1);
  assert.equal(dispatcher.stats().queuedSlices, 1, 'the open slice was closed and queued');
  pool.calls[0].resolve();
  await sleep(0);
  assert.equal(drained, false);
  await until(() => pool.calls.length === 2);
  pool.calls[1].resolve();
  await draining;
  assert.equal(counters().datagramsCompleted, 6);
  assert.equal(dispatcher.stats().inFlight, 0);
});

test('a full ring drops and counts while slices are stuck in the pool, and recovers after they finish', async () => {
  const { pool, dispatcher, counters } = setup({ sliceMaxDatagrams: 8 }, 2048);
  let accepted = 0;
  for (let seq = 0; seq < 100; seq++) if (dispatcher.write(makePayload(seq, 100), seq, 1)) accepted++;
  const c = counters();
  assert.equal(c.droppedRingFull, 100 - accepted);
  assert.ok(accepted > 0 && accepted < 100);
  for (const call of pool.calls) call.resolve();
  await until(() => {
    for (const call of pool.calls) call.resolve();
    return dispatcher.stats().inFlight === 0 && dispatcher.stats().queuedSlices === 0;
  });
  assert.equal(dispatcher.write(makePayload(500, 100), 500, 1), true);
  const done = dispatcher.drain();
  await until(() => {
    for (const call of pool.calls) call.resolve();
    return counters().datagramsCompleted === accepted + 1;
  });
  await done;
  const seqs = pool.calls.flatMap((call) => call.seqs);
  assert.equal(seqs.length, accepted + 1);
  assert.deepEqual(seqs.slice(0, accepted), Array.from({ length: accepted }, (_, i) => i));
});

test('drain with a timeout resolves false while a task hangs, true once everything finished', async () => {
  const { pool, dispatcher, send } = setup();
  send(4);
  assert.equal(await dispatcher.drain(20), false, 'the task is still running');
  pool.calls[0].resolve();
  assert.equal(await dispatcher.drain(1000), true);
  assert.equal(await dispatcher.drain(0), true, 'idle: true at once');
});
