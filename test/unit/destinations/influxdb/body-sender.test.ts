// The line count sendBatchBody hands to each send: the batch's own count first, then that of every part it sends
// again (v1's classifier reports a refused batch's lines from it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sendBatchBody, type WriteAnswer } from '../../../../src/destinations/influxdb/body-sender.js';
import { linesOf } from '../../../../src/destinations/influxdb/line-body.js';

const body = (lines: string[]) => Buffer.from(lines.join('\n') + '\n');

test('sendBatchBody passes the batch line count, then the count of each resent part', async () => {
  const counts: Array<[number, number]> = [];
  const send = async (b: Uint8Array, lines: number): Promise<WriteAnswer> => {
    const actual = linesOf(b);
    counts.push([lines, actual.length]);
    if (actual.includes('bad')) return { kind: 'malformed', named: ['bad'], details: { message: 'x' } };
    if (actual.length > 2) return { kind: 'tooLarge', details: { message: 'big' } };
    return { kind: 'ok' };
  };
  await assert.rejects(sendBatchBody(send, body(['a 1', 'bad', 'b 2', 'c 3', 'd 4', 'e 5']), 6));
  assert.deepEqual(counts[0], [6, 6]);
  assert.deepEqual(counts[1], [5, 5]);
  for (const [given, actual] of counts) assert.equal(given, actual);
  assert.ok(counts.length > 2, 'the 5 lines left were split after the 413');
});
