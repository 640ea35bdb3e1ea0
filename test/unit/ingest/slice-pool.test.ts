// The ring, dispatcher and a real Piscina pool together: workers read slices out of the shared ring while the
// main thread keeps writing, wrapping and filling a small ring. The worker (fixtures/slice-worker.ts) checks
// every byte twice with a delay in between, so a slice whose bytes were reused while in flight fails loudly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { Piscina } from 'piscina';
import { SocketKind, readRingCounters } from '../../../src/ingest/ring-layout.js';
import type { RingTask } from '../../../src/ingest/ring-slice.js';
import { RingWriter } from '../../../src/ingest/ring-writer.js';
import { SliceDispatcher } from '../../../src/ingest/slice-dispatcher.js';
import { captureLogger } from './fixtures/capture-logger.js';
import { readSlice } from './fixtures/ring-helpers.js';
import type { SliceWorkerData, SliceWorkerResult } from './fixtures/slice-worker.js';
import { makePayload, seededRandom } from './fixtures/test-payloads.js';

const WORKER = new URL('./fixtures/slice-worker.js', import.meta.url).href;
const encoder = new TextEncoder();

interface Harness {
  ring: RingWriter;
  dispatcher: SliceDispatcher;
  pool: Piscina<RingTask, SliceWorkerResult>;
  completed: number[];
  /** Sequence numbers of every attempt that failed, per attempt. */
  failedAttempts: number[][];
}

function harness(ringBytes: number, maxDelayMs: number, maxRetries = 2): Harness {
  const ring = RingWriter.create(ringBytes, SocketKind.LOG);
  const workerData: SliceWorkerData = {
    rings: { [ring.id]: ring.sab },
    crashOnce: new Int32Array(new SharedArrayBuffer(4)),
    maxDelayMs,
  };
  const pool = new Piscina<RingTask, SliceWorkerResult>({ filename: WORKER, minThreads: 2, maxThreads: 2, workerData });
  const completed: number[] = [];
  const failedAttempts: number[][] = [];
  const run = (task: RingTask): Promise<unknown> => {
    // Read on the main thread at dispatch (bytes are still held): which datagrams a failed attempt carried.
    const seqs = readSlice(ring.sab, task.start, task.end).map((r) => r.ipv4);
    return pool.run(task).then(
      (result) => {
        assert.equal(result.corruptAt, -1);
        completed.push(...result.seqs);
      },
      (err: unknown) => {
        failedAttempts.push(seqs);
        throw err;
      },
    );
  };
  const { logger } = captureLogger();
  const dispatcher = new SliceDispatcher(ring, run, { sliceMaxDatagrams: 16, sliceMaxDelayMs: 2, maxSlicesInFlight: 4, maxRetries }, logger);
  return { ring, dispatcher, pool, completed, failedAttempts };
}

/**
 * Writes `count` datagrams of random size (some replaced by `special` payloads), yielding to the event loop
 * every few so completions come back; bounded by count and by 20 s. Returns the accepted sequence numbers.
 */
async function produce(
  h: Harness,
  count: number,
  seed: number,
  pauseEvery: number,
  special: Map<number, string> = new Map(),
  firstSeq = 0,
): Promise<number[]> {
  // Start both worker threads first (empty tasks), so the run measures the ring, not thread start-up.
  await Promise.all([0, 1].map(() => h.pool.run({ ring: h.ring.id, start: 0, end: 0, count: 0 })));
  const random = seededRandom(seed);
  const accepted: number[] = [];
  const deadline = Date.now() + 20_000;
  for (let seq = firstSeq; seq < firstSeq + count; seq++) {
    const text = special.get(seq);
    const payload = text !== undefined ? encoder.encode(text) : makePayload(seq, Math.floor(random() * (random() < 0.02 ? 3000 : 400)));
    if (h.dispatcher.write(payload, seq, 9996)) accepted.push(seq);
    if (seq % pauseEvery === 0) await sleep(1);
    assert.ok(Date.now() < deadline, 'producer ran out of time');
  }
  await h.dispatcher.drain();
  return accepted;
}

test('real pool: many wraps, full-ring drops and out-of-order completion lose and corrupt nothing', async () => {
  const h = harness(16 * 1024, 3);
  try {
    const accepted = await produce(h, 20_000, 11, 40);
    const c = readRingCounters(h.ring.sab);
    assert.equal(c.workerCrashes, 0, 'no worker saw a corrupt or reused slice');
    assert.deepEqual(h.failedAttempts, []);
    assert.deepEqual([...h.completed].sort((a, b) => a - b), accepted, 'every accepted datagram parsed exactly once');
    assert.equal(c.datagramsCompleted, accepted.length);
    assert.equal(c.droppedRingFull, 20_000 - accepted.length);
    assert.ok(c.droppedRingFull > 0, 'the small ring filled up at times');
    assert.ok(c.slicesCompleted > 100);
    assert.equal(c.bytesUsed, 0);
    assert.equal(c.readOffset, c.writeOffset);
    // Out of order happened: completion order differs from write order somewhere.
    assert.ok(h.completed.some((seq, i) => i > 0 && seq < h.completed[i - 1]), 'slices finished out of order');
  } finally {
    await h.pool.destroy();
  }
});

for (const [magic, what] of [
  ['POISON', 'dies (process.exit)'],
  ['THROW', 'throws'],
] as const) {
  test(`real pool: a worker that ${what} on a poison datagram: retried, then lost; the ring keeps going`, async () => {
    const h = harness(64 * 1024, 1, 2);
    try {
      const accepted = await produce(h, 2000, 12, 10, new Map([[500, magic]]));
      const c = readRingCounters(h.ring.sab);
      assert.ok(accepted.includes(500), 'the poison datagram went into the ring');
      assert.equal(h.failedAttempts.length, 3, 'first attempt and 2 retries');
      const lost = h.failedAttempts[0];
      assert.ok(lost.includes(500));
      for (const attempt of h.failedAttempts) assert.deepEqual(attempt, lost, 'retries carry the same slice');
      assert.equal(c.workerCrashes, 3);
      assert.equal(c.sliceRetries, 2);
      assert.equal(c.datagramsLost, lost.length);
      const expected = accepted.filter((seq) => !lost.includes(seq));
      assert.deepEqual([...h.completed].sort((a, b) => a - b), expected);
      assert.equal(c.bytesUsed, 0);
      // The ring did not stall: a later batch goes through in full.
      const later = await produce(h, 200, 14, 10, new Map(), 10_000);
      assert.equal(later.length, 200);
      assert.deepEqual(h.completed.filter((seq) => seq >= 10_000).sort((a, b) => a - b), later);
    } finally {
      await h.pool.destroy();
    }
  });
}

test('real pool: a worker that dies once mid-slice: the retry succeeds and nothing is lost', async () => {
  const h = harness(64 * 1024, 1, 2);
  try {
    const accepted = await produce(h, 1000, 13, 10, new Map([[300, 'CRASH-ONCE']]));
    assert.ok(accepted.includes(300));
    const c = readRingCounters(h.ring.sab);
    assert.equal(c.workerCrashes, 1);
    assert.equal(c.sliceRetries, 1);
    assert.equal(c.datagramsLost, 0);
    assert.deepEqual([...h.completed].sort((a, b) => a - b), accepted);
  } finally {
    await h.pool.destroy();
  }
});
