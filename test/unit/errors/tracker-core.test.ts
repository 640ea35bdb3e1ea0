import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Config } from '../../../src/config/schema/index.js';
import { createErrorTrackerCore, errorPointOptions } from '../../../src/errors/tracker-core.js';
import { captureLogger, FakeClock } from './helpers.js';

const T0 = Date.UTC(2026, 4, 3, 12, 0, 0);

/** Only the sections the tracker reads; the rest of Config is irrelevant here. */
function config(over: { enable?: boolean; logSummary?: boolean; points?: boolean; influx?: boolean; version?: 1 | 2 | 3; name?: string } = {}): Config {
  return {
    errorTracking: {
      enable: over.enable ?? true,
      logSummary: { enable: over.logSummary ?? true },
      influxdb: { enable: over.points ?? true, measurementName: over.name ?? 'butler_sos_errors' },
    },
    influxdbConfig: { enable: over.influx ?? true, version: over.version ?? 2 },
  } as unknown as Config;
}

test('points need error tracking, its influxdb switch and the InfluxDB destination', () => {
  assert.deepEqual(errorPointOptions(config({ version: 1, name: 'errs' })), { measurement: 'errs', version: 1 });
  assert.equal(errorPointOptions(config({ points: false })), null);
  assert.equal(errorPointOptions(config({ influx: false })), null);
  assert.equal(errorPointOptions(config({ enable: false })), null);
});

test('the core starts the tracker, records port messages and emits lines for the configured version', () => {
  const log = captureLogger('info');
  const clock = new FakeClock(T0);
  const lines: string[] = [];
  const core = createErrorTrackerCore(config({ version: 2 }), { logger: log.logger, clock, emit: (l) => lines.push(l) });
  assert.equal(core.writesPoints, true);
  assert.equal(clock.pending, 1, 'midnight reset scheduled');
  core.onMessage({ t: 'error', type: 'HEALTH_API', serverName: 'sense1', host: 'sense1:4747', err: { code: 'ETIMEDOUT' }, at: T0 });
  core.onMessage('garbage');
  assert.equal(core.counts().today.total, 1);
  assert.equal(core.counts().invalidReports, 1);
  assert.equal(lines.length, 1);
  // v2: tags sorted, integer count, time in ns
  assert.equal(lines[0], `butler_sos_errors,error_type=HEALTH_API,host=sense1,server_name=sense1 error_category="timeout",error_code="ETIMEDOUT",error_count=1i ${T0}000000`);
  core.stop();
  assert.equal(clock.pending, 0);
});

test('master switch off in config: the core counts and emits nothing', () => {
  const log = captureLogger('debug');
  const clock = new FakeClock(T0);
  const lines: string[] = [];
  const core = createErrorTrackerCore(config({ enable: false }), { logger: log.logger, clock, emit: (l) => lines.push(l) });
  core.onMessage({ t: 'error', type: 'HEALTH_API', serverName: 'sense1', at: T0 });
  assert.equal(core.writesPoints, false);
  assert.equal(core.counts().today.total, 0);
  assert.equal(lines.length, 0);
  assert.equal(clock.pending, 0);
  assert.equal(log.lines.length, 0);
});
