// Pure parts of the v2/v3 sinks: retention durations, the batch-body resend logic and the answer classifiers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { v2RetentionSeconds } from '../../../../src/destinations/influxdb/v2/retention.js';
import { sendBatchBody, type WriteAnswer } from '../../../../src/destinations/influxdb/body-sender.js';
import { linesOf } from '../../../../src/destinations/influxdb/line-body.js';
import { classifyV2Answer } from '../../../../src/destinations/influxdb/v2/write-response.js';
import { classifyV3Answer } from '../../../../src/destinations/influxdb/v3/write-response.js';
import { SinkWriteError } from '../../../../src/destinations/sink-error.js';

test('retentionSeconds reads Butler-style durations and refuses nonsense with the key named', () => {
  assert.equal(v2RetentionSeconds('10d'), 864_000);
  assert.equal(v2RetentionSeconds('1w2d'), 9 * 86_400);
  assert.equal(v2RetentionSeconds('90m'), 5400);
  assert.equal(v2RetentionSeconds('0'), 0);
  assert.equal(v2RetentionSeconds('infinite'), 0);
  assert.throws(() => v2RetentionSeconds('10 days'), /retentionDuration: "10 days" is not a duration/);
  assert.throws(() => v2RetentionSeconds('30m'), /minimum retention of 1h/);
});

const body = (lines: string[]) => Buffer.from(lines.join('\n') + '\n');

test('sendBatchBody: a malformed line named by the server is removed and the rest resent once', async () => {
  const sent: string[][] = [];
  const send = async (b: Uint8Array): Promise<WriteAnswer> => {
    const lines = linesOf(b);
    sent.push(lines);
    const bad = lines.find((l) => l.startsWith('bad'));
    return bad ? { kind: 'malformed', named: [bad], details: { message: 'x' } } : { kind: 'ok' };
  };
  await assert.rejects(sendBatchBody(send, body(['a 1', 'bad', 'b 2']), 3), (err: SinkWriteError) => err.kind === 'rejected' && err.rejectedLines === 1 && err.offending[0] === 'bad');
  assert.deepEqual(sent, [['a 1', 'bad', 'b 2'], ['a 1', 'b 2']]);
});

test('sendBatchBody: an unlocatable complaint rejects the whole batch; a retryable failure is thrown as is', async () => {
  await assert.rejects(sendBatchBody(async () => ({ kind: 'malformed', named: ['zzz'], details: { message: 'x' } }), body(['a 1', 'b 2']), 2), (e: SinkWriteError) => e.rejectedLines === 2);
  const boom = new SinkWriteError({ kind: 'retryable', details: { message: '503' } });
  await assert.rejects(sendBatchBody(async () => ({ kind: 'failed', error: boom }), body(['a 1']), 1), (e) => e === boom);
});

test('sendBatchBody: 413 halves until parts fit, keeping order; a single line that never fits is rejected', async () => {
  const stored: string[] = [];
  const send = async (b: Uint8Array): Promise<WriteAnswer> => {
    const lines = linesOf(b);
    if (lines.length > 2) return { kind: 'tooLarge', details: { message: 'big' } };
    stored.push(...lines);
    return { kind: 'ok' };
  };
  const lines = Array.from({ length: 9 }, (_, i) => `m v=${i}`);
  await sendBatchBody(send, body(lines), 9);
  assert.deepEqual(stored, lines);
  await assert.rejects(sendBatchBody(async () => ({ kind: 'tooLarge', details: { message: 'big' } }), body(['a 1']), 1), (e: SinkWriteError) => e.kind === 'rejected' && e.rejectedLines === 1);
});

const answer = (status: number, json: unknown, headers: Record<string, string> = {}) => ({ status, text: JSON.stringify(json), headers });

test('classifyV2Answer maps the 2.x statuses', () => {
  const url = 'http://x/api/v2/write';
  const parse = classifyV2Answer(answer(400, { code: 'invalid', message: "unable to parse 'm x': missing fields" }), url, 0);
  assert.deepEqual(parse.kind === 'malformed' && parse.named, ['m x']);
  const partial = classifyV2Answer(answer(422, { code: 'unprocessable entity', message: 'partial write: field type conflict dropped=3' }), url, 0);
  assert.equal(partial.kind === 'partial' && partial.rejected, 3);
  assert.equal(classifyV2Answer(answer(413, { code: 'request too large', message: 'x' }), url, 0).kind, 'tooLarge');
  const auth = classifyV2Answer(answer(401, { code: 'unauthorized', message: 'unauthorized access' }), url, 0);
  assert.equal(auth.kind === 'failed' && auth.error.kind, 'config');
  const busy = classifyV2Answer(answer(429, { code: 'too many requests', message: 'x' }, { 'retry-after': '3' }), url, 0);
  assert.equal(busy.kind === 'failed' && busy.error.retryAfterMs, 3000);
});

test('classifyV3Answer maps partial writes, full refusals and other statuses', () => {
  const url = 'http://x/api/v3/write_lp';
  const data = [{ original_line: 'm v=', line_number: 2, error_message: 'No fields were provided' }];
  const partial = classifyV3Answer(answer(400, { error: 'partial write of line protocol occurred', data }), url, 0);
  assert.equal(partial.kind === 'partial' && partial.rejected, 1);
  const all = classifyV3Answer(answer(400, { error: 'parsing failed for write_lp endpoint', data: data[0] }), url, 0);
  assert.deepEqual(all.kind === 'malformed' && all.named, ['m v=']);
  const missing = classifyV3Answer(answer(404, { error: 'database not found: x' }), url, 0);
  assert.equal(missing.kind === 'failed' && missing.error.kind, 'config');
  const down = classifyV3Answer(answer(503, { error: 'x' }), url, 0);
  assert.equal(down.kind === 'failed' && down.error.kind, 'retryable');
});
