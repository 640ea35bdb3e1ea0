import { encodeErrorLine } from '../../../src/errors/error-point.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { ErrorTracker } from '../../../src/errors/error-tracker.js';
import { DestinationDelivery } from '../../../src/destinations/delivery/destination-delivery.js';
import { deliveryOptions } from '../../../src/destinations/delivery/options.js';
import { SinkWriteError } from '../../../src/destinations/sink-error.js';
import type { Sink, SinkBatch } from '../../../src/destinations/sink.js';
import { silentLogger } from '../../../src/log/logger.js';
import type { BatchMessage } from '../../../src/threads/messages.js';
import { captureLogger } from './helpers.js';

// InfluxDB down: the tracker and the real delivery layer wired in a loop the way the threads are (failed data
// batches are reported to the tracker, the tracker's points go back to the writer as ERROR_EVENTS batches).
// Butler SOS turned this loop into a write storm (docs/compatibility.md D6.5). Here every failed data batch must
// count exactly once, error-point batches never report back, and write attempts stay bounded by the backoff.

class DownSink implements Sink {
  readonly id = 'influxdb';
  readonly errorType = 'INFLUXDB_V1_WRITE' as const;
  readonly target = 'http://127.0.0.1:9/write';
  attempts = 0;
  attemptsByModule = new Map<string, number>();
  async start(): Promise<void> {}
  async stop(): Promise<void> {}
  health() {
    return { up: false, reason: 'connection refused' };
  }
  async write(batch: SinkBatch): Promise<void> {
    this.attempts++;
    this.attemptsByModule.set(batch.module, (this.attemptsByModule.get(batch.module) ?? 0) + 1);
    throw new SinkWriteError({ kind: 'retryable', details: { code: 'ECONNREFUSED', syscall: 'connect', remoteAddress: '127.0.0.1', remotePort: 9 } });
  }
}

const encoder = new TextEncoder();
const batch = (module: BatchMessage['module'], lines: string[], serverName = ''): BatchMessage => ({
  t: 'batch',
  origin: module === 'ERROR_EVENTS' ? 'tracker' : 'poller',
  dest: 'influxdb',
  module,
  count: lines.length,
  body: encoder.encode(lines.join('\n') + '\n'),
  serverName,
});

test('InfluxDB down: counting and summaries go on, no feedback loop, bounded write attempts', async (t) => {
  const sink = new DownSink();
  const log = captureLogger('info');
  const pending: string[] = [];
  const tracker = new ErrorTracker(
    { enable: true, logSummary: true, points: true },
    { logger: log.logger, emit: (e) => pending.push(encodeErrorLine(e.report, e.category, { measurement: 'butler_sos_errors', version: 1 })) },
  );
  const delivery = new DestinationDelivery(
    sink,
    deliveryOptions({ flushIntervalMs: 5, backoff: { initialMs: 20, maxMs: 80 } }),
    { logger: silentLogger(), reportError: (r) => tracker.receive(r) },
  );
  await delivery.start();
  // The tracker thread's job in miniature: ship collected error points as ERROR_EVENTS batches.
  const shipper = setInterval(() => {
    if (pending.length > 0) delivery.accept(batch('ERROR_EVENTS', pending.splice(0)));
  }, 5);
  try {
    // 3 poll errors and 5 failing health-metric batches over ~400 ms.
    for (let i = 0; i < 3; i++) tracker.record({ t: 'error', type: 'HEALTH_API', serverName: 'sense1', err: { code: 'ECONNREFUSED' }, at: Date.now() });
    for (let i = 0; i < 5; i++) {
      delivery.accept(batch('HEALTH_METRICS', [`cpu,host=sense1 total=${i}i`], 'sense1'));
      await sleep(80);
    }
    const before = tracker.counts().today.total;
    const attemptsBefore = sink.attempts;
    await sleep(200);
    const c = tracker.counts();
    // Health batches may merge in one lane; each failed write unit counts once, however often it is retried.
    const influxErrors = c.today.details.INFLUXDB_V1_WRITE?.total ?? 0;
    assert.ok(influxErrors >= 1 && influxErrors <= 5, `INFLUXDB_V1_WRITE errors: ${influxErrors}`);
    assert.equal(c.today.details.HEALTH_API?.total, 3);
    assert.equal(c.today.total, 3 + influxErrors, 'nothing but the real errors is counted');
    assert.equal(c.today.total, before, 'retries of failing batches add no errors');
    assert.ok(c.pointsEmitted === c.today.total, 'one error point per error, none for failed error points');
    t.diagnostic(`errors=${c.today.total} attempts=${sink.attempts} byModule=${JSON.stringify(Object.fromEntries(sink.attemptsByModule))}`);
    // Bounded: with a 20-80 ms backoff, ~600 ms of outage allows at most a few dozen attempts per lane.
    assert.ok((sink.attemptsByModule.get('ERROR_EVENTS') ?? 0) >= 1, 'error points were tried');
    assert.ok(sink.attempts < 100, `write attempts: ${sink.attempts}`);
    assert.ok(sink.attempts - attemptsBefore < 30, `attempts in the last 200 ms: ${sink.attempts - attemptsBefore}`);
    // The console summary kept working throughout.
    const summaries = log.messages('info').filter((m) => m.startsWith('ERROR TRACKER: Error counts today (UTC): Total='));
    assert.equal(summaries.length, c.today.total);
  } finally {
    clearInterval(shipper);
    await delivery.stop(50);
  }
});
