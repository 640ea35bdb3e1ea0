import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { PollSchedule } from '../../../src/pollers/poll-schedule.js';

test('first run at start, then every interval; a task still running is skipped and counted', async () => {
  const runs: Record<string, number> = { fast: 0, slow: 0 };
  const skipped: string[] = [];
  let release: () => void = () => {};
  const schedule = new PollSchedule(
    'test',
    40,
    [
      { key: 'fast', run: async () => void runs.fast++ },
      { key: 'slow', run: () => ((runs.slow++, new Promise<void>((r) => (release = r)))) },
    ],
    { onSkip: (key) => skipped.push(key) },
  );
  schedule.start();
  assert.deepEqual(runs, { fast: 1, slow: 1 }, 'both ran synchronously at start');
  await sleep(150);
  assert.ok(runs.fast >= 3, `fast ran ${runs.fast} times`);
  assert.equal(runs.slow, 1, 'slow never overlapped itself');
  assert.ok(skipped.length >= 2 && skipped.every((k) => k === 'slow'));
  assert.equal(schedule.stats.skippedOverlap, skipped.length);
  release();
  await sleep(60);
  assert.equal(runs.slow, 2, 'slow runs again once it finished');
  const stopping = schedule.stop();
  release();
  await stopping;
  const after = runs.fast;
  await sleep(100);
  assert.equal(runs.fast, after, 'no runs after stop');
});

test('a throwing task does not stop the schedule', async () => {
  let n = 0;
  const schedule = new PollSchedule('t', 20, [{ key: 'x', run: async () => { n++; throw new Error('boom'); } }]);
  schedule.start();
  // Waits for three runs rather than a fixed time, so a loaded machine cannot fail it; a stopped schedule would
  // never get there and times out.
  const deadline = Date.now() + 2000;
  while (n < 3 && Date.now() < deadline) await sleep(10);
  await schedule.stop();
  assert.ok(n >= 3, `ran ${n} times in 2 s`);
});

test('an interval below 1 ms is refused', () => {
  assert.throws(() => new PollSchedule('health', 0, []), /health: polling interval must be at least 1 ms/);
});
