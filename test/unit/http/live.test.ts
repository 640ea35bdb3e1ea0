import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LiveHub } from '../../../src/http/live/live-hub.js';
import { LiveView } from '../../../src/http/live/live-view.js';
import { Rates } from '../../../src/http/live/rates.js';
import type { WsPeer } from '../../../src/http/websocket.js';
import { LiveSampler } from '../../../src/live/sampler.js';
import type { LiveEventsMessage } from '../../../src/live/messages.js';
import type { LogEvent, UserEvent } from '../../../src/events/types.js';
import { silentLogger } from '../../../src/log/logger.js';

const logEvent = (message: string): LogEvent =>
  ({ source: 'qseow-proxy', level: 'WARN', host: 'sense1', subsystem: 'Proxy', message, category: [{ name: 'qs_log_category', value: 'x' }] }) as unknown as LogEvent;
const userEvent = { host: 'sense1', command: 'Start session', user_full: 'LAB\\ann', origin: 'AppAccess', appName: 'Sales' } as unknown as UserEvent;

test('sampler: copies nothing without demand; with demand at most N events a second, the rest counted as skipped', () => {
  const demand = { on: false };
  let now = 10_000;
  const posted: LiveEventsMessage[] = [];
  const sampler = new LiveSampler(demand, (m) => posted.push(m), 3, () => now);
  sampler.begin();
  sampler.log(logEvent('a'), 1);
  sampler.flush();
  assert.equal(posted.length, 0);
  demand.on = true;
  sampler.begin();
  for (let i = 0; i < 4; i++) sampler.log(logEvent(`m${i}`), 5_000_000);
  sampler.user(userEvent, 5_000_000);
  sampler.flush();
  assert.equal(posted.length, 1);
  assert.deepEqual(posted[0].events.map((e) => (e.k === 'log' ? e.message : e.k)), ['m0', 'm1', 'm2']);
  assert.equal(posted[0].skipped, 2);
  assert.deepEqual(posted[0].events[0], { k: 'log', at: 5000, host: 'sense1', source: 'proxy', level: 'WARN', category: 'qs_log_category=x', subsystem: 'Proxy', message: 'm0' });
  now += 1_000;
  sampler.begin();
  sampler.user(userEvent, 6_000_000);
  sampler.flush();
  assert.deepEqual(posted[1], { t: 'live-events', events: [{ k: 'user', at: 6000, host: 'sense1', command: 'Start session', user: 'LAB\\ann', app: 'Sales', origin: 'AppAccess' }], skipped: 0 });
});

test('rates: per second from cumulative counters; 32-bit wrap; a counter that restarts shows 0, not a negative rate', () => {
  const r = new Rates();
  assert.equal(r.update('a', 100, 1_000), 0);
  assert.equal(r.update('a', 600, 2_000), 500);
  assert.equal(r.update('a', 50, 3_000), 0);
  r.update('w', 2 ** 32 - 10, 1_000);
  assert.equal(r.update('w', 90, 1_500, true), 200);
});

test('live view: counters, drops by reason, destination and poller errors from the messages the http thread receives', () => {
  let now = 1_000;
  const view = new LiveView({ ports: { log: 9996, user: 9997 }, parseWorkers: 2, maxEventsPerSecond: 50 }, () => now);
  const ring = { received: 10, receivedBytes: 0, droppedSize: 1, droppedRateLimit: 0, droppedRingFull: 2, droppedSource: 0, datagramsLost: 0, slicesDispatched: 0, sliceRetries: 0, workerCrashes: 0, socketErrors: 0, bytesUsed: 0, capacity: 1 };
  const parse = { datagrams: 7, processed: 6, failed: 0, unrecognised: 1, droppedByRule: 0, excluded: 0, rejected: 0 };
  const dest = { id: 'influxdb', up: true, writtenLines: 100, writtenBatches: 1, retries: 0, failedBatches: 0, droppedLines: { queue_full: 0 }, queuedLines: 3, spoolLines: 5, lastSuccessAt: 900 };
  view.applyMetrics({ t: 'collector', snapshot: { rings: { log: ring }, parse: { log: parse }, destinations: [dest] } });
  now = 2_000;
  view.applyMetrics({ t: 'collector', snapshot: { rings: { log: { ...ring, received: 30 } }, parse: { log: { ...parse, processed: 24 } }, destinations: [{ ...dest, writtenLines: 150 }] } });
  view.applyMetrics({ t: 'health-poll', server: 'sense1', labels: {}, values: {}, engine: { version: '14.187.4', started: '' }, at: 1_500 });
  view.applyMetrics({ t: 'session-poll', server: 'sense1', virtualProxy: '/', labels: {}, sessionCount: 4, at: 1_600 });
  view.applyLive({ t: 'live-error', type: 'INFLUXDB_V1_WRITE', serverName: '', message: 'ECONNREFUSED', at: 1_700 });
  view.applyLive({ t: 'live-error', type: 'HEALTH_API', serverName: 'sense1', message: 'timeout', at: 1_800 });
  const s = view.stats() as any;
  assert.deepEqual(s.sockets[0], { socket: 'log', port: 9996, received: 30, processed: 24, dropped: 4, receivedPerSec: 20, processedPerSec: 18, droppedPerSec: 0 });
  assert.deepEqual(s.destinations[0], { id: 'influxdb', up: true, written: 150, writtenPerSec: 50, dropped: 0, droppedPerSec: 0, queued: 3, spooled: 5, lastSuccessAt: 900, lastError: { at: 1_700, type: 'INFLUXDB_V1_WRITE', message: 'ECONNREFUSED' } });
  assert.deepEqual(s.pollers[0], { server: 'sense1', healthAt: 1_500, engineVersion: '14.187.4', sessions: [{ virtualProxy: '/', count: 4, at: 1_600 }], lastError: { at: 1_800, type: 'HEALTH_API', message: 'timeout' } });
  const drops = (s.drops as Array<{ reason: string; count: number }>).filter((d) => d.count > 0).map((d) => `${d.reason}=${d.count}`);
  assert.deepEqual(drops, ['message too large=1', 'ring full=2', 'unrecognised=1']);
});

function fakePeer(result: 'sent' | 'dropped'): WsPeer & { got: string[]; closed: boolean } {
  const peer = { got: [] as string[], closed: false, remoteAddress: '127.0.0.1', bufferedBytes: () => 0, close: () => (peer.closed = true), send: (t: string) => (peer.got.push(t), result) };
  return peer;
}

test('hub: demand on with the first client and off after the last; a client over its buffer bound is dropped, not waited for', () => {
  const demand: boolean[] = [];
  const view = new LiveView({ ports: {}, parseWorkers: 1, maxEventsPerSecond: 50 });
  const hub = new LiveHub(view, (on) => demand.push(on), silentLogger());
  const good = fakePeer('sent');
  hub.open(good);
  assert.equal(JSON.parse(good.got[0]).t, 'hello');
  assert.deepEqual(demand, [true]);
  const slow = fakePeer('dropped');
  hub.open(slow);
  assert.equal(hub.clients, 1, 'the slow client is gone');
  assert.equal(hub.slowClientsDropped, 1);
  hub.close(good);
  assert.equal(hub.clients, 0);
  assert.deepEqual(demand, [true, false]);
  hub.stop();
});

test('live view: a second that skipped events is reported as sampling for 15 s, then no longer', () => {
  let now = 10_000;
  const view = new LiveView({ ports: {}, parseWorkers: 2, maxEventsPerSecond: 50 }, () => now);
  const sampling = () => (view.stats() as { sampling: { recent: unknown } }).sampling.recent;
  view.applyLive({ t: 'live-events', events: [], skipped: 0 });
  assert.equal(sampling(), null);
  now += 100;
  view.applyLive({ t: 'live-events', events: [{ k: 'user', at: 1, host: 'h', command: 'c', user: 'u', app: '', origin: '' }], skipped: 300 });
  now += 1_000;
  assert.deepEqual(sampling(), { shown: 1, skipped: 300, at: 11_100 });
  now += 14_000;
  assert.notEqual(sampling(), null);
  now += 2_000;
  assert.equal(sampling(), null);
  assert.equal(view.takeEvents().length, 1);
});

test('hub: events not yet pushed reach the clients already connected when another one joins, and are in its history', () => {
  const view = new LiveView({ ports: {}, parseWorkers: 1, maxEventsPerSecond: 50 });
  const hub = new LiveHub(view, () => {}, silentLogger());
  const first = fakePeer('sent');
  hub.open(first);
  view.applyLive({ t: 'live-events', events: [{ k: 'user', at: 1, host: 'h', command: 'Start session', user: 'u', app: '', origin: '' }], skipped: 0 });
  const second = fakePeer('sent');
  hub.open(second);
  assert.equal(JSON.parse(first.got[1]).t, 'events');
  assert.equal(JSON.parse(first.got[1]).events.length, 1);
  assert.equal(JSON.parse(second.got[0]).events.length, 1, 'in the newcomer\'s hello');
  hub.stop();
});
