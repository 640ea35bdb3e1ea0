// A whole ingest path on loopback: UDP socket → ring → slices → a real Piscina pool → back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { setTimeout as sleep } from 'node:timers/promises';
import { Piscina } from 'piscina';
import { IngestSocket, readRingCounters, type RingTask } from '../../../src/ingest/index.js';
import { captureLogger } from '../../unit/ingest/fixtures/capture-logger.js';
import type { EchoResult, EchoWorkerData } from './fixtures/echo-worker.js';

const WORKER = new URL('./fixtures/echo-worker.js', import.meta.url).href;

test('IngestSocket with a real pool: every datagram parsed once, in per-slice order; crash retried; stop drains', async () => {
  const results: EchoResult[] = [];
  let pool: Piscina<RingTask, EchoResult> | null = null;
  const { logger } = captureLogger();
  const socket = new IngestSocket({
    socket: 'user',
    udpServerConfig: { serverHost: '127.0.0.1', portUserActivityEvents: 0 },
    tuning: { ringBytes: 256 * 1024, udpReceiveBufferBytes: 1024 * 1024, sliceMaxDatagrams: 32, sliceMaxDelayMs: 2, maxSlicesInFlight: 4 },
    run: (task) => pool!.run(task).then((r) => void results.push(r)),
    logger,
  });
  const workerData: EchoWorkerData = { rings: { [socket.ringId]: socket.sab } };
  pool = new Piscina<RingTask, EchoResult>({ filename: WORKER, minThreads: 2, maxThreads: 2, workerData });
  const sender = createSocket('udp4');
  try {
    const { port } = await socket.start();
    const total = 3000;
    const deadline = Date.now() + 15_000;
    for (let i = 0; i < total; i++) {
      sender.send(i === 1234 ? 'CRASH' : `event-${i}`, port, '127.0.0.1');
      // Paced so the kernel receive buffer never overflows: this test is about what happens after the socket.
      if (i % 50 === 49) await sleep(2);
      assert.ok(Date.now() < deadline);
    }
    const c0 = await (async () => {
      for (;;) {
        const c = readRingCounters(socket.sab);
        if (c.received === total || Date.now() > deadline) return c;
        await sleep(5);
      }
    })();
    assert.equal(c0.received, total, 'loopback delivered every datagram');
    await socket.stop();
    const c = readRingCounters(socket.sab);
    assert.equal(c.workerCrashes, 3, 'the CRASH datagram killed its worker on every attempt');
    const texts = results.flatMap((r) => r.texts);
    assert.equal(texts.length + c.datagramsLost, total);
    assert.ok(c.datagramsLost >= 1 && c.datagramsLost <= 32);
    assert.equal(new Set(texts).size, texts.length, 'no datagram parsed twice');
    assert.ok(texts.includes(`event-${total - 1}`), 'the ring kept going after the lost slice');
    for (const r of results) {
      assert.equal(r.corruptAt, -1);
      for (let i = 1; i < r.timesUs.length; i++) assert.ok(r.timesUs[i] > r.timesUs[i - 1]);
    }
    assert.equal(c.bytesUsed, 0, 'stop() drained the ring');
    assert.equal(socket.listener.address(), null);
  } finally {
    sender.close();
    await pool.destroy();
  }
});
