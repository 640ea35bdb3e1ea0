import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FixedWindowRateLimiter } from '../../../src/ingest/rate-limiter.js';

test('fixed window: maxMessagesPerMinute pass, the rest fail until 60 s after the window start', () => {
  const limiter = new FixedWindowRateLimiter(3, 1000);
  assert.deepEqual([1000, 1001, 1002, 1003, 60_999].map((t) => limiter.allow(t)), [true, true, true, false, false]);
  // At 61 000 the window restarts at that moment.
  assert.equal(limiter.allow(61_000), true);
  assert.equal(limiter.allow(61_001), true);
  assert.equal(limiter.allow(61_002), true);
  assert.equal(limiter.allow(121_000), true, 'new window at 121 000');
});

test('currentRate: count per elapsed seconds × 60 within the window, 0 outside or at elapsed 0', () => {
  const limiter = new FixedWindowRateLimiter(100, 0);
  assert.equal(limiter.currentRate(0), 0);
  for (let i = 0; i < 10; i++) limiter.allow(1000);
  assert.equal(limiter.currentRate(2000), 300);
  assert.equal(limiter.currentRate(60_000), 0);
});
