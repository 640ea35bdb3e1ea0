import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chunkBody, chunkItems, halves } from '../../../../src/destinations/new-relic/chunks.js';
import { parseRetryAfter } from '../../../../src/destinations/new-relic/http-client.js';
import { eventUrl, requestHeaders } from '../../../../src/destinations/new-relic/options.js';

test('chunks respect item count and byte limits and cover every item once, in order', () => {
  const items = Array.from({ length: 10 }, (_, i) => JSON.stringify({ i, pad: 'x'.repeat(i * 10) }));
  for (const [maxItems, maxBytes] of [[3, 10_000], [100, 150], [1, 1]]) {
    const chunks = chunkItems(items, maxItems, maxBytes);
    assert.deepEqual(chunks.flatMap((c) => items.slice(c.start, c.end)), items);
    for (const c of chunks) {
      assert.ok(c.end - c.start <= maxItems);
      if (c.end - c.start > 1) assert.ok(Buffer.byteLength(chunkBody(items, c)) <= maxBytes);
      assert.deepEqual(JSON.parse(chunkBody(items, c)), items.slice(c.start, c.end).map((s) => JSON.parse(s)));
    }
  }
  assert.deepEqual(halves({ start: 0, end: 5 }), [{ start: 0, end: 3 }, { start: 3, end: 5 }]);
});

test('Retry-After in seconds or as an HTTP date', () => {
  assert.equal(parseRetryAfter('2', 0), 2000);
  assert.equal(parseRetryAfter(undefined, 0), undefined);
  const now = Date.parse('2026-01-01T00:00:00Z');
  assert.equal(parseRetryAfter('Thu, 01 Jan 2026 00:00:05 GMT', now), 5000);
  assert.equal(parseRetryAfter('garbage', now), undefined);
});

test('Event API URL and headers: the account key wins over a configured Api-Key header', () => {
  assert.equal(eventUrl('https://insights-collector.eu01.nr-data.net', '42'), 'https://insights-collector.eu01.nr-data.net/v1/accounts/42/events');
  assert.equal(eventUrl('https://x/', '42'), 'https://x/v1/accounts/42/events');
  const h = requestHeaders([{ name: 'X-A', value: '1' }, { name: 'API-KEY', value: 'configured' }], 'account-key');
  assert.deepEqual(h, { 'content-type': 'application/json', 'content-encoding': 'gzip', 'x-a': '1', 'api-key': 'account-key' });
});
