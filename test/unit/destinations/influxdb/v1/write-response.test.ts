import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyV1Answer, serverErrorText, writeFailure } from '../../../../../src/destinations/influxdb/v1/write-response.js';
import { parseRetryAfter, unparsedLines } from '../../../../../src/destinations/influxdb/write-response.js';

const ctx = { requestUrl: 'http://db:8086/write', lines: 10 };

// Texts as influxd 1.6 returns them (captured from the real server, see the integration tests).
const PARTIAL_PARSE = "partial write: unable to parse 'bad line here': invalid field format\nunable to parse 'also-bad': missing fields dropped=0";
const PARTIAL_TYPE = 'partial write: field type conflict: input field "v" on measurement "m" is type string, already exists as type integer dropped=3';

test('a partial write with unparseable lines rejects exactly those lines and names them', () => {
  const e = writeFailure(400, PARTIAL_PARSE, undefined, ctx, 0);
  assert.equal(e.kind, 'rejected');
  assert.equal(e.rejectedLines, 2);
  assert.deepEqual(e.offending, ['bad line here', 'also-bad']);
  assert.equal(e.details.httpStatus, 400);
  assert.equal(e.details.requestUrl, ctx.requestUrl);
});

test('a partial write with a type conflict rejects the dropped count', () => {
  const e = writeFailure(400, PARTIAL_TYPE, undefined, ctx, 0);
  assert.equal(e.kind, 'rejected');
  assert.equal(e.rejectedLines, 3);
});

test('a 400 without "partial write" means nothing was written', () => {
  const e = writeFailure(400, "unable to parse 'justbad': missing fields", undefined, ctx, 0);
  assert.equal(e.kind, 'rejected');
  assert.equal(e.rejectedLines, 10);
  assert.deepEqual(e.offending, ['justbad']);
});

test('status classification: auth, missing database and "database is required" need an admin; 5xx/429 are retried', () => {
  assert.equal(writeFailure(401, 'authorization failed', undefined, ctx, 0).kind, 'config');
  assert.equal(writeFailure(404, 'database not found: "x"', undefined, ctx, 0).kind, 'config');
  assert.equal(writeFailure(400, 'database is required', undefined, ctx, 0).kind, 'config');
  assert.equal(writeFailure(500, 'timeout', undefined, ctx, 0).kind, 'retryable');
  const busy = writeFailure(429, 'slow down', '7', ctx, 0);
  assert.equal(busy.kind, 'retryable');
  assert.equal(busy.retryAfterMs, 7000);
});

test('a lone quote inside an unparseable line does not cut the line short', () => {
  assert.deepEqual(unparsedLines("unable to parse 'm,t=a': b v=1': invalid tag format"), ["m,t=a': b v=1"]);
});

test('server error text: JSON error first, then the header, then the raw body', () => {
  assert.equal(serverErrorText('{"error":"boom"}\n', 'hdr'), 'boom');
  assert.equal(serverErrorText('<html>', 'hdr'), 'hdr');
  assert.equal(serverErrorText('plain', undefined), 'plain');
});

test('Retry-After accepts seconds and HTTP dates, ignores garbage', () => {
  assert.equal(parseRetryAfter('2', 0), 2000);
  const now = Date.UTC(2024, 0, 1, 0, 0, 0);
  assert.equal(parseRetryAfter('Mon, 01 Jan 2024 00:00:05 GMT', now), 5000);
  assert.equal(parseRetryAfter('soon', now), undefined);
  assert.equal(parseRetryAfter(undefined, now), undefined);
});

test('classifyV1Answer: 2xx is ok; any other answer is the final writeFailure for the lines that were sent', () => {
  const url = 'http://db:8086/write';
  assert.deepEqual(classifyV1Answer({ status: 204, text: '', headers: {} }, url, 0, 10), { kind: 'ok' });
  const partial = classifyV1Answer({ status: 400, text: JSON.stringify({ error: PARTIAL_PARSE }), headers: {} }, url, 0, 10);
  assert.ok(partial.kind === 'failed');
  assert.equal(partial.error.kind, 'rejected');
  assert.equal(partial.error.rejectedLines, 2);
  assert.deepEqual(partial.error.offending, ['bad line here', 'also-bad']);
  const none = classifyV1Answer({ status: 400, text: '<html>', headers: { 'x-influxdb-error': "unable to parse 'justbad': missing fields" } }, url, 0, 7);
  assert.ok(none.kind === 'failed');
  assert.equal(none.error.rejectedLines, 7);
  assert.equal(none.error.details.message, "InfluxDB responded 400: unable to parse 'justbad': missing fields");
  const busy = classifyV1Answer({ status: 503, text: 'busy', headers: { 'retry-after': '3' } }, url, 0, 7);
  assert.ok(busy.kind === 'failed');
  assert.equal(busy.error.kind, 'retryable');
  assert.equal(busy.error.retryAfterMs, 3000);
});
