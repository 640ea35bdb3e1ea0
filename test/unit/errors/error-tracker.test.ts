import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ErrorTracker, type ErrorTrackerOptions } from '../../../src/errors/error-tracker.js';
import { encodeErrorLine } from '../../../src/errors/error-point.js';
import type { ErrorReport, ErrorType } from '../../../src/threads/messages.js';
import { captureLogger, FakeClock } from './helpers.js';

const T0 = Date.UTC(2026, 4, 3, 16, 10, 9, 420);
const POINTS = { measurement: 'butler_sos_errors', version: 1 } as const;

function setup(options: Partial<ErrorTrackerOptions> = {}, start = T0) {
  const log = captureLogger('debug');
  const clock = new FakeClock(start);
  const lines: string[] = [];
  const tracker = new ErrorTracker(
    { enable: true, logSummary: true, points: true, ...options },
    { logger: log.logger, clock, emit: (e) => lines.push(encodeErrorLine(e.report, e.category, POINTS)) },
  );
  return { tracker, clock, log, lines };
}

const report = (type: ErrorType, serverName: string, at = T0): ErrorReport => ({ t: 'error', type, serverName, at, err: { code: 'ECONNREFUSED' } });

test('counts are grouped by type and server, with _no_server_context for none', () => {
  const { tracker } = setup();
  tracker.record(report('PROXY_API', 'sense1'));
  tracker.record(report('PROXY_API', 'sense1'));
  tracker.record(report('HEALTH_API', 'sense1'));
  tracker.record(report('UDP_LOG_EVENT', ''));
  const c = tracker.counts();
  assert.equal(c.today.total, 4);
  assert.deepEqual(c.today.details, {
    PROXY_API: { total: 2, servers: { sense1: 2 } },
    HEALTH_API: { total: 1, servers: { sense1: 1 } },
    UDP_LOG_EVENT: { total: 1, servers: { _no_server_context: 1 } },
  });
  assert.equal(c.day, '2026-05-03');
  assert.equal(c.sinceStart.byCategory.connection_refused, 4);
});

test('each error logs the running total at info, in the documented format', () => {
  const { tracker, log } = setup();
  tracker.record(report('PROXY_API', 'sense1'));
  tracker.record(report('PROXY_API', 'sense1'));
  tracker.record(report('HEALTH_API', 'sense1'));
  const info = log.messages('info');
  assert.equal(info.length, 3);
  assert.equal(
    info[2],
    'ERROR TRACKER: Error counts today (UTC): Total=3, Details={"PROXY_API":{"total":2,"servers":{"sense1":2}},"HEALTH_API":{"total":1,"servers":{"sense1":1}}}',
  );
  assert.equal(tracker.summaryLine(), info[2]);
});

test('debug lines for the first and later increments', () => {
  const { tracker, log } = setup();
  tracker.record(report('PROXY_API', 'sense1'));
  tracker.record(report('PROXY_API', 'sense1'));
  tracker.record(report('NEW_RELIC_POST', ''));
  assert.deepEqual(log.messages('debug'), [
    'ERROR TRACKER: Adding first error count for PROXY_API/sense1',
    'ERROR TRACKER: Incremented error count for PROXY_API/sense1, new count: 2',
    'ERROR TRACKER: Adding first error count for NEW_RELIC_POST/_no_server_context',
  ]);
});

test('logSummary off: counts and points go on, no running total line', () => {
  const { tracker, log, lines } = setup({ logSummary: false });
  tracker.record(report('HEALTH_API', 'sense1'));
  assert.equal(tracker.counts().today.total, 1);
  assert.equal(lines.length, 1);
  assert.equal(log.messages('info').filter((m) => m.includes('Error counts today')).length, 0);
});

test('master switch off: no counting, no logging, no points, no timer', () => {
  const { tracker, log, lines, clock } = setup({ enable: false });
  tracker.start();
  tracker.record(report('HEALTH_API', 'sense1'));
  tracker.receive(report('HEALTH_API', 'sense1'));
  assert.equal(tracker.counts().today.total, 0);
  assert.equal(tracker.counts().enabled, false);
  assert.equal(lines.length, 0);
  assert.equal(log.lines.length, 0);
  assert.equal(clock.pending, 0);
});

test('one point per error when points are on, none when off', () => {
  const on = setup();
  on.tracker.record(report('HEALTH_API', 'sense1'));
  on.tracker.record(report('PROXY_API', 'sense2'));
  assert.equal(on.lines.length, 2);
  assert.match(on.lines[0], /^butler_sos_errors,error_type=HEALTH_API,server_name=sense1 /);
  assert.equal(on.tracker.counts().pointsEmitted, 2);
  const off = setup({ points: false });
  off.tracker.record(report('HEALTH_API', 'sense1'));
  assert.equal(off.lines.length, 0);
  assert.equal(off.tracker.counts().today.total, 1);
});

test('a failing point sink is logged at debug and never counted as another error', () => {
  const log = captureLogger('debug');
  const tracker = new ErrorTracker(
    { enable: true, logSummary: true, points: true },
    { logger: log.logger, clock: new FakeClock(T0), emit: () => { throw new Error('writer queue closed'); } },
  );
  tracker.record(report('INFLUXDB_V1_WRITE', 'sense1'));
  tracker.record(report('INFLUXDB_V1_WRITE', 'sense1'));
  const c = tracker.counts();
  assert.equal(c.today.total, 2);
  assert.equal(c.pointEmitFailures, 2);
  assert.ok(log.messages('debug').includes('ERROR TRACKER: Error writing error event to InfluxDB: writer queue closed'));
});

test('midnight UTC: four log lines, counters reset, next reset scheduled (fake clock)', () => {
  const { tracker, clock, log } = setup({}, Date.UTC(2026, 4, 3, 23, 0, 0));
  tracker.start();
  assert.deepEqual(log.messages('info'), ['ERROR TRACKER: Scheduled next error counter reset at 2026-05-04T00:00:00.000Z (in 60 minutes)']);
  tracker.record(report('PROXY_API', 'sense1'));
  tracker.record(report('HEALTH_API', 'sense1'));
  log.lines.length = 0;
  clock.advance(60 * 60_000);
  assert.deepEqual(log.messages('info'), [
    'ERROR TRACKER: Midnight UTC reached, resetting error counters',
    'ERROR TRACKER: Error counts today (UTC): Total=2, Details={"PROXY_API":{"total":1,"servers":{"sense1":1}},"HEALTH_API":{"total":1,"servers":{"sense1":1}}}',
    'ERROR TRACKER: Reset all error counters',
    'ERROR TRACKER: Scheduled next error counter reset at 2026-05-05T00:00:00.000Z (in 1440 minutes)',
  ]);
  const c = tracker.counts();
  assert.equal(c.today.total, 0);
  assert.deepEqual(c.today.details, {});
  assert.equal(c.day, '2026-05-04');
  assert.equal(c.sinceStart.total, 2, 'lifetime counts never reset');
  // ...and again the next night: the schedule repeats daily.
  log.lines.length = 0;
  clock.advance(24 * 60 * 60_000);
  assert.equal(log.messages('info').filter((m) => m.includes('Midnight UTC reached')).length, 1);
  assert.equal(tracker.counts().day, '2026-05-05');
  assert.equal(clock.pending, 1, 'exactly one timer is armed');
});

test('midnight with logSummary off: no summary line, the reset still happens', () => {
  const { tracker, clock, log } = setup({ logSummary: false }, Date.UTC(2026, 4, 3, 23, 59, 0));
  tracker.start();
  tracker.record(report('PROXY_API', 'sense1'));
  clock.advance(60_000);
  const info = log.messages('info');
  assert.ok(!info.some((m) => m.includes('Error counts today')));
  assert.ok(info.includes('ERROR TRACKER: Reset all error counters'));
  assert.equal(tracker.counts().today.total, 0);
});

test('an error after sleeping through midnight resets first (date change) and counts on the new day', () => {
  const { tracker, clock, log } = setup({ dateCheckIntervalMs: 24 * 3_600_000 }, Date.UTC(2026, 4, 3, 22, 0, 0));
  tracker.start();
  tracker.record(report('PROXY_API', 'sense1'));
  clock.jump(10 * 3_600_000); // suspended: wall clock moves, timers do not fire
  log.lines.length = 0;
  tracker.record(report('HEALTH_API', 'sense1'));
  assert.equal(log.messages('debug')[0], 'ERROR TRACKER: Date changed from 2026-05-03 to 2026-05-04, resetting counters');
  assert.ok(log.messages('info').includes('ERROR TRACKER: Error counts today (UTC): Total=1, Details={"PROXY_API":{"total":1,"servers":{"sense1":1}}}'));
  const c = tracker.counts();
  assert.equal(c.day, '2026-05-04');
  assert.deepEqual(c.today.details, { HEALTH_API: { total: 1, servers: { sense1: 1 } } });
  assert.equal(clock.pending, 1, 'the stale midnight timer was replaced');
});

test('without errors, the periodic date check resets soon after waking from sleep', () => {
  const { tracker, clock, log } = setup({ dateCheckIntervalMs: 60_000 }, Date.UTC(2026, 4, 3, 22, 0, 0));
  tracker.start();
  tracker.record(report('PROXY_API', 'sense1'));
  clock.advance(30 * 60_000);
  clock.jump(8 * 3_600_000); // 06:30 next day on waking
  clock.advance(60_000);
  assert.ok(log.messages('info').includes('ERROR TRACKER: Midnight UTC reached, resetting error counters'));
  assert.equal(tracker.counts().day, '2026-05-04');
  assert.equal(tracker.counts().today.total, 0);
});

test('stop() cancels the timer', () => {
  const { tracker, clock } = setup();
  tracker.start();
  assert.equal(clock.pending, 1);
  tracker.stop();
  assert.equal(clock.pending, 0);
});

test('invalid reports from other threads are rejected, counted and logged; bad parts are dropped', () => {
  const { tracker, log } = setup();
  tracker.receive({ t: 'error', type: 'NOT_A_TYPE', serverName: 'x', at: T0 });
  tracker.receive(null);
  assert.equal(tracker.counts().invalidReports, 2);
  assert.equal(tracker.counts().today.total, 0);
  assert.match(log.messages('warn')[0], /unknown type "NOT_A_TYPE"/);
  tracker.receive({ t: 'error', type: 'HEALTH_API', serverName: 'sense1', module: 'NOPE', err: { httpStatus: 'x' }, at: T0 });
  assert.deepEqual(tracker.counts().today.details, { HEALTH_API: { total: 1, servers: { sense1: 1 } } });
});
