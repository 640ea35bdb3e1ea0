import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_BACKOFF, retryDelayMs } from '../../../src/destinations/delivery/backoff.js';

const max = () => 0.999999;

test('transient failures: full jitter within an exponentially growing window, capped', () => {
  assert.equal(retryDelayMs(DEFAULT_BACKOFF, 1, 'retryable', undefined, () => 0), 0);
  assert.equal(retryDelayMs(DEFAULT_BACKOFF, 1, 'retryable', undefined, max), 250);
  assert.equal(retryDelayMs(DEFAULT_BACKOFF, 3, 'retryable', undefined, max), 1000);
  assert.equal(retryDelayMs(DEFAULT_BACKOFF, 50, 'retryable', undefined, max), 30_000);
  assert.equal(retryDelayMs(DEFAULT_BACKOFF, 5000, 'retryable', undefined, max), 30_000, 'no overflow');
});

test('config failures are never retried faster than half their window', () => {
  assert.equal(retryDelayMs(DEFAULT_BACKOFF, 1, 'config', undefined, () => 0), 2500);
  assert.equal(retryDelayMs(DEFAULT_BACKOFF, 10, 'config', undefined, () => 0), 30_000);
});

test("the server's Retry-After wins, bounded by maxRetryAfterMs", () => {
  assert.equal(retryDelayMs(DEFAULT_BACKOFF, 1, 'retryable', 4000, max), 4000);
  assert.equal(retryDelayMs(DEFAULT_BACKOFF, 1, 'retryable', 10 * 3600_000, max), DEFAULT_BACKOFF.maxRetryAfterMs);
});
