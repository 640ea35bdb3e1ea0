// The v3 sink against the loopback /api/v3 endpoint: start-up check, the exact write_lp contract, partial
// writes, and the classification of each status InfluxDB 3 answers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { silentLogger } from '../../../src/log/logger.js';
import { InfluxV3Sink } from '../../../src/destinations/influxdb/v3/influxdb-v3-sink.js';
import { SinkWriteError } from '../../../src/destinations/sink-error.js';
import type { SinkBatch } from '../../../src/destinations/sink.js';
import { startInfluxV3Endpoint, type InfluxV3Endpoint, type V3EndpointOptions } from '../../support/influx-v3-endpoint.js';
import { v3Options } from './influx-v2-v3-config.js';
import { captureLogger, WARN } from '../../unit/ingest/fixtures/capture-logger.js';

const NS = 1715779812345678000n;
const batch = (lines: string[]): SinkBatch => ({ module: 'USER_EVENTS', body: Buffer.from(lines.join('\n') + '\n'), lines: lines.length, serverName: 'node1' });
const line = (i: number, v = `${i}i`) => `m,k=a v=${v} ${NS + BigInt(i)}`;

async function withSink(fn: (e: InfluxV3Endpoint, s: InfluxV3Sink) => Promise<void>, opts: V3EndpointOptions = {}, token?: string): Promise<void> {
  const endpoint = await startInfluxV3Endpoint(opts);
  const sink = new InfluxV3Sink(v3Options(endpoint.port, token ?? endpoint.token), { logger: silentLogger(), provisionRetry: { initialMs: 20, maxMs: 50 } });
  try {
    await fn(endpoint, sink);
  } finally {
    await sink.stop();
    await endpoint.close();
  }
}

async function failure(p: Promise<unknown>): Promise<SinkWriteError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof SinkWriteError, `a SinkWriteError, got ${String(err)}`);
    return err;
  }
  assert.fail('write resolved but should have failed');
}

test('v3: start() pings with the token and creates the missing database with retentionDuration as its retention_period', async () => {
  await withSink(async (endpoint, sink) => {
    await sink.start();
    assert.equal(sink.health().up, true);
    assert.equal(endpoint.pings, 1);
    assert.deepEqual(endpoint.configureCalls, [
      { method: 'GET', body: undefined, status: 200 },
      { method: 'POST', body: { db: 'senseops', retention_period: '10d' }, status: 200 },
    ]);
    assert.equal(endpoint.retention.get('senseops'), '10d');
    await sink.write(batch([line(1)]));
    assert.deepEqual(endpoint.storedLines(), [line(1)]);
  });
});

test('v3: an existing database is left as it is (no create, its retention kept)', async () => {
  await withSink(async (endpoint, sink) => {
    await sink.start();
    assert.equal(sink.health().up, true);
    assert.deepEqual(endpoint.configureCalls.map((c) => c.method), ['GET']);
    assert.equal(endpoint.retention.has('senseops'), false);
  }, { databases: ['senseops'] });
});

test('v3: retentionDuration 0 creates a database without expiry; 1w2d is sent as 9d', async () => {
  for (const [retentionDuration, body] of [
    ['0', { db: 'senseops' }],
    ['1w2d', { db: 'senseops', retention_period: '9d' }],
    ['36h', { db: 'senseops', retention_period: '36h' }],
  ] as const) {
    const endpoint = await startInfluxV3Endpoint();
    const options = v3Options(endpoint.port, endpoint.token);
    options.v3Config.retentionDuration = retentionDuration;
    const sink = new InfluxV3Sink(options, { logger: silentLogger(), provisionRetry: { initialMs: 20, maxMs: 50 } });
    try {
      await sink.start();
      assert.deepEqual(endpoint.configureCalls.at(-1), { method: 'POST', body, status: 200 }, retentionDuration);
    } finally {
      await sink.stop();
      await endpoint.close();
    }
  }
});

test('v3: a token that may not create databases: one warning naming retentionDuration; the first write creates it', async () => {
  const endpoint = await startInfluxV3Endpoint({ createForbidden: true });
  const { logger, lines } = captureLogger();
  const sink = new InfluxV3Sink(v3Options(endpoint.port, endpoint.token), { logger, provisionRetry: { initialMs: 20, maxMs: 50 } });
  try {
    await sink.start();
    assert.equal(sink.health().up, true);
    const warnings = lines.filter((l) => l.level === WARN);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0].msg, /^influxdbConfig\.v3Config\.retentionDuration \(10d\) is not applied: InfluxDB 3 refused to create database "senseops" \(HTTP 403\)/);
    await sink.write(batch([line(1)]));
    assert.ok(endpoint.databases.has('senseops'));
    assert.equal(endpoint.retention.has('senseops'), false);
  } finally {
    await sink.stop();
    await endpoint.close();
  }
});

test('v3: queryTimeout bounds the start-up requests: a slow configure API times out and is retried, a longer timeout waits', async () => {
  for (const [queryTimeout, up] of [
    [200, false],
    [10_000, true],
  ] as const) {
    // The server answers after 3 s: a start that returns well before that gave up at the query timeout (the
    // margin is wide so a loaded machine cannot fail it).
    const endpoint = await startInfluxV3Endpoint({ configureDelayMs: 3_000 });
    const options = v3Options(endpoint.port, endpoint.token);
    options.v3Config.queryTimeout = queryTimeout;
    const sink = new InfluxV3Sink(options, { logger: silentLogger(), provisionRetry: { initialMs: 60_000, maxMs: 60_000 } });
    try {
      const started = Date.now();
      await sink.start();
      assert.equal(sink.health().up, up, `queryTimeout ${queryTimeout}: ${sink.health().reason}`);
      if (!up) {
        assert.ok(Date.now() - started < 2_500, 'gave up at the query timeout, not at the server answer');
        assert.match(sink.health().reason, /provisioning pending: .*time/i);
      } else {
        assert.equal(endpoint.retention.get('senseops'), '10d');
      }
    } finally {
      await sink.stop();
      await endpoint.close();
    }
  }
});

test('v3: writes go to /api/v3/write_lp with db, precision=nanosecond, WAL-synced, gzip', async () => {
  await withSink(async (endpoint, sink) => {
    await sink.start();
    await sink.write(batch([line(1), line(2)]));
    const w = endpoint.writes.at(-1)!;
    assert.deepEqual(
      { db: w.db, precision: w.precision, noSync: w.noSync, acceptPartial: w.acceptPartial, gzip: w.gzip, status: w.status },
      { db: 'senseops', precision: 'nanosecond', noSync: null, acceptPartial: null, gzip: true, status: 204 },
    );
    assert.deepEqual(w.lines, [line(1), line(2)]);
    assert.equal(sink.target, `${endpoint.url}/api/v3/write_lp`);
  });
});

test('v3: a partial write counts the refused lines (tag/field clash, type change); the rest is stored once', async () => {
  await withSink(async (endpoint, sink) => {
    await sink.start();
    await sink.write(batch([line(1)]));
    const clash = 'user_events,userFull=LAB\\joe userFull="LAB\\\\joe" ' + String(NS);
    const err = await failure(sink.write(batch([line(2), line(3, '"x"'), clash, 'not line protocol', line(4)])));
    assert.equal(err.kind, 'rejected');
    assert.equal(err.rejectedLines, 3);
    assert.equal(err.offending.length, 3);
    assert.match(err.details.message ?? '', /partial write of line protocol occurred/);
    assert.deepEqual(endpoint.storedLines(), [line(1), line(2), line(4)]);
    assert.equal(endpoint.writes.length, 2, 'nothing resent: InfluxDB 3 stored the good lines');
  });
});

test('v3: a database that does not exist and cannot be created (no auto-create, token may not create) is a config error', async () => {
  await withSink(async (_endpoint, sink) => {
    await sink.start();
    const err = await failure(sink.write(batch([line(1)])));
    assert.equal(err.kind, 'config');
    assert.equal(err.details.httpStatus, 404);
    assert.match(err.details.message ?? '', /database not found: senseops/);
  }, { autoCreate: false, createForbidden: true });
});

test('v3: a wrong token is a config error (401)', async () => {
  await withSink(async (_endpoint, sink) => {
    await sink.start();
    const err = await failure(sink.write(batch([line(1)])));
    assert.equal(err.kind, 'config');
    assert.equal(err.details.httpStatus, 401);
    assert.equal(sink.health().up, false);
  }, {}, 'apiv3_wrong');
});

test('v3: 413 halves the body until it fits; 429 Retry-After and 5xx are retryable', async () => {
  await withSink(async (endpoint, sink) => {
    await sink.start();
    const lines = Array.from({ length: 30 }, (_, i) => line(i));
    await sink.write(batch(lines));
    assert.deepEqual(endpoint.storedLines(), lines);
    endpoint.injectFaults({ status: 429, error: 'rate limited', retryAfter: '2' }, { status: 500, error: 'boom' });
    const busy = await failure(sink.write(batch([line(99)])));
    assert.equal(busy.kind, 'retryable');
    assert.equal(busy.retryAfterMs, 2000);
    assert.equal((await failure(sink.write(batch([line(99)])))).kind, 'retryable');
  }, { maxBodyBytes: 500 });
});
