import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Config } from '../../../src/config/schema/index.js';
import { createErrorTrackerCore } from '../../../src/errors/tracker-core.js';
import { loadConfigText } from '../../../src/config/load.js';
import { destinationRoutes } from '../../../src/destinations/routes.js';
import { publisherFor, publishTable } from '../../../src/publish/publish-table.js';
import { createErrorSink } from '../../../src/errors/error-sink.js';
import type { BatchMessage } from '../../../src/threads/messages.js';
import { minimalYaml } from '../config/helpers.js';
import { captureLogger, FakeClock } from './helpers.js';

const T0 = Date.UTC(2026, 4, 3, 12, 0, 0);

/** A loaded config with error tracking and InfluxDB set as given. */
function config(over: { enable?: boolean; points?: boolean; influx?: boolean; version?: 1 | 2 | 3; name?: string } = {}): Config {
  const c = loadConfigText(minimalYaml(), 'c.yaml', {}).config;
  c.errorTracking.enable = over.enable ?? true;
  c.errorTracking.logSummary.enable = true;
  c.errorTracking.influxdb = { enable: over.points ?? true, measurementName: over.name ?? 'butler_sos_errors' };
  c.influxdbConfig.enable = over.influx ?? true;
  c.influxdbConfig.version = over.version ?? 2;
  return c;
}

function publisher(c: Config, posted: BatchMessage[] = []) {
  return publisherFor(c, { routes: destinationRoutes(c, 1), writerCount: 1 }, 'tracker', (_w, m) => void posted.push(m), { appVersion: '1' });
}

test('error data is taken only with error tracking, its influxdb switch and the InfluxDB destination on', () => {
  assert.equal(publisher(config({ version: 1, name: 'errs' })).takes('ERROR_EVENTS'), true);
  assert.equal(publisher(config({ points: false })).takes('ERROR_EVENTS'), false);
  assert.equal(publisher(config({ influx: false })).takes('ERROR_EVENTS'), false);
  assert.equal(publisher(config({ enable: false })).takes('ERROR_EVENTS'), false);
});

test('the core starts the tracker, records port messages and its errors become lines for the configured version', () => {
  const log = captureLogger('info');
  const clock = new FakeClock(T0);
  const posted: BatchMessage[] = [];
  const c = config({ version: 2 });
  const pub = publisher(c, posted);
  const core = createErrorTrackerCore(c, { logger: log.logger, clock, points: pub.takes('ERROR_EVENTS'), emit: (e) => pub.publish('ERROR_EVENTS', e) });
  assert.equal(core.writesPoints, true);
  assert.equal(clock.pending, 1, 'midnight reset scheduled');
  core.onMessage({ t: 'error', type: 'HEALTH_API', serverName: 'sense1', host: 'sense1:4747', err: { code: 'ETIMEDOUT' }, at: T0 });
  core.onMessage('garbage');
  assert.equal(core.counts().today.total, 1);
  assert.equal(core.counts().invalidReports, 1);
  pub.flush();
  assert.equal(posted.length, 1);
  assert.equal(posted[0].module, 'ERROR_EVENTS');
  const lines = Buffer.from(posted[0].body).toString('utf8').split('\n').filter(Boolean);
  // v2: tags sorted, integer count, time in ns
  assert.deepEqual(lines, [`butler_sos_errors,error_type=HEALTH_API,host=sense1,server_name=sense1 error_category="timeout",error_code="ETIMEDOUT",error_count=1i ${T0}000000`]);
  core.stop();
  assert.equal(clock.pending, 0);
});

test('master switch off in config: the core counts and emits nothing', () => {
  const log = captureLogger('debug');
  const clock = new FakeClock(T0);
  const lines: unknown[] = [];
  const core = createErrorTrackerCore(config({ enable: false }), { logger: log.logger, clock, points: true, emit: (e) => lines.push(e) });
  core.onMessage({ t: 'error', type: 'HEALTH_API', serverName: 'sense1', at: T0 });
  assert.equal(core.writesPoints, false);
  assert.equal(core.counts().today.total, 0);
  assert.equal(lines.length, 0);
  assert.equal(clock.pending, 0);
  assert.equal(log.lines.length, 0);
});

test('error sink after a reload: errors are handed on only while a destination takes them; the counts stay', () => {
  const log = captureLogger('info');
  const posted: BatchMessage[] = [];
  const off = config({ influx: false });
  const pub = publisher(off, posted);
  const sink = createErrorSink(off, log.logger, pub);
  const report = { t: 'error' as const, type: 'HEALTH_API' as const, serverName: 'sense1', host: 'sense1:4747', err: { code: 'ETIMEDOUT' }, at: Date.now() };
  sink.record(report);
  sink.flush();
  assert.equal(posted.length, 0, 'no destination takes error data');
  // The reload turns the InfluxDB destination on: the publisher follows the new routes, the sink follows it.
  const on = config({ version: 1 });
  pub.reroute(publishTable(on, destinationRoutes(on, 1), { appVersion: '1' }));
  sink.rerouted();
  sink.record(report);
  sink.flush();
  assert.deepEqual(posted.map((m) => [m.dest, m.module, m.count]), [['influxdb', 'ERROR_EVENTS', 1]]);
  assert.equal(sink.snapshot().today.total, 2, 'counted before and after');
  // And off again.
  pub.reroute(publishTable(off, destinationRoutes(off, 1), { appVersion: '1' }));
  sink.rerouted();
  sink.record(report);
  sink.flush();
  assert.equal(posted.length, 1);
  assert.equal(sink.snapshot().today.total, 3);
  sink.stop();
});
