import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LineOutbox } from '../../../src/pipeline/line-outbox.js';
import type { LineRoute } from '../../../src/pipeline/routes.js';
import type { BatchMessage } from '../../../src/threads/messages.js';

// The outbox writes lines into a reused byte buffer as they arrive; its bodies must be exactly the UTF-8 of
// the lines joined by '\n' plus a final '\n', however the buffer had to grow.

const utf8 = new TextEncoder();
const expected = (lines: string[]): Uint8Array => utf8.encode(lines.join('\n') + '\n');

function collect(outbox: LineOutbox, writers = 2): { posts: Array<[number, BatchMessage]>; posted: number[] } {
  const posts: Array<[number, BatchMessage]> = [];
  const posted = new Array<number>(writers).fill(0);
  outbox.flush((w, m) => posts.push([w, m]), posted);
  return { posts, posted };
}

const V1: LineRoute[] = [{ dest: 'influxdb', version: 1, writer: 0 }];

test('a flush posts the lines as one body: UTF-8, one line per point, each ending in a newline', () => {
  const outbox = new LineOutbox('LOG_EVENTS', V1, 'parse');
  const lines = ['m,t=a f=1i 1000', 'm,t=b f="x y" 2000'];
  for (const l of lines) outbox.push(1, l);
  const { posts, posted } = collect(outbox);
  assert.equal(posts.length, 1);
  const [writer, msg] = posts[0];
  assert.equal(writer, 0);
  assert.deepEqual(posted, [1, 0]);
  assert.equal(msg.t, 'batch');
  assert.equal(msg.module, 'LOG_EVENTS');
  assert.equal(msg.origin, 'parse');
  assert.equal(msg.dest, 'influxdb');
  assert.equal(msg.count, 2);
  assert.deepEqual(msg.body, expected(lines));
  // The body owns its ArrayBuffer: a structured clone copies no scratch space, and later pushes cannot change it.
  assert.equal(msg.body.buffer.byteLength, msg.body.byteLength);
});

test('non-ASCII, astral and lone-surrogate text is encoded as TextEncoder does (U+FFFD for lone surrogates)', () => {
  const outbox = new LineOutbox('USER_EVENTS', V1, 'parse');
  const lines = ['m u="Ölof Åström" 1', 'm e="😀 ok" 2', 'm bad="\ud800x" 3', '', 'm v="日本語テキスト" 4'];
  for (const l of lines) outbox.push(1, l);
  const msg = collect(outbox).posts[0][1];
  assert.equal(msg.count, lines.length);
  assert.deepEqual(msg.body, expected(lines));
});

test('the scratch buffer grows for large slices and is reused: every flush carries only its own lines', () => {
  const outbox = new LineOutbox('LOG_EVENTS', V1, 'parse');
  const big = (i: number, unit: string) => `log_event,n=${i} raw_event="${unit.repeat(500 + (i % 37) * 40)}" ${i}`;
  for (const unit of ['a', 'é', '€']) {
    const lines = Array.from({ length: 300 }, (_, i) => big(i, unit));
    for (const l of lines) outbox.push(1, l);
    const msg = collect(outbox).posts[0][1];
    assert.equal(msg.count, 300);
    assert.deepEqual(msg.body, expected(lines), `unit ${unit}`);
  }
  // Nothing pushed since the last flush: nothing is posted.
  assert.equal(collect(outbox).posts.length, 0);
});

test('one body per dialect, posted to every route of that dialect with the posts counted per writer', () => {
  const routes: LineRoute[] = [
    { dest: 'influxdb', version: 2, writer: 0 },
    { dest: 'file', version: 1, writer: 1 },
  ];
  const outbox = new LineOutbox('LOG_EVENTS', routes, 'parse');
  assert.deepEqual([...outbox.versions].sort(), [1, 2]);
  outbox.push(2, 'v2 line');
  outbox.push(1, 'v1 line a');
  outbox.push(1, 'v1 line b');
  const { posts, posted } = collect(outbox);
  assert.deepEqual(posted, [1, 1]);
  const byDest = new Map(posts.map(([w, m]) => [m.dest, { w, m }]));
  assert.equal(byDest.get('influxdb')?.w, 0);
  assert.deepEqual(byDest.get('influxdb')?.m.body, expected(['v2 line']));
  assert.equal(byDest.get('file')?.m.count, 2);
  assert.deepEqual(byDest.get('file')?.m.body, expected(['v1 line a', 'v1 line b']));
});

test('an outbox without routes is inactive and posts nothing', () => {
  const outbox = new LineOutbox('USER_EVENTS', [], 'parse');
  assert.equal(outbox.active, false);
  assert.equal(collect(outbox).posts.length, 0);
});
