// The v2 sink against the loopback /api/v2 endpoint: provisioning (org lookup, bucket with a real retention
// rule), the exact write contract, and the classification of each status the 2.x API answers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { silentLogger } from '../../../src/log/logger.js';
import { InfluxV2Sink } from '../../../src/destinations/influxdb/v2/influxdb-v2-sink.js';
import { SinkWriteError } from '../../../src/destinations/sink-error.js';
import type { SinkBatch } from '../../../src/destinations/sink.js';
import { startInfluxV2Endpoint, type InfluxV2Endpoint } from '../../support/influx-v2-endpoint.js';
import { v2Options } from './influx-v2-v3-config.js';

const NS = '1715779812345678000';
const batch = (lines: string[]): SinkBatch => ({ module: 'LOG_EVENTS', body: Buffer.from(lines.join('\n') + '\n'), lines: lines.length, serverName: 'node1' });
const line = (i: number, v = `${i}i`) => `m,k=a v=${v} ${BigInt(NS) + BigInt(i)}`;

async function withSink(fn: (e: InfluxV2Endpoint, s: InfluxV2Sink) => Promise<void>, opts: Parameters<typeof startInfluxV2Endpoint>[0] = {}, token?: string): Promise<void> {
  const endpoint = await startInfluxV2Endpoint(opts);
  const sink = new InfluxV2Sink(v2Options(endpoint.port, token ?? endpoint.token, { writeTimeoutMs: 1000 }), { logger: silentLogger(), provisionRetry: { initialMs: 20, maxMs: 50 } });
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

test('v2: start() looks the org up and creates the missing bucket with a real retention rule', async () => {
  await withSink(async (endpoint, sink) => {
    await sink.start();
    assert.equal(sink.health().up, true);
    assert.equal(endpoint.created.length, 1);
    const [bucket] = endpoint.created;
    assert.equal(bucket.name, 'senseops');
    assert.equal(bucket.orgID, endpoint.orgs.get('butler'));
    assert.equal(bucket.description, 'Butler SOS metrics');
    assert.deepEqual(bucket.retentionRules, [{ type: 'expire', everySeconds: 10 * 86_400 }]);
  });
});

test('v2: an existing bucket is left unchanged', async () => {
  await withSink(async (endpoint, sink) => {
    await sink.start();
    assert.equal(endpoint.created.length, 0);
    await sink.write(batch([line(1)]));
    assert.deepEqual(endpoint.storedLines(), [line(1)]);
  }, { buckets: ['butler/senseops'] });
});

test('v2: writes use org, bucket, precision=ns, the Token header and gzip', async () => {
  await withSink(async (endpoint, sink) => {
    await sink.start();
    await sink.write(batch([line(1), line(2)]));
    const w = endpoint.writes.at(-1)!;
    assert.deepEqual({ org: w.org, bucket: w.bucket, precision: w.precision, gzip: w.gzip, status: w.status }, { org: 'butler', bucket: 'senseops', precision: 'ns', gzip: true, status: 204 });
    assert.deepEqual(w.lines, [line(1), line(2)]);
    assert.equal(sink.target, `${endpoint.url}/api/v2/write`);
  });
});

test('v2: a wrong token is a config error (401) and the sink is down', async () => {
  await withSink(async (_endpoint, sink) => {
    await sink.start();
    const err = await failure(sink.write(batch([line(1)])));
    assert.equal(err.kind, 'config');
    assert.equal(err.details.httpStatus, 401);
    assert.match(err.details.message ?? '', /unauthorized access/);
    assert.equal(sink.health().up, false);
  }, {}, 'wrong-token');
});

test('v2: an unknown organisation is a config error naming the key', async () => {
  await withSink(async (_endpoint, sink) => {
    await sink.start();
    assert.equal(sink.health().up, false);
    const err = await failure(sink.write(batch([line(1)])));
    assert.equal(err.kind, 'config');
    assert.match(err.details.message ?? '', /organisation "butler" not found \(influxdbConfig\.v2Config\.org\)/);
  }, { orgs: ['other'] });
});

test('v2: malformed lines are taken out and the rest is stored (400 refuses the whole request)', async () => {
  await withSink(async (endpoint, sink) => {
    await sink.start();
    const err = await failure(sink.write(batch([line(1), 'broken line', line(2), 'm,k=a', line(3)])));
    assert.equal(err.kind, 'rejected');
    assert.equal(err.rejectedLines, 2);
    assert.deepEqual([...err.offending], ['broken line', 'm,k=a']);
    assert.deepEqual(endpoint.storedLines(), [line(1), line(2), line(3)]);
    assert.equal(endpoint.writes.filter((w) => w.status === 400).length, 2, 'one round per malformed line');
  }, { buckets: ['butler/senseops'] });
});

test('v2: a field type conflict (422 partial write) counts the dropped points; the others are stored', async () => {
  await withSink(async (endpoint, sink) => {
    await sink.start();
    await sink.write(batch([line(1)]));
    const err = await failure(sink.write(batch([line(2), line(3, '"text"')])));
    assert.equal(err.kind, 'rejected');
    assert.equal(err.rejectedLines, 1);
    assert.equal(err.details.httpStatus, 422);
    assert.deepEqual(endpoint.storedLines(), [line(1), line(2)]);
    assert.equal(sink.health().up, true);
  }, { buckets: ['butler/senseops'] });
});

test('v2: a body over the size limit (413) is halved until it fits, in order', async () => {
  await withSink(async (endpoint, sink) => {
    await sink.start();
    const lines = Array.from({ length: 40 }, (_, i) => line(i));
    await sink.write(batch(lines));
    assert.deepEqual(endpoint.storedLines(), lines);
    assert.ok(endpoint.writes.some((w) => w.status === 413));
  }, { buckets: ['butler/senseops'], maxBodyBytes: 600 });
});

test('v2: 429 with Retry-After is retryable and carries the delay; 503 is retryable', async () => {
  await withSink(async (endpoint, sink) => {
    await sink.start();
    endpoint.injectFaults({ status: 429, error: 'too many requests', retryAfter: '7' }, { status: 503, error: 'unavailable' });
    const busy = await failure(sink.write(batch([line(1)])));
    assert.equal(busy.kind, 'retryable');
    assert.equal(busy.retryAfterMs, 7000);
    const down = await failure(sink.write(batch([line(1)])));
    assert.equal(down.kind, 'retryable');
    assert.equal(down.details.httpStatus, 503);
    await sink.write(batch([line(1)]));
    assert.deepEqual(endpoint.storedLines(), [line(1)]);
  }, { buckets: ['butler/senseops'] });
});

test('v2: start() does not fail while InfluxDB is unreachable; provisioning completes once it answers', async () => {
  const endpoint = await startInfluxV2Endpoint();
  const port = endpoint.port;
  await endpoint.close();
  const sink = new InfluxV2Sink(v2Options(port, 'test-token', { writeTimeoutMs: 500 }), { logger: silentLogger(), provisionRetry: { initialMs: 20, maxMs: 50 } });
  try {
    await sink.start();
    assert.equal(sink.health().up, false);
    const err = await failure(sink.write(batch([line(1)])));
    assert.equal(err.kind, 'retryable');
    const back = await startInfluxV2Endpoint({ port });
    try {
      const end = Date.now() + 5000;
      while (back.created.length === 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
      assert.equal(back.created.length, 1, 'bucket created by the background retry');
      await sink.write(batch([line(1)]));
      assert.deepEqual(back.storedLines(), [line(1)]);
      assert.equal(sink.health().up, true);
    } finally {
      await back.close();
    }
  } finally {
    await sink.stop();
  }
});

test('v2: a retention that is not a duration fails construction with the key named', () => {
  assert.throws(
    () => new InfluxV2Sink(v2Options(1, 't', { v2Config: { org: 'o', bucket: 'b', description: '', token: 't', retentionDuration: 'ten days' } }), { logger: silentLogger() }),
    /influxdbConfig\.v2Config\.retentionDuration: "ten days" is not a duration/,
  );
});
