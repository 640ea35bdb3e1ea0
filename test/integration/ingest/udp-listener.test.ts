// UdpListener on real loopback sockets: datagrams go through allow-list, size and rate checks into the ring.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket, type Socket } from 'node:dgram';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { formatIPv4 } from '../../../src/ingest/ipv4.js';
import type { UdpServerConfig } from '../../../src/ingest/listener-options.js';
import { SocketKind, readRingCounters, type RingCounters } from '../../../src/ingest/ring-layout.js';
import type { RingTask } from '../../../src/ingest/ring-slice.js';
import { RingWriter } from '../../../src/ingest/ring-writer.js';
import { SliceDispatcher } from '../../../src/ingest/slice-dispatcher.js';
import { UdpListener } from '../../../src/ingest/udp-listener.js';
import type { IPv4Resolver } from '../../../src/ingest/source-allow-list.js';
import { ERROR, WARN, captureLogger, type CapturedLine } from '../../unit/ingest/fixtures/capture-logger.js';
import { readSlice, type ReadRecord } from '../../unit/ingest/fixtures/ring-helpers.js';

interface Harness {
  listener: UdpListener;
  ring: RingWriter;
  dispatcher: SliceDispatcher;
  records: ReadRecord[];
  lines: CapturedLine[];
  port: number;
  counters: () => RingCounters;
  close: () => Promise<void>;
}

async function startListener(
  config: Partial<UdpServerConfig> = {},
  extra: { udpReceiveBufferBytes?: number; resolve?: IPv4Resolver; socket?: 'log' | 'user'; sourceRefreshMs?: number; rejectedLogMs?: number } = {},
): Promise<Harness> {
  const socket = extra.socket ?? 'log';
  const ring = RingWriter.create(1 << 20, socket === 'log' ? SocketKind.LOG : SocketKind.USER);
  const records: ReadRecord[] = [];
  // The parse pool stand-in copies the records out on the main thread.
  const run = async (task: RingTask): Promise<void> => void records.push(...readSlice(ring.sab, task.start, task.end));
  const dispatcher = new SliceDispatcher(ring, run, { sliceMaxDatagrams: 64, sliceMaxDelayMs: 2, maxSlicesInFlight: 4 });
  const { logger, lines } = captureLogger();
  const listener = new UdpListener({
    socket,
    udpServerConfig: { serverHost: '127.0.0.1', portLogEvents: 0, portUserActivityEvents: 0, ...config },
    udpReceiveBufferBytes: extra.udpReceiveBufferBytes ?? 0,
    dispatcher,
    logger,
    resolve: extra.resolve,
    sourceRefreshMs: extra.sourceRefreshMs,
    rejectedLogMs: extra.rejectedLogMs,
  });
  const address = await listener.start();
  assert.equal(address.address, '127.0.0.1');
  return {
    listener,
    ring,
    dispatcher,
    records,
    lines,
    port: address.port,
    counters: () => readRingCounters(ring.sab),
    close: async () => {
      await listener.close();
      await dispatcher.drain();
    },
  };
}

async function sender(address = '127.0.0.1'): Promise<Socket> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, address, resolve));
  return socket;
}

function send(socket: Socket, port: number, payload: Uint8Array | string): Promise<void> {
  return new Promise((resolve, reject) => socket.send(payload, port, '127.0.0.1', (err) => (err ? reject(err) : resolve())));
}

/** Polls the ring counters until `done` holds; fails after 3 s (loopback delivery is immediate). */
async function until(h: Harness, done: (c: RingCounters) => boolean, what: string): Promise<RingCounters> {
  const deadline = Date.now() + 3000;
  for (;;) {
    const c = h.counters();
    if (done(c)) return c;
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}: ${JSON.stringify(c)}`);
    await sleep(5);
  }
}

/** Waits until every datagram the listener received was either dropped or parsed. */
function settled(h: Harness, received: number): Promise<RingCounters> {
  return until(
    h,
    (c) => c.received === received && c.datagramsCompleted + c.droppedSize + c.droppedRateLimit + c.droppedRingFull === received,
    `${received} datagrams settled`,
  );
}

test('datagrams land in the ring with payload, sender address and port; counters follow', async () => {
  const h = await startListener();
  const s = await sender();
  try {
    const payloads = ['/qseow-engine/;first', '', 'x'.repeat(65507), 'ÅÄÖ;utf-8'];
    for (const p of payloads) await send(s, h.port, p);
    const c = await settled(h, payloads.length);
    assert.deepEqual(
      h.records.map((r) => Buffer.from(r.payload).toString('utf8')),
      payloads,
      'empty and 65507-byte datagrams included, in order',
    );
    const senderPort = s.address().port;
    for (const r of h.records) {
      assert.equal(formatIPv4(r.ipv4), '127.0.0.1');
      assert.equal(r.port, senderPort);
    }
    assert.ok(h.records.every((r, i) => i === 0 || r.timeUs > h.records[i - 1].timeUs));
    assert.equal(c.receivedBytes, payloads.reduce((n, p) => n + Buffer.byteLength(p), 0));
    assert.equal(c.droppedSource + c.droppedSize + c.droppedRateLimit + c.droppedRingFull, 0);
    assert.equal(h.lines.filter((l) => l.level >= WARN).length, 0);
  } finally {
    s.close();
    await h.close();
  }
});

test('size limit: larger datagrams are dropped and counted as received, one WARN for a burst', async () => {
  const h = await startListener({ maxMessageSize: 100 });
  const s = await sender();
  try {
    await send(s, h.port, 'a'.repeat(100));
    await send(s, h.port, 'b'.repeat(101));
    await send(s, h.port, 'c'.repeat(5000));
    await send(s, h.port, 'd');
    const c = await settled(h, 4);
    assert.equal(c.droppedSize, 2);
    assert.deepEqual(h.records.map((r) => r.payload.length), [100, 1]);
    const warns = h.lines.filter((l) => l.level === WARN);
    assert.equal(warns.length, 1);
    assert.match(warns[0].msg, /LOG EVENT: UDP message exceeds size limit: 101 bytes/);
  } finally {
    s.close();
    await h.close();
  }
});

test('size limit that is not a finite number means no limit', async () => {
  const h = await startListener({ maxMessageSize: Number.NaN });
  const s = await sender();
  try {
    await send(s, h.port, 'z'.repeat(65507));
    const c = await settled(h, 1);
    assert.equal(c.droppedSize, 0);
  } finally {
    s.close();
    await h.close();
  }
});

test('rate limit: a fixed window of maxMessagesPerMinute; the rest are dropped and counted', async () => {
  const h = await startListener({ rateLimit: { enable: true, maxMessagesPerMinute: 5 } });
  const s = await sender();
  try {
    for (let i = 0; i < 12; i++) await send(s, h.port, `m${i}`);
    const c = await settled(h, 12);
    assert.equal(c.droppedRateLimit, 7);
    assert.deepEqual(h.records.map((r) => Buffer.from(r.payload).toString()), ['m0', 'm1', 'm2', 'm3', 'm4']);
    assert.ok(h.listener.rateLimitCurrent() > 0);
  } finally {
    s.close();
    await h.close();
  }
});

test('allow-list with IPs: other senders are dropped before counting; one summary WARN per interval, not per datagram', async () => {
  const h = await startListener({ enableSourceValidation: true, allowedSources: ['127.0.0.2', ' 10.9.9.9 '] }, { rejectedLogMs: 300 });
  const allowed = await sender('127.0.0.2');
  const other = await sender('127.0.0.1');
  try {
    assert.equal(h.listener.sourceValidationActive, true);
    for (let i = 0; i < 3; i++) await send(other, h.port, `no${i}`);
    await send(allowed, h.port, 'yes');
    await until(h, (c) => c.droppedSource === 3 && c.datagramsCompleted === 1, 'source drops');
    const c = h.counters();
    assert.equal(c.received, 1, 'rejected senders are not part of received');
    assert.deepEqual(h.records.map((r) => formatIPv4(r.ipv4)), ['127.0.0.2']);
    await new Promise((r) => setTimeout(r, 400));
    const rejections = h.lines.filter((l) => l.level === WARN && /unauthorized/.test(l.msg));
    assert.equal(rejections.length, 1);
    assert.equal(rejections[0].msg, 'LOG EVENT: Rejected 3 message(s) from 1 unauthorized source(s) (not in allowedSources).');
    assert.deepEqual((rejections[0] as unknown as { busiest: unknown }).busiest, [{ source: `127.0.0.1:${other.address().port}`, count: 3 }]);
  } finally {
    allowed.close();
    other.close();
    await h.close();
  }
});

test('allow-list with host names: resolved at start; an unresolvable name is an error, the rest apply', async () => {
  const resolve: IPv4Resolver = async (name) => {
    if (name === 'qlik-node.example') return ['127.0.0.3'];
    throw new Error(`getaddrinfo ENOTFOUND ${name}`);
  };
  const h = await startListener({ enableSourceValidation: true, allowedSources: ['qlik-node.example', 'gone.example'] }, { resolve });
  const allowed = await sender('127.0.0.3');
  const other = await sender('127.0.0.1');
  try {
    assert.ok(h.lines.some((l) => l.level === ERROR && /Cannot resolve hostname or invalid IPv4: "gone\.example"/.test(l.msg)));
    await send(other, h.port, 'no');
    await send(allowed, h.port, 'yes');
    await until(h, (c) => c.droppedSource === 1 && c.datagramsCompleted === 1, 'one accepted, one rejected');
    assert.equal(formatIPv4(h.records[0].ipv4), '127.0.0.3');
  } finally {
    allowed.close();
    other.close();
    await h.close();
  }
});

test('allow-list with "localhost" uses the system resolver (hosts file)', async () => {
  const h = await startListener({ enableSourceValidation: true, allowedSources: ['localhost'] });
  const s = await sender('127.0.0.1');
  try {
    assert.equal(h.listener.sourceValidationActive, true);
    await send(s, h.port, 'hello');
    await until(h, (c) => c.datagramsCompleted === 1, 'accepted');
  } finally {
    s.close();
    await h.close();
  }
});

test('validation on with an empty or unresolvable allow-list fails safe: every sender is rejected, with an ERROR', async () => {
  for (const allowedSources of [[], null, ['not an ip!']]) {
    const h = await startListener({ enableSourceValidation: true, allowedSources }, { resolve: async () => [] });
    const s = await sender('127.0.0.1');
    try {
      assert.equal(h.listener.sourceValidationActive, true);
      assert.ok(h.lines.some((l) => l.level === ERROR && /every sender is rejected/.test(l.msg)), JSON.stringify(allowedSources));
      await send(s, h.port, 'spoofed?');
      await until(h, (c) => c.droppedSource === 1, 'rejected');
      assert.equal(h.counters().received, 0);
    } finally {
      s.close();
      await h.close();
    }
  }
});

test('host names are resolved again: a node that appears later is allowed without a restart', async () => {
  let answer: string[] = [];
  const h = await startListener({ enableSourceValidation: true, allowedSources: ['late-node.example'] }, { resolve: async () => answer, sourceRefreshMs: 100 });
  const s = await sender('127.0.0.4');
  try {
    await send(s, h.port, 'early');
    await until(h, (c) => c.droppedSource === 1, 'rejected before the name resolves');
    answer = ['127.0.0.4'];
    await new Promise((r) => setTimeout(r, 300));
    await send(s, h.port, 'later');
    await until(h, (c) => c.datagramsCompleted === 1, 'accepted once the name resolves');
    assert.ok(h.lines.some((l) => /allowed sources changed/.test(l.msg)));
  } finally {
    s.close();
    await h.close();
  }
});

const bufferLines = (lines: CapturedLine[]) => lines.filter((l) => /UDP receive buffer/.test(l.msg));

test('SO_RCVBUF: the requested size is applied; a request above rmem_max is capped with one WARN in usable bytes', async () => {
  const h = await startListener({}, { udpReceiveBufferBytes: 96 * 1024 });
  try {
    // Linux reports double the requested size (kernel bookkeeping).
    const expected = process.platform === 'linux' ? 2 * 96 * 1024 : 96 * 1024;
    assert.equal(h.listener.receiveBufferBytes, expected);
    assert.equal(h.lines.filter((l) => l.level === WARN).length, 0);
    // One line, and it states the usable size the admin asked for, not the doubled figure the OS reports.
    assert.deepEqual(bufferLines(h.lines).map((l) => l.msg), [`LOG EVENT: UDP receive buffer is ${96 * 1024} bytes.`]);
  } finally {
    await h.close();
  }
  if (process.platform !== 'linux') return;
  const rmemMax = Number(readFileSync('/proc/sys/net/core/rmem_max', 'utf8'));
  const big = await startListener({}, { udpReceiveBufferBytes: rmemMax + 1024 * 1024 });
  try {
    assert.equal(big.listener.receiveBufferBytes, 2 * rmemMax);
    const lines = bufferLines(big.lines);
    assert.equal(lines.length, 1, JSON.stringify(lines));
    assert.equal(lines[0].level, WARN);
    assert.equal(
      lines[0].msg,
      `LOG EVENT: UDP receive buffer is ${rmemMax} bytes, not the ${rmemMax + 1024 * 1024} of ingest.udpReceiveBufferBytes: the OS caps it (raise net.core.rmem_max on Linux).`,
    );
  } finally {
    await big.close();
  }
});

test('user-event socket: binds portUserActivityEvents and labels its logs', async () => {
  const h = await startListener({ portLogEvents: 1 }, { socket: 'user' });
  try {
    assert.ok(h.lines.some((l) => /^USER EVENT: UDP server listening on 127\.0\.0\.1:/.test(l.msg)));
    const s = await sender();
    await send(s, h.port, 'user');
    await until(h, (c) => c.datagramsCompleted === 1, 'user datagram');
    s.close();
  } finally {
    await h.close();
  }
});

test('close: stops receiving, idempotent, address() is null afterwards; start twice is refused', async () => {
  const h = await startListener();
  await assert.rejects(() => h.listener.start(), /already started/);
  const port = h.port;
  await Promise.all([h.listener.close(), h.listener.close()]);
  assert.equal(h.listener.address(), null);
  // The port is free again: a new socket can bind it.
  const again = await sender();
  const probe = createSocket('udp4');
  await new Promise<void>((resolve, reject) => {
    probe.once('error', reject);
    probe.bind(port, '127.0.0.1', resolve);
  });
  probe.close();
  again.close();
  await h.dispatcher.drain();
});

test('a port in use: start fails with one line that names the port key, host and port', async () => {
  const h = await startListener();
  try {
    const ring = RingWriter.create(4096, SocketKind.LOG);
    const dispatcher = new SliceDispatcher(ring, async () => {}, { sliceMaxDatagrams: 1, sliceMaxDelayMs: 1, maxSlicesInFlight: 1 });
    const { logger } = captureLogger();
    const second = new UdpListener({
      socket: 'log',
      udpServerConfig: { serverHost: '127.0.0.1', portLogEvents: h.port },
      udpReceiveBufferBytes: 0,
      dispatcher,
      logger,
    });
    await assert.rejects(() => second.start(), {
      message: `logEvents.udpServerConfig.portLogEvents: UDP port ${h.port} on 127.0.0.1 is already in use (another Butler SOS or program listens there).`,
    });
    assert.equal(second.address(), null);
    await second.close();
  } finally {
    await h.close();
  }
});
