import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseTextSchedule, ScheduleError } from '../../../src/ops/schedule.js';
import { ScheduledRunner } from '../../../src/ops/scheduled-runner.js';
import { FakeClock } from '../destinations/fake-clock.js';

const T0 = Date.parse('2025-01-01T10:07:03.500Z');
const iso = (ms: number | undefined): string | undefined => (ms === undefined ? undefined : new Date(ms).toISOString());

test('later.js texts from Butler SOS configs: clock-aligned UTC occurrences', () => {
  const cases: Array<[string, string, number]> = [
    ['every 15 minutes', '2025-01-01T10:15:00.000Z', 15 * 60_000],
    ['every 1 hour', '2025-01-01T11:00:00.000Z', 3_600_000],
    ['every 1 hours', '2025-01-01T11:00:00.000Z', 3_600_000],
    ['every 2 hours', '2025-01-01T12:00:00.000Z', 2 * 3_600_000],
    ['every 5 mins', '2025-01-01T10:10:00.000Z', 5 * 60_000],
    ['at 10:15 am', '2025-01-01T10:15:00.000Z', 24 * 3_600_000],
    ['every 1 day at 02:00', '2025-01-02T02:00:00.000Z', 24 * 3_600_000],
  ];
  for (const [text, first, interval] of cases) {
    const s = parseTextSchedule(text, 'uptimeMonitor.frequency', T0);
    assert.equal(s.text, text);
    assert.equal(iso(s.nextAfter(T0)), first, text);
    assert.equal(s.intervalAfter(T0), interval, text);
  }
});

test('an occurrence less than a second away is skipped for the next one (later.setTimeout rule)', () => {
  const s = parseTextSchedule('every 15 minutes', 'k', T0);
  const at = Date.parse('2025-01-01T10:15:00.000Z');
  assert.equal(iso(s.nextAfter(at)), '2025-01-01T10:30:00.000Z', 'fired at 10:15 exactly: next is 10:30, not 10:15 again');
  assert.equal(iso(s.nextAfter(at - 500)), '2025-01-01T10:30:00.000Z');
  assert.equal(iso(s.nextAfter(at - 1500)), '2025-01-01T10:15:00.000Z');
});

test('unreadable, empty, non-text and never-occurring schedules: errors name the key and the text', () => {
  const bad: Array<[unknown, RegExp]> = [
    ['bogus text', /heartbeat\.frequency: "bogus text" is not a later\.js text schedule: cannot read it from character 1/],
    ['every 15 minutes foo', /character 18 \("foo"\)/],
    ['', /expected a later\.js text schedule, got an empty text/],
    ['   ', /expected a later\.js text schedule/],
    [15, /got 15/],
    [null, /got null/],
    ['on the 30th day of February', /never occurs/],
  ];
  for (const [text, message] of bad) {
    assert.throws(
      () => parseTextSchedule(text, 'heartbeat.frequency', T0),
      (err: unknown) => err instanceof ScheduleError && err.key === 'heartbeat.frequency' && message.test(err.message) && /every 15 minutes/.test(err.message),
      String(text),
    );
  }
});

test('ScheduledRunner: fires at each occurrence on a fake clock, optionally at once, and stops', async () => {
  const clock = new FakeClock(T0);
  const fired: string[] = [];
  const runner = new ScheduledRunner(parseTextSchedule('every 15 minutes', 'k', T0), (at) => void fired.push(new Date(at).toISOString()), clock);
  runner.start(true);
  assert.deepEqual(fired, ['2025-01-01T10:07:03.500Z'], 'immediately');
  await clock.advance(60 * 60_000);
  assert.deepEqual(fired.slice(1), ['2025-01-01T10:15:00.000Z', '2025-01-01T10:30:00.000Z', '2025-01-01T10:45:00.000Z', '2025-01-01T11:00:00.000Z']);
  assert.equal(runner.stats.runs, 5);
  await runner.stop();
  assert.equal(clock.pending(), 0);
  await clock.advance(60 * 60_000);
  assert.equal(fired.length, 5, 'nothing after stop');
});

test('ScheduledRunner: a run still going at the next occurrence makes it skip; a throwing task keeps the schedule', async () => {
  const clock = new FakeClock(T0);
  let release: (() => void) | undefined;
  let calls = 0;
  const skips: number[] = [];
  const runner = new ScheduledRunner(
    parseTextSchedule('every 1 minute', 'k', T0),
    () => {
      calls++;
      if (calls === 1) return new Promise<void>((r) => (release = r));
      if (calls === 2) throw new Error('boom');
    },
    clock,
    () => skips.push(clock.now()),
  );
  runner.start(false);
  await clock.advance(3 * 60_000); // 10:08 runs and hangs; 10:09 and 10:10 are skipped
  assert.equal(calls, 1);
  assert.equal(runner.stats.skipped, 2);
  assert.equal(skips.length, 2);
  release!();
  await clock.advance(2 * 60_000); // 10:11 throws, 10:12 still runs
  assert.equal(calls, 3);
  assert.equal(runner.stats.runs, 3);
  await runner.stop();
});

test('ScheduledRunner: waits longer than setTimeout allows are taken in steps', async () => {
  const now = Date.parse('2025-01-01T00:00:05.000Z');
  const clock = new FakeClock(now);
  const fired: number[] = [];
  // Once a year on 1 Jan at 00:00: the next one is ~365 days away, more than 2^31-1 ms (~24.8 days).
  const runner = new ScheduledRunner(parseTextSchedule('at 00:00 on the 1st day of January', 'k', now), (at) => void fired.push(at), clock);
  runner.start(false);
  await clock.advance(364 * 24 * 3_600_000);
  assert.deepEqual(fired, []);
  await clock.advance(2 * 24 * 3_600_000);
  assert.deepEqual(fired.map((t) => new Date(t).toISOString()), ['2026-01-01T00:00:00.000Z']);
  await runner.stop();
});
