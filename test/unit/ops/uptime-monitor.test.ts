import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeRecordLines } from '../../../src/destinations/record-lines.js';
import { isNrMetricData, type NrMetricData } from '../../../src/destinations/new-relic/items/items.js';
import { Operations } from '../../../src/ops/operations.js';
import { formatUptime, uptimeLogLine, UptimeMonitor } from '../../../src/ops/uptime-monitor.js';
import { destinationRoutes } from '../../../src/destinations/routes.js';
import { publisherFor } from '../../../src/publish/publish-table.js';
import type { PostBatch } from '../../../src/publish/publisher.js';
import type { BatchMessage } from '../../../src/threads/messages.js';
import type { Config } from '../../../src/config/schema/index.js';
import { FakeClock } from '../destinations/fake-clock.js';
import { captureLogger, LEVEL, opsConfig } from './helpers.js';

const MB = 1024 * 1024;
const SAMPLE = { heapUsed: 12.5 * MB, heapTotal: 20 * MB, external: 1.25 * MB, rss: 80.123 * MB };
const START = Date.parse('2025-01-01T10:00:00.000Z');

function monitorFor(config: Config, clock: FakeClock, writers = 2) {
  const posted: Array<{ writer: number; msg: BatchMessage }> = [];
  const { logger, lines } = captureLogger();
  const monitor = new UptimeMonitor({
    config,
    publisher: publisherFor(config, { routes: destinationRoutes(config, writers), writerCount: writers }, 'tracker', (writer, msg) => void posted.push({ writer, msg }), {
      appVersion: '9.9.9',
    }),
    logger,
    startedAtMs: START,
    clock,
    memory: () => SAMPLE,
  });
  return { monitor, posted, lines };
}

const text = (m: BatchMessage): string => Buffer.from(m.body).toString('utf8');

test('formatUptime: months of 30 days, then days, hours, minutes, seconds', () => {
  assert.equal(formatUptime(0), '0 months, 0 days, 0 hours, 0 minutes, 0 seconds');
  const ms = ((((31 * 24 + 2) * 60 + 3) * 60 + 4) * 1000) + 999;
  assert.equal(formatUptime(ms), '1 months, 1 days, 2 hours, 3 minutes, 4 seconds');
  assert.equal(uptimeLogLine(3, 61_000, SAMPLE),
    'Iteration # 3, Uptime: 0 months, 0 days, 0 hours, 1 minutes, 1 seconds, Heap used 12.5 MB of total heap 20 MB. External (off-heap): 1.25 MB. Memory allocated to process: 80.12 MB.');
});

test('every occurrence: log line at uptimeMonitor.logLevel, butlersos_memory_usage to InfluxDB v2 and the file destination', async () => {
  const config = opsConfig((c) => {
    c.influxdbConfig.enable = true;
    c.influxdbConfig.version = 2;
    c.fileDestination.enable = true;
    c.fileDestination.influxVersion = 1;
    c.uptimeMonitor.logLevel = 'info';
    c.uptimeMonitor.storeInInfluxdb.instanceTag = 'PROD';
  });
  const clock = new FakeClock(Date.parse('2025-01-01T10:07:00.000Z'));
  const { monitor, posted, lines } = monitorFor(config, clock);
  monitor.start();
  await clock.advance(10 * 60_000); // crosses 10:15 only
  assert.equal(monitor.stats().iterations, 1);
  const info = lines.filter((l) => l.level === LEVEL.info).map((l) => l.msg);
  assert.deepEqual(info, [
    '--------------------------------',
    'Iteration # 1, Uptime: 0 months, 0 days, 0 hours, 15 minutes, 0 seconds, Heap used 12.5 MB of total heap 20 MB. External (off-heap): 1.25 MB. Memory allocated to process: 80.12 MB.',
  ]);
  const byDest = Object.fromEntries(posted.map((p) => [p.msg.dest, p]));
  assert.deepEqual(Object.keys(byDest).sort(), ['file', 'influxdb']);
  const tUs = Date.parse('2025-01-01T10:15:00.000Z') * 1000;
  for (const p of posted) {
    assert.equal(p.msg.module, 'BUTLER_MEMORY');
    assert.equal(p.msg.origin, 'tracker');
    assert.equal(p.msg.count, 1);
  }
  assert.equal(byDest.influxdb.writer, 0);
  assert.equal(byDest.file.writer, 1);
  // v2 sorts fields by name (src/points); the timestamp is the occurrence, in ns.
  assert.equal(text(byDest.influxdb.msg), `butlersos_memory_usage,butler_sos_instance=PROD,version=9.9.9 external=1.25,heap_total=20,heap_used=12.5,process_memory=80.12 ${tUs * 1000}\n`);
  const [head, fields, time] = text(byDest.file.msg).trim().split(' ');
  assert.equal(head, 'butlersos_memory_usage,butler_sos_instance=PROD,version=9.9.9');
  assert.deepEqual(fields.split(',').sort(), ['external=1.25', 'heap_total=20', 'heap_used=12.5', 'process_memory=80.12']);
  assert.equal(time, String(tUs * 1000));
  assert.deepEqual(monitor.stats().posted, [1, 1]);
  await monitor.stop();
});

test('storeInInfluxdb.butlerSOSMemoryUsage false: no point; the log line still comes (at verbose by default)', async () => {
  const config = opsConfig((c) => {
    c.influxdbConfig.enable = true;
    c.uptimeMonitor.storeInInfluxdb.butlerSOSMemoryUsage = false;
  });
  const clock = new FakeClock(Date.parse('2025-01-01T10:14:00.000Z'));
  const { monitor, posted, lines } = monitorFor(config, clock);
  monitor.start();
  await clock.advance(60_000);
  assert.equal(posted.length, 0);
  assert.equal(lines.filter((l) => l.level === LEVEL.verbose && l.msg.startsWith('Iteration # 1,')).length, 1);
  await monitor.stop();
});

test('New Relic uptime metrics: storeNewRelic.enable alone decides (newRelic.enable off), interval.ms from the schedule', async () => {
  const config = opsConfig((c) => {
    c.newRelic.enable = false;
    c.influxdbConfig.enable = false;
    c.uptimeMonitor.storeNewRelic.enable = true;
    c.uptimeMonitor.frequency = 'every 5 minutes';
  });
  const clock = new FakeClock(Date.parse('2025-01-01T10:04:00.000Z'));
  const { monitor, posted } = monitorFor(config, clock, 1);
  monitor.start();
  await clock.advance(2 * 60_000);
  assert.equal(posted.length, 1);
  const { msg } = posted[0];
  assert.equal(msg.dest, 'new-relic');
  assert.equal(msg.module, 'BUTLER_MEMORY');
  const { records, bad } = decodeRecordLines(msg.body, isNrMetricData);
  assert.deepEqual(bad, []);
  const data = records[0] as NrMetricData;
  assert.deepEqual(data.common, {
    timestamp: Date.parse('2025-01-01T10:05:00.000Z'),
    'interval.ms': 300_000,
    attributes: { metricType: 'butler-sos-uptime', qs_service: 'butler-sos', qs_env: 'dev', version: '9.9.9' },
  });
  assert.deepEqual(data.metrics, [
    { name: 'qs_butlerSosHeapUsed', type: 'gauge', value: SAMPLE.heapUsed },
    { name: 'qs_butlerSosHeapTotal', type: 'gauge', value: SAMPLE.heapTotal },
    { name: 'qs_butlerSosExternalMem', type: 'gauge', value: SAMPLE.external },
    { name: 'qs_butlerSosProcessMem', type: 'gauge', value: SAMPLE.rss },
    { name: 'qs_butlerSosUptimeMillisec', type: 'gauge', value: 5 * 60_000 },
  ]);
  await monitor.stop();
});

test('a bad uptimeMonitor.frequency stops construction with an error naming the key', () => {
  const config = opsConfig((c) => (c.uptimeMonitor.frequency = 'every fortnight'));
  assert.throws(() => monitorFor(config, new FakeClock()), /uptimeMonitor\.frequency: "every fortnight" is not a later\.js text schedule/);
});

test('Operations: nothing runs when uptimeMonitor and heartbeat are disabled; the uptime monitor when enabled', async () => {
  const off = opsConfig((c) => {
    c.uptimeMonitor.enable = false;
    c.heartbeat.enable = false;
  });
  const clock = new FakeClock();
  const post: PostBatch = () => assert.fail('nothing may be posted');
  const base = { logger: captureLogger().logger, clock };
  const none = new Operations({ ...base, config: off, publisher: publisherFor(off, { routes: [], writerCount: 1 }, 'tracker', post) });
  none.start();
  await clock.advance(3_600_000);
  assert.deepEqual(none.stats(), {});
  await none.stop();
  const onConfig = opsConfig();
  const on = new Operations({ ...base, config: onConfig, publisher: publisherFor(onConfig, { routes: [], writerCount: 1 }, 'tracker', post), memory: () => SAMPLE });
  on.start();
  await clock.advance(3_600_000);
  assert.equal(on.stats().uptime?.iterations, 4, 'every 15 minutes for an hour');
  await on.stop();
});
