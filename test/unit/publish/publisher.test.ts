import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Publisher } from '../../../src/publish/publisher.js';
import type { PublishLane, PublishTable } from '../../../src/publish/publish-table.js';
import type { DataKind } from '../../../src/publish/published-data.js';
import type { BatchMessage } from '../../../src/threads/messages.js';
import type { DestinationRoute } from '../../../src/destinations/routes.js';

// The publisher writes records into a reused byte buffer as they arrive; its bodies must be exactly the UTF-8
// of the records joined by '\n' plus a final '\n', however the buffer had to grow.

const utf8 = new TextEncoder();
const expected = (lines: string[]): Uint8Array => utf8.encode(lines.join('\n') + '\n');

/** A lane whose encoder writes the datum's `lines` as they are (the datum shape is the test's own). */
function lane(kind: DataKind, key: string, targets: DestinationRoute[]): PublishLane {
  return { kind, key, targets, encode: ((d: { lines: string[] }, out: (r: string) => void) => d.lines.forEach(out)) as unknown as PublishLane['encode'] };
}

function publisher(lanes: PublishLane[], writers = 2): { pub: Publisher; posts: Array<[number, BatchMessage]> } {
  const table: PublishTable = new Map();
  for (const l of lanes) table.set(l.kind, [...(table.get(l.kind) ?? []), l]);
  const posts: Array<[number, BatchMessage]> = [];
  return { pub: new Publisher(table, 'parse', (w, m) => void posts.push([w, m]), writers), posts };
}

const push = (pub: Publisher, kind: DataKind, lines: string[]): void => pub.publish(kind, { lines } as never);
const V1 = [lane('LOG_EVENTS', 'line-protocol-v1', [{ dest: 'influxdb', writer: 0 }])];

test('a flush posts the lines as one body: UTF-8, one line per point, each ending in a newline', () => {
  const { pub, posts } = publisher(V1);
  const lines = ['m,t=a f=1i 1000', 'm,t=b f="x y" 2000'];
  push(pub, 'LOG_EVENTS', lines);
  const { posted } = pub.flush();
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

test('non-ASCII, astral and lone-surrogate text is encoded as TextEncoder does (U+FFFD for lone surrogates); empty records are left out', () => {
  const { pub, posts } = publisher(V1);
  const lines = ['m u="Ölof Åström" 1', 'm e="😀 ok" 2', 'm bad="\ud800x" 3', '', 'm v="日本語テキスト" 4'];
  push(pub, 'LOG_EVENTS', lines);
  pub.flush();
  const msg = posts[0][1];
  const written = lines.filter((l) => l !== '');
  assert.equal(msg.count, written.length);
  assert.deepEqual(msg.body, expected(written));
});

test('the scratch buffer grows for large slices and is reused: every flush carries only its own lines', () => {
  const { pub, posts } = publisher(V1);
  const big = (i: number, unit: string) => `log_event,n=${i} raw_event="${unit.repeat(500 + (i % 37) * 40)}" ${i}`;
  for (const unit of ['a', 'é', '€']) {
    const lines = Array.from({ length: 300 }, (_, i) => big(i, unit));
    push(pub, 'LOG_EVENTS', lines);
    pub.flush();
    const msg = posts.at(-1)![1];
    assert.equal(msg.count, 300);
    assert.deepEqual(msg.body, expected(lines), `unit ${unit}`);
  }
  // Nothing published since the last flush: nothing is posted.
  const before = posts.length;
  assert.equal(pub.flush().batches, 0);
  assert.equal(posts.length, before);
});

test('one body per encoding, posted to every destination of that encoding with the posts counted per writer', () => {
  const { pub, posts } = publisher([
    lane('LOG_EVENTS', 'line-protocol-v2', [{ dest: 'influxdb', writer: 0 }]),
    lane('LOG_EVENTS', 'line-protocol-v1', [
      { dest: 'file', writer: 1 },
      { dest: 'other', writer: 1 },
    ]),
  ]);
  pub.publish('LOG_EVENTS', { lines: ['a'] } as never);
  const { posted, batches, records } = pub.flush('sense1');
  assert.deepEqual(posted, [1, 2]);
  assert.equal(batches, 3);
  assert.equal(records, 2, 'records encoded, counted once per encoding');
  const byDest = new Map(posts.map(([w, m]) => [m.dest, { w, m }]));
  assert.equal(byDest.get('influxdb')?.w, 0);
  assert.equal(byDest.get('file')?.m.serverName, 'sense1');
  // One body in shared memory for every destination of the encoding: posting it copies nothing.
  assert.ok(byDest.get('file')?.m.body.buffer instanceof SharedArrayBuffer);
  assert.equal(byDest.get('file')?.m.body, byDest.get('other')?.m.body);
  assert.deepEqual(byDest.get('other')?.m.body, expected(['a']));
});

test('a kind no destination takes is not taken and posts nothing', () => {
  const { pub, posts } = publisher(V1);
  assert.equal(pub.takes('USER_EVENTS'), false);
  assert.equal(pub.takes('LOG_EVENTS'), true);
  pub.publish('USER_EVENTS', { lines: ['x'] } as never);
  pub.flush();
  assert.equal(posts.length, 0);
});

test('reroute (a configuration reload): what is pending goes to the old destinations now, later data follows the new table', () => {
  const { pub, posts } = publisher(V1);
  push(pub, 'LOG_EVENTS', ['old 1']);
  const next: PublishTable = new Map([['LOG_EVENTS', [lane('LOG_EVENTS', 'line-protocol-v1', [{ dest: 'file', writer: 1 }])]]]);
  const pending = pub.reroute(next);
  assert.deepEqual(pending.posted, [1, 0]);
  assert.deepEqual(posts.map(([w, m]) => [w, m.dest, m.count]), [[0, 'influxdb', 1]]);
  assert.equal(pub.takes('USER_EVENTS'), false);
  push(pub, 'LOG_EVENTS', ['new 1', 'new 2']);
  assert.deepEqual(pub.flush().posted, [0, 1]);
  assert.deepEqual(posts.map(([w, m]) => [w, m.dest, m.count]), [[0, 'influxdb', 1], [1, 'file', 2]]);
  assert.deepEqual(posts[1][1].body, expected(['new 1', 'new 2']));
  // A table without the kind: nothing taken, nothing posted.
  pub.reroute(new Map());
  assert.equal(pub.takes('LOG_EVENTS'), false);
  push(pub, 'LOG_EVENTS', ['dropped by routing']);
  assert.equal(pub.flush().batches, 0);
});
