import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { startOtlpEndpoint } from '../../support/otlp-endpoint.js';

// The loopback OTLP/HTTP contract endpoint itself (test/support/otlp-endpoint.ts) refuses what the OTLP/HTTP
// specification says a receiver refuses, so the OpenTelemetry tests cannot pass against a pushover.
const resource = { attributes: [{ key: 'service.name', value: { stringValue: 'svc' } }] };
const logsJson = (record: object, res: object = resource) => JSON.stringify({ resourceLogs: [{ resource: res, scopeLogs: [{ scope: { name: 's' }, logRecords: [record] }] }] });
const okRecord = { timeUnixNano: '1700000000000000000', observedTimeUnixNano: '1700000000000000000', severityNumber: 9, body: { stringValue: 'hi' } };

test('OTLP contract endpoint: refuses wrong paths, methods, content types, encodings, bodies and keys', async () => {
  const ep = await startOtlpEndpoint({ requiredHeader: { name: 'X-Key', value: 'k' } });
  const post = (path: string, body: string | Uint8Array, headers: Record<string, string> = {}, method = 'POST') =>
    fetch(`${ep.url}${path}`, { method, body: method === 'GET' ? undefined : body, headers: { 'content-type': 'application/json', 'x-key': 'k', ...headers } });
  try {
    assert.equal((await post('/v1/traces', logsJson(okRecord))).status, 404);
    assert.equal((await post('/v1/logs', '', {}, 'GET')).status, 405);
    assert.equal((await post('/v1/logs', logsJson(okRecord), { 'content-type': 'text/plain' })).status, 415);
    assert.equal((await post('/v1/logs', logsJson(okRecord), { 'x-key': 'nope' })).status, 401);
    assert.equal((await post('/v1/logs', logsJson(okRecord), { 'content-encoding': 'br' })).status, 415);
    assert.equal((await post('/v1/logs', logsJson(okRecord), { 'content-encoding': 'gzip' })).status, 400, 'not gzip');
    assert.equal((await post('/v1/logs', '{not json')).status, 400);
    assert.equal((await post('/v1/logs', logsJson({ ...okRecord, severity_number: 9 }))).status, 400, 'snake_case key');
    assert.equal((await post('/v1/logs', logsJson({ ...okRecord, severityNumber: 'SEVERITY_NUMBER_INFO' }))).status, 400, 'enum as a name');
    assert.equal((await post('/v1/logs', logsJson({ ...okRecord, observedTimeUnixNano: '0' }))).status, 400, 'no observed time');
    assert.equal((await post('/v1/logs', logsJson(okRecord, { attributes: [] }))).status, 400, 'no service.name');
    assert.equal((await post('/v1/logs', new Uint8Array([0x0a, 0xff, 0xff]), { 'content-type': 'application/x-protobuf' })).status, 400, 'truncated protobuf');
    const metric = (m: object) => JSON.stringify({ resourceMetrics: [{ resource, scopeMetrics: [{ metrics: [m] }] }] });
    const point = { timeUnixNano: '1700000000000000000', asInt: '1' };
    assert.equal((await post('/v1/metrics', metric({ name: 'm', sum: { dataPoints: [point] } }))).status, 400, 'sum without temporality');
    assert.equal((await post('/v1/metrics', metric({ name: '', gauge: { dataPoints: [point] } }))).status, 400, 'no name');
    assert.equal((await post('/v1/metrics', metric({ name: 'm', gauge: { dataPoints: [{ timeUnixNano: '1' }] } }))).status, 400, 'no value');
    assert.equal(ep.stored().length, 0);
    const ok = await post('/v1/logs', gzipSync(logsJson(okRecord)), { 'content-encoding': 'gzip' });
    assert.equal(ok.status, 200);
    assert.equal(ok.headers.get('content-type'), 'application/json');
    assert.deepEqual(await ok.json(), {});
    const okMetric = await post('/v1/metrics', metric({ name: 'm', sum: { aggregationTemporality: 1, isMonotonic: true, dataPoints: [point] } }));
    assert.equal(okMetric.status, 200);
    assert.equal(ep.logs().length, 1);
    assert.equal(ep.points()[0].value, 1);
  } finally {
    await ep.close();
  }
});
