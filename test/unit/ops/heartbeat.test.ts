// Heartbeat against a local HTTP server on loopback; the schedule runs on a fake clock, the requests are real.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Heartbeat, heartbeatUrlForLog } from '../../../src/ops/heartbeat.js';
import { freePort } from '../../support/free-port.js';
import { FakeClock } from '../destinations/fake-clock.js';
import { captureLogger, LEVEL } from './helpers.js';

interface Receiver {
  server: Server;
  base: string;
  calls: Array<{ method: string; url: string; headers: IncomingMessage['headers'] }>;
  status: number;
  hang: boolean;
  close(): Promise<void>;
}

async function receiver(): Promise<Receiver> {
  const r = { calls: [], status: 200, hang: false } as unknown as Receiver;
  r.server = createServer((req, res) => {
    r.calls.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    if (r.hang) return; // never answers
    res.writeHead(r.status, { 'content-type': 'text/plain' }).end('OK');
  });
  await new Promise<void>((resolve) => r.server.listen(0, '127.0.0.1', resolve));
  r.base = `http://127.0.0.1:${(r.server.address() as AddressInfo).port}`;
  r.close = () => new Promise<void>((resolve) => {
    r.server.closeAllConnections();
    r.server.close(() => resolve());
  });
  return r;
}

async function until(check: () => boolean, what: string, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const T0 = Date.parse('2025-01-01T10:07:00.000Z');
const config = (url: string, frequency = 'every 1 hour') => ({ heartbeat: { enable: true, remoteURL: url, frequency } });

test('GET remoteURL at start and at every occurrence; the secret path never appears in logs', async () => {
  const r = await receiver();
  const clock = new FakeClock(T0);
  const { logger, lines } = captureLogger();
  const hb = new Heartbeat(config(`${r.base}/ping/2f9c-secret-uuid?x=1`), { logger, clock });
  try {
    hb.start();
    await until(() => hb.stats().sent === 1, 'the immediate ping');
    assert.deepEqual(r.calls.map((c) => [c.method, c.url]), [['GET', '/ping/2f9c-secret-uuid?x=1']]);
    await clock.advance(53 * 60_000); // 11:00
    await until(() => hb.stats().sent === 2, 'the 11:00 ping');
    await clock.advance(30 * 60_000); // no occurrence until 12:00
    await new Promise((res) => setTimeout(res, 50));
    assert.equal(r.calls.length, 2);
    await clock.advance(30 * 60_000); // 12:00
    await until(() => hb.stats().sent === 3, 'the 12:00 ping');
    assert.equal(hb.stats().failed, 0);
    const all = lines.map((l) => JSON.stringify(l)).join('\n');
    assert.doesNotMatch(all, /2f9c-secret-uuid/);
    assert.match(all, new RegExp(`HEARTBEAT: calling ${r.base.replace(/\./g, '\\.')}/… now and then \\\\"every 1 hour\\\\"`));
  } finally {
    await hb.stop();
    await r.close();
  }
});

test('an HTTP error status and an unreachable receiver are logged at error and counted; the schedule goes on', async () => {
  const r = await receiver();
  r.status = 503;
  const clock = new FakeClock(T0);
  const { logger, lines } = captureLogger();
  const hb = new Heartbeat(config(`${r.base}/hc`, 'every 1 minute'), { logger, clock });
  try {
    hb.start();
    await until(() => hb.stats().failed === 1, 'the failed first ping');
    assert.equal(hb.stats().lastStatus, 503);
    const errors = lines.filter((l) => l.level === LEVEL.error).map((l) => l.msg);
    assert.deepEqual(errors, [`HEARTBEAT: calling ${r.base}/… failed: HTTP 503`]);
    r.status = 200;
    await clock.advance(60_000);
    await until(() => hb.stats().sent === 1, 'recovery');
  } finally {
    await hb.stop();
    await r.close();
  }
  const port = await freePort();
  const { logger: l2, lines: lines2 } = captureLogger();
  const down = new Heartbeat(config(`http://127.0.0.1:${port}/hc`), { logger: l2, clock: new FakeClock(T0) });
  down.start();
  await until(() => down.stats().failed === 1, 'connection refused');
  await down.stop();
  assert.match(lines2.find((l) => l.level === LEVEL.error)!.msg, /HEARTBEAT: calling http:\/\/127\.0\.0\.1:\d+\/… failed: .*ECONNREFUSED|connect/i);
});

test('a receiver that never answers: the call times out, the next occurrence is skipped while it hangs, stop() aborts at once', async () => {
  const r = await receiver();
  r.hang = true;
  const clock = new FakeClock(T0);
  const { logger } = captureLogger();
  const hb = new Heartbeat(config(`${r.base}/slow`, 'every 1 minute'), { logger, clock, timeoutMs: 300 });
  try {
    hb.start();
    await until(() => r.calls.length === 1, 'the first call to arrive');
    await clock.advance(60_000);
    assert.equal(hb.stats().skipped, 1, 'the 10:08 occurrence found the first call still running');
    await until(() => hb.stats().failed === 1, 'the timeout');
    assert.match(hb.stats().lastError ?? '', /timeout|abort/i);
    await clock.advance(60_000);
    await until(() => r.calls.length === 2, 'the 10:09 call');
    const started = Date.now();
    await hb.stop();
    assert.ok(Date.now() - started < 250, 'stop does not wait for the hanging call');
    assert.equal(hb.stats().failed, 1, 'an abort by stop() is not a failure');
  } finally {
    await r.close();
  }
});

test('bad remoteURL or frequency: errors name the key', () => {
  const { logger } = captureLogger();
  assert.throws(() => new Heartbeat(config('not a url'), { logger }), /heartbeat\.remoteURL: "not a url" is not an absolute URL/);
  assert.throws(() => new Heartbeat(config('ftp://x/y'), { logger }), /heartbeat\.remoteURL: only http and https/);
  assert.throws(() => new Heartbeat(config('http://x/y', 'every blue moon'), { logger }), /heartbeat\.frequency: "every blue moon" is not a later\.js text schedule/);
  assert.equal(heartbeatUrlForLog(new URL('https://hc-ping.com/abc-123')), 'https://hc-ping.com/…');
});
