import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { SinkBatch } from '../../../src/destinations/sink.js';
import { SinkWriteError } from '../../../src/destinations/sink-error.js';
import type { DataModule } from '../../../src/threads/messages.js';
import { startOtlpEndpoint, type OtlpEndpoint, type OtlpEndpointOptions } from '../../support/otlp-endpoint.js';
import { API_KEY, otlpConfig, otlpSink } from './otlp-config.js';

// How the OpenTelemetry sink reads each OTLP/HTTP answer of the loopback contract endpoint (not a real
// collector): partial success, retryable codes with Retry-After, permanent failures, auth, 413.
const T = Date.now() * 1000 - 10_000_000;
const RES = { 'service.name': 'qlik-sense-engine', 'host.name': 'sense1' };

const log = (body: string, i = 0): string => JSON.stringify({ k: 'log', r: RES, t: T + i, o: T + i, sn: 9, st: 'INFO', b: body, a: { i } });
const point = (v: number): string => JSON.stringify({ k: 'point', r: RES, n: 'qlik_sense.engine.cpu.total', u: '%', m: 'gauge', vt: 'double', v, t: T, a: { v } });

function batch(lines: string[], module: DataModule = 'LOG_EVENTS'): SinkBatch {
  return { module, body: Buffer.from(lines.join('\n') + '\n'), lines: lines.length, serverName: 'sense1' };
}

async function failure(p: Promise<void>): Promise<SinkWriteError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof SinkWriteError, String(err));
    return err;
  }
  assert.fail('expected the write to fail');
}

async function withEndpoint(options: OtlpEndpointOptions, body: (ep: OtlpEndpoint) => Promise<void>): Promise<void> {
  const ep = await startOtlpEndpoint({ requiredHeader: API_KEY, ...options });
  try {
    await body(ep);
  } finally {
    await ep.close();
  }
}

for (const protocol of ['http/protobuf', 'http/json'] as const) {
  test(`OTLP contract endpoint (${protocol}): a partial success counts the rejected records and carries the receiver's message`, async () => {
    const options = { rejectLog: (l: { body: unknown }) => (String(l.body).includes('bad') ? 'body must not say bad' : undefined), rejectPoint: (p: { value: number }) => (p.value < 0 ? 'negative cpu' : undefined) };
    await withEndpoint(options, async (ep) => {
      const sink = otlpSink(otlpConfig(ep, { protocol, timeoutMs: 5000 }));
      try {
        const err = await failure(sink.write(batch([log('ok 1', 1), log('bad 2', 2), log('ok 3', 3), point(5), point(-1)])));
        assert.equal(err.kind, 'rejected');
        assert.equal(err.rejectedLines, 2);
        assert.deepEqual(err.offending, ['OTLP logs partial success: 1 of 3 rejected: body must not say bad', 'OTLP metrics partial success: 1 of 2 rejected: negative cpu']);
        assert.deepEqual(ep.logs().map((l) => l.body), ['ok 1', 'ok 3']);
        assert.deepEqual(ep.points().map((p) => p.value), [5]);
        assert.deepEqual(ep.requests.map((r) => r.status), [200, 200]);
        assert.equal(sink.health().up, true);
      } finally {
        await sink.stop();
      }
    });
  });
}

test('OTLP contract endpoint: 429, 502, 503 and 504 are retryable, Retry-After (seconds or date) is passed on; the retry stores once', async () => {
  await withEndpoint({}, async (ep) => {
    const sink = otlpSink(otlpConfig(ep, { timeoutMs: 5000 }));
    try {
      const b = batch([log('x')]);
      const date = new Date(Date.now() + 30_000).toUTCString();
      for (const [status, retryAfter, expected] of [[429, '7', 7000], [503, date, 'date'], [502, undefined, undefined], [504, undefined, undefined]] as const) {
        ep.failNext(status, 1, retryAfter);
        const err = await failure(sink.write(b));
        assert.equal(err.kind, 'retryable', String(status));
        assert.equal(err.details.httpStatus, status);
        assert.match(err.details.message ?? '', new RegExp(`HTTP ${status}: scripted ${status}`), 'the Status message is read');
        if (expected === 'date') assert.ok(err.retryAfterMs! > 20_000 && err.retryAfterMs! <= 30_000, `${err.retryAfterMs}`);
        else assert.equal(err.retryAfterMs, expected);
        assert.equal(sink.health().up, false);
      }
      await sink.write(b);
      assert.equal(ep.logs().length, 1);
      assert.equal(sink.health().up, true);
    } finally {
      await sink.stop();
    }
  });
});

test('OTLP contract endpoint: 400, 500 and other codes are permanent: the records are rejected without a retry', async () => {
  await withEndpoint({}, async (ep) => {
    const sink = otlpSink(otlpConfig(ep, { timeoutMs: 5000 }));
    try {
      for (const status of [400, 500, 501, 422]) {
        ep.failNext(status);
        const before = ep.requests.length;
        const err = await failure(sink.write(batch([log('a'), log('b')])));
        assert.equal(err.kind, 'rejected', String(status));
        assert.equal(err.rejectedLines, 2);
        assert.match(err.offending[0], new RegExp(`HTTP ${status}: scripted ${status} \\(2 record\\(s\\)\\)`));
        assert.equal(ep.requests.length, before + 1, 'one request, no retry inside the sink');
        assert.equal(sink.health().up, true, 'refused data says nothing about health');
      }
      assert.equal(ep.logs().length, 0);
    } finally {
      await sink.stop();
    }
  });
});

test('OTLP contract endpoint: a missing API key (401) is a configuration error; the key is never in the message', async () => {
  await withEndpoint({}, async (ep) => {
    const sink = otlpSink(otlpConfig(ep, { headers: [{ name: 'X-Api-Key', value: 'wrong-key-42' }], timeoutMs: 5000 }));
    try {
      const err = await failure(sink.write(batch([log('a')])));
      assert.equal(err.kind, 'config');
      assert.equal(err.details.httpStatus, 401);
      assert.ok(!JSON.stringify(err.details).includes('wrong-key-42'));
      assert.equal(sink.health().up, false);
    } finally {
      await sink.stop();
    }
  });
});

test('OTLP contract endpoint: 413 halves the request until it fits; every record arrives once, in order', async () => {
  await withEndpoint({}, async (ep) => {
    const sink = otlpSink(otlpConfig(ep, { timeoutMs: 5000 }));
    try {
      ep.failNext(413, 2);
      await sink.write(batch(Array.from({ length: 6 }, (_, i) => log(`r${i}`, i))));
      assert.deepEqual(ep.logs().map((l) => l.body), ['r0', 'r1', 'r2', 'r3', 'r4', 'r5']);
      assert.deepEqual(ep.requests.map((r) => r.status), [413, 413, 200, 200, 200]);
    } finally {
      await sink.stop();
    }
  });
});

test('OTLP contract endpoint: a retry after a failed metrics request does not send the accepted log records again', async () => {
  await withEndpoint({}, async (ep) => {
    const sink = otlpSink(otlpConfig(ep, { timeoutMs: 5000 }));
    try {
      const b = batch([log('once'), point(1)]);
      ep.failNext(503, 1, undefined, '/v1/metrics');
      assert.equal((await failure(sink.write(b))).kind, 'retryable');
      await sink.write(b);
      assert.deepEqual(ep.logs().map((l) => l.body), ['once']);
      assert.equal(ep.points().length, 1);
      assert.deepEqual(ep.requests.map((r) => `${r.path} ${r.status}`), ['/v1/logs 200', '/v1/metrics 503', '/v1/metrics 200']);
    } finally {
      await sink.stop();
    }
  });
});

test('OTLP contract endpoint: a line that is not a record is refused by the sink, the rest is sent', async () => {
  await withEndpoint({}, async (ep) => {
    const sink = otlpSink(otlpConfig(ep, { timeoutMs: 5000 }));
    try {
      const err = await failure(sink.write(batch([log('fine'), '{"k":"log"}', 'not json'])));
      assert.equal(err.kind, 'rejected');
      assert.equal(err.rejectedLines, 2);
      assert.equal(err.offending.length, 2);
      assert.deepEqual(ep.logs().map((l) => l.body), ['fine']);
    } finally {
      await sink.stop();
    }
  });
});

for (const protocol of ['http/protobuf', 'http/json'] as const) {
  test(`OTLP contract endpoint (${protocol}): points of several resources travel in one metrics request, each under its resource`, async () => {
    await withEndpoint({}, async (ep) => {
      const sink = otlpSink(otlpConfig(ep, { protocol, timeoutMs: 5000 }));
      try {
        const on = (host: string, v: number): string => JSON.stringify({ k: 'point', r: { ...RES, 'host.name': host }, n: 'qlik_sense.engine.cpu.total', u: '%', m: 'gauge', vt: 'double', v, t: T, a: {} });
        await sink.write(batch([on('sense1', 1.5), on('sense2', 2.5), on('sense1', 3.5)], 'HEALTH_METRICS'));
        assert.deepEqual(ep.requests.map((r) => `${r.path} ${r.status}`), ['/v1/metrics 200']);
        const byHost = ep.points().map((p) => `${String(p.resource['host.name'])}=${p.value}`).sort();
        assert.deepEqual(byHost, ['sense1=1.5', 'sense1=3.5', 'sense2=2.5']);
      } finally {
        await sink.stop();
      }
    });
  });
}
