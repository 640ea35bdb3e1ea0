import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ActivitySummary } from '../../../src/counters/activity-summary.js';
import { captureLogger } from '../ingest/fixtures/capture-logger.js';

const INFO = 30;

test('activity summary: one info line per interval with what arrived per port and what each destination wrote or dropped', () => {
  const { logger, lines } = captureLogger();
  const summary = new ActivitySummary({ logger, ports: { log: 9996, user: 9997 }, intervalMs: 60_000 });
  const first = summary.tick({
    ports: { log: { received: 5000, dropped: 3 }, user: { received: 120, dropped: 0 } },
    destinations: { file: { written: 5100, dropped: 0 }, influxdb: { written: 5000, dropped: 20 } },
  });
  assert.equal(
    first,
    'Activity in the last 60 s: log events UDP 9996: 5000 received, 3 dropped; user events UDP 9997: 120 received, 0 dropped; file: 5100 written, 0 dropped; influxdb: 5000 written, 20 dropped.',
  );
  // The next interval reports the difference, not the totals.
  const second = summary.tick({
    ports: { log: { received: 5010, dropped: 3 }, user: { received: 120, dropped: 0 } },
    destinations: { file: { written: 5120, dropped: 0 }, influxdb: { written: 5000, dropped: 30 } },
  });
  assert.equal(
    second,
    'Activity in the last 60 s: log events UDP 9996: 10 received, 0 dropped; user events UDP 9997: 0 received, 0 dropped; file: 20 written, 0 dropped; influxdb: 0 written, 10 dropped.',
  );
  assert.deepEqual(lines.map((l) => [l.level, l.msg]), [[INFO, first], [INFO, second]]);
});

test('activity summary: no line when nothing arrived on any port, even while counter points are written; one tail line after traffic', () => {
  const { logger, lines } = captureLogger();
  const summary = new ActivitySummary({ logger, ports: { log: 9996 }, intervalMs: 1_000 });
  const tick = (received: number, written: number) => summary.tick({ ports: { log: { received, dropped: 0 } }, destinations: { file: { written, dropped: 0 } } });
  assert.equal(tick(0, 4), null);
  assert.notEqual(tick(1, 9), null);
  // Nothing arrived, but the interval before had arrivals: its writes are shown once.
  assert.notEqual(tick(1, 13), null);
  assert.equal(tick(1, 17), null);
  assert.equal(tick(1, 21), null);
  assert.deepEqual(lines.map((l) => l.msg), [
    'Activity in the last 1 s: log events UDP 9996: 1 received, 0 dropped; file: 5 written, 0 dropped.',
    'Activity in the last 1 s: log events UDP 9996: 0 received, 0 dropped; file: 4 written, 0 dropped.',
  ]);
});

test('activity summary: a port whose 32-bit ring counter wrapped still reports the right difference', () => {
  const { logger } = captureLogger();
  const summary = new ActivitySummary({ logger, ports: { log: 9996 }, intervalMs: 60_000 });
  summary.tick({ ports: { log: { received: 2 ** 32 - 10, dropped: 0 } }, destinations: {} });
  assert.match(summary.tick({ ports: { log: { received: 5, dropped: 0 } }, destinations: {} }) ?? '', /: 15 received, 0 dropped\.$/);
});
