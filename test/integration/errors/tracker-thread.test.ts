import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { BroadcastChannel } from 'node:worker_threads';
import { parse } from 'yaml';
import { loadConfigText } from '../../../src/config/load.js';
import type { ErrorCountsSnapshot } from '../../../src/errors/index.js';
import { silentLogger } from '../../../src/log/logger.js';
import { destinationRoutes } from '../../../src/destinations/routes.js';
import type { TrackerThreadData } from '../../../src/threads/worker-data.js';
import { channelNames } from '../../../src/threads/channels.js';
import { ManagedThread } from '../../../src/threads/managed-thread.js';
import type { BatchMessage } from '../../../src/threads/messages.js';
import { repoRoot } from '../../support/paths.js';

// The tracker thread entry (workers/tracker.ts) as the supervisor starts it: error reports arrive on the
// instance's tracker channel, the counts come back in the `stats` control reply (what a status API or the
// Prometheus thread will read), and `flushAll` hands the butler_sos_errors batch to the InfluxDB writer.

const WORKER = new URL('../../../workers/tracker.js', import.meta.url);

function config(errorTrackingEnabled: boolean) {
  const base = parse(readFileSync(`${repoRoot()}/config/default.yaml`, 'utf8'))['Butler-SOS'];
  base.errorTracking.enable = errorTrackingEnabled;
  base.influxdbConfig = { ...base.influxdbConfig, enable: true, host: '127.0.0.1', port: 8086, version: 1 };
  base.fileDestination.enable = false;
  base.qlikSenseEvents.influxdb.enable = false;
  return loadConfigText(JSON.stringify({ 'Butler-SOS': base }), 'tracker-thread-test', {}).config;
}

const reports: unknown[] = [
  { t: 'error', type: 'HEALTH_API', serverName: 'sense1', host: 'sense1.example.com:4747', err: { code: 'ECONNREFUSED', remoteAddress: '10.0.0.1', remotePort: 4747, syscall: 'connect' } },
  { t: 'error', type: 'HEALTH_API', serverName: 'sense1', host: 'sense1.example.com:4747', err: { code: 'ECONNABORTED', requestUrl: 'https://sense1.example.com:4747/engine/healthcheck?x=secret', requestTimeoutMs: 5000 } },
  { t: 'error', type: 'UDP_USER_EVENT', module: 'UDP_USER_EVENTS', serverName: '', err: { message: 'bad datagram' } },
  // Unusable: counted as invalid, never as an error.
  { t: 'error', type: 'NOT_A_TYPE', serverName: 'sense1' },
];

async function withTrackerThread(
  enabled: boolean,
  body: (ctx: { thread: ManagedThread; post: (r: unknown) => void; batches: BatchMessage[] }) => Promise<void>,
): Promise<void> {
  const instanceId = `tracker-thread-${process.pid}-${enabled}`;
  const names = channelNames(instanceId);
  const cfg = config(enabled);
  const data: TrackerThreadData = {
    instanceId,
    config: cfg,
    logLevel: 'error',
    logFormat: 'json',
    routes: destinationRoutes(cfg, 1),
    writerCount: 1,
    parseSlots: 1,
    rings: {},
    hostname: 'test-host',
  };
  const batches: BatchMessage[] = [];
  const writer = new BroadcastChannel(names.writer(0, 'tracker'));
  writer.onmessage = (e) => batches.push((e as MessageEvent).data as BatchMessage);
  const tracker = new BroadcastChannel(names.tracker);
  const thread = new ManagedThread({ name: 'tracker', file: WORKER, workerData: data, logger: silentLogger() });
  try {
    await thread.start();
    await body({ thread, post: (r) => tracker.postMessage(r), batches });
  } finally {
    await thread.stop();
    writer.close();
    tracker.close();
  }
}

async function statsWhen(thread: ManagedThread, done: (e: ErrorCountsSnapshot) => boolean): Promise<ErrorCountsSnapshot> {
  const end = Date.now() + 5000;
  for (;;) {
    const { errors } = await thread.call<{ errors: ErrorCountsSnapshot }>('stats');
    if (done(errors) || Date.now() > end) return errors;
    await sleep(20);
  }
}

test('the tracker thread counts reports from its channel and returns the counts in its stats reply', async () => {
  await withTrackerThread(true, async ({ thread, post, batches }) => {
    for (const r of reports) post(r);
    const errors = await statsWhen(thread, (e) => e.today.total === 3 && e.invalidReports === 1);
    assert.equal(errors.enabled, true);
    assert.equal(errors.day, new Date().toISOString().slice(0, 10));
    assert.deepEqual(errors.today, {
      total: 3,
      details: { HEALTH_API: { total: 2, servers: { sense1: 2 } }, UDP_USER_EVENT: { total: 1, servers: { _no_server_context: 1 } } },
    });
    assert.deepEqual(errors.sinceStart.byCategory, { connection_refused: 1, timeout: 1, unknown: 1 });
    assert.equal(errors.sinceStart.total, 3);
    assert.equal(errors.invalidReports, 1);
    assert.equal(errors.pointsEmitted, 3);
    assert.equal(errors.pointEmitFailures, 0);

    const { posted } = await thread.call<{ posted: number[] }>('flushAll');
    assert.ok(posted[0] >= 1);
    const end = Date.now() + 2000;
    while (!batches.some((b) => b.module === 'ERROR_EVENTS') && Date.now() < end) await sleep(10);
    const errorBatches = batches.filter((b) => b.module === 'ERROR_EVENTS');
    const lines = errorBatches.flatMap((b) => Buffer.from(b.body).toString('utf8').trim().split('\n'));
    assert.ok(errorBatches.every((b) => b.origin === 'tracker' && b.dest === 'influxdb'));
    assert.equal(lines.length, 3, lines.join('\n'));
    assert.equal(errorBatches.reduce((n, b) => n + b.count, 0), 3);
    assert.match(lines[0], /^butler_sos_errors,error_type=HEALTH_API,server_name=sense1,host=sense1\.example\.com /);
    assert.match(lines[1], /request_url="https:\/\/sense1\.example\.com:4747\/engine\/healthcheck"/);
    assert.match(lines[2], /^butler_sos_errors,error_type=UDP_USER_EVENT,module=UDP_USER_EVENTS /, 'empty server_name tag left out');
  });
});

test('with errorTracking.enable false the thread counts nothing and writes no error points', async () => {
  await withTrackerThread(false, async ({ thread, post, batches }) => {
    for (const r of reports) post(r);
    // The control call and the report channel are not ordered with each other: give the reports time to land
    // (the enabled test above sees them within a few ms).
    await sleep(200);
    const { errors } = await thread.call<{ errors: ErrorCountsSnapshot }>('stats');
    assert.equal(errors.enabled, false);
    assert.equal(errors.today.total, 0);
    assert.equal(errors.sinceStart.total, 0);
    assert.equal(errors.invalidReports, 0);
    assert.equal(errors.pointsEmitted, 0);
    await thread.call('flushAll');
    await sleep(100);
    assert.equal(batches.filter((b) => b.module === 'ERROR_EVENTS').length, 0);
  });
});
