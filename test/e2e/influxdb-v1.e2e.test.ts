// The built collector as a child process, a real InfluxDB 1.x on loopback, and every sample datagram of the
// spec fixtures over UDP. After a SIGTERM drain the test queries InfluxDB: every accepted event is there with
// every tag and field the in-process parser+encoder produce (the pipeline loses and changes nothing), a
// hand-checked subset matches values read straight off the fixture text, field types are the v1 contract,
// and the ingest counters add up to what was sent.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { loadConfigText } from '../../src/config/load.js';
import { createLogEventHandler } from '../../src/events/log-event-router.js';
import { logEventHandlerOptions, userEventHandlerOptions } from '../../src/events/options.js';
import { createUserEventHandler } from '../../src/events/user-event.js';
import { defaultCollectorConfig, useInfluxV1 } from '../support/collector-config.js';
import { startCollector } from '../support/collector-process.js';
import { startInfluxd, type InfluxdHandle } from '../support/influxd.js';
import { fixturePath } from '../support/paths.js';
import { datagramsOf, freeUdpPort, sendDatagrams } from '../support/udp.js';

const DB = 'butler_e2e';
const LOG_FILES = ['log-events-constructed.txt', 'log-events-from-tests.txt'];
const USER_FILES = ['user-events-constructed.txt', 'user-events-from-tests-and-docs.txt'];
const logDatagrams = LOG_FILES.flatMap((f) => datagramsOf(fixturePath('spec', 'udp', f)));
const userDatagrams = USER_FILES.flatMap((f) => datagramsOf(fixturePath('spec', 'udp', f)));
// Bad input travels with the good: it must be counted and must not disturb anything else.
const badLogDatagrams = ['', '/not-a-source/;1;2;3', '\u0000\u0001binary\uffff', '/qseow-engine/;too;few'];

let influx: InfluxdHandle | null = null;
let configObject: Record<string, any>;

function collectorConfig(influxPort: number, logPort: number, userPort: number): Record<string, any> {
  const base = useInfluxV1(defaultCollectorConfig(logPort, userPort), influxPort, DB);
  base.logEvents.udpServerConfig.queueMetrics.influxdb.enable = true;
  base.userEvents.udpServerConfig.queueMetrics.influxdb.enable = true;
  base.qlikSenseEvents.influxdb.enable = true;
  base.qlikSenseEvents.eventCount.enable = true;
  return base;
}

before(async () => {
  influx = await startInfluxd();
  if (!influx) return;
  configObject = collectorConfig(influx.port, await freeUdpPort(), await freeUdpPort());
});

after(async () => {
  await influx?.stop();
});

test('e2e: every fixture datagram reaches a real InfluxDB 1.x exactly as parsed, and the counters add up', async (t) => {
  if (!influx) return t.skip('influxd not installed (apt-get install influxdb)');
  const collector = await startCollector(configObject);
  const logPort = configObject.logEvents.udpServerConfig.portLogEvents;
  const userPort = configObject.userEvents.udpServerConfig.portUserActivityEvents;
  await sendDatagrams(logPort, [...logDatagrams, ...badLogDatagrams]);
  await sendDatagrams(userPort, userDatagrams);
  // Give the sockets a moment to hand the last datagrams to the ring before they are closed.
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(await collector.stop('SIGTERM'), 0, 'graceful stop exits 0');

  const { config } = loadConfigText(JSON.stringify({ 'Butler-SOS': configObject }), 'e2e', {});
  const noApps = () => undefined;
  const logHandler = createLogEventHandler(logEventHandlerOptions(config.logEvents, config.qlikSenseEvents, noApps));
  const userHandler = createUserEventHandler(userEventHandlerOptions(config.userEvents, config.qlikSenseEvents, noApps));
  const expectedLog = [...logDatagrams, ...badLogDatagrams].map(logHandler).filter((o) => o.kind === 'event');
  const expectedUser = userDatagrams.map(userHandler).filter((o) => o.kind === 'event');
  assert.ok(expectedLog.length >= 15 && expectedUser.length >= 10, 'fixtures give a meaningful sample');

  await t.test('log_event: one point per accepted datagram, with its tags and fields', async () => {
    const rows = await influx!.rows('SELECT * FROM log_event', DB);
    assert.equal(rows.length, expectedLog.length);
    for (const outcome of expectedLog) {
      if (outcome.kind !== 'event') continue;
      const ev = outcome.event as Record<string, any>;
      const match = rows.filter((r) => r.raw_event === JSON.stringify(ev));
      assert.equal(match.length, 1, `exactly one point for ${ev.source} row ${ev.log_row}`);
      const row = match[0];
      // Empty tag values are not written (InfluxDB 1.x rejects them): they read back as null.
      for (const key of ['host', 'source', 'level', 'subsystem', 'user_full', 'user_directory', 'user_id']) {
        assert.equal(row[key] ?? '', ev[key] ?? '', `${key} of ${ev.source} row ${ev.log_row}`);
      }
      if (ev.message !== undefined) assert.equal(row.message, ev.message);
    }
  });

  await t.test('log_event: values read off the fixture text (engine, proxy, scheduler, qix-perf)', async () => {
    const engine = await influx!.rows(`SELECT * FROM log_event WHERE source='qseow-engine' AND log_row='2718'`, DB);
    assert.equal(engine.length, 1);
    assert.equal(engine[0].host, 'SENSE-RIM1');
    assert.equal(engine[0].level, 'WARN');
    assert.equal(engine[0].subsystem, 'System.Engine.Engine');
    assert.equal(engine[0].user_full, 'LAB\\goran');
    assert.equal(engine[0].windows_user, 'LAB\\qlikservice');
    // qix-perf writes app_id as a field and engine as a tag (the v15 schema): ask for the tag explicitly.
    const appTag = await influx!.rows(`SELECT "app_id"::tag, message FROM log_event WHERE source='qseow-engine' AND log_row='2718'`, DB);
    assert.equal(appTag[0].app_id, 'e7af59a0-c243-480d-9571-08727551a66f');
    assert.equal(engine[0].engine_exe_version, '14.187.4');
    assert.equal(engine[0].message, "App e7af59a0-c243-480d-9571-08727551a66f: failed to load data connection 'SalesDB' - access denied");
    assert.equal(engine[0].session_id, '5e4d3c2b-1a09-4f8e-a7d6-c5b4a3928170');
    assert.equal(JSON.parse(engine[0].raw_event as string).ts_iso, '20240515T143012.345+0200', 'compact ISO timestamp kept (v15 bug fixed)');

    const proxy = await influx!.rows(`SELECT * FROM log_event WHERE source='qseow-proxy' AND log_row='512'`, DB);
    assert.equal(proxy.length, 1);
    assert.equal(proxy[0].host, 'SENSE-CENTRAL');
    assert.equal(proxy[0].result_code, '401');
    assert.equal(proxy[0].command, 'Authenticate');
    assert.equal(proxy[0].user_id, 'joe');

    const scheduler = await influx!.rows(`SELECT * FROM log_event WHERE source='qseow-scheduler' AND log_row='4410'`, DB);
    assert.equal(scheduler.length, 1);
    assert.equal(scheduler[0].task_name, 'Manually triggered reload of Test failing reloads 2');
    assert.equal(scheduler[0].task_id, 'dec2a02a-1680-44ef-8dc2-e2bfb180af87');

    const perf = await influx!.rows(`SELECT * FROM log_event WHERE source='qseow-qix-perf' AND method='GenericObject::GetLayout'`, DB);
    assert.equal(perf.length, 1);
    assert.equal(perf[0].log_row, '731', 'v1 log_row is the real row, not -1 (v15 bug fixed)');
    assert.equal(perf[0].object_type, 'barchart');
    assert.equal(perf[0].process_time, 152.337);
    assert.equal(perf[0].handle, 7);
    assert.equal(perf[0].net_ram, 1048576);
  });

  await t.test('user_events: one point per accepted datagram, user agent parsed with Bowser names', async () => {
    const rows = await influx!.rows('SELECT * FROM user_events', DB);
    assert.equal(rows.length, expectedUser.length);
    const start = rows.filter((r) => r.event_action === 'Start session' && r.userId === 'goran' && r.host === 'SENSE-CENTRAL');
    assert.ok(start.length >= 1);
    assert.equal(start[0].userFull, 'LAB\\goran');
    assert.equal(start[0].origin, 'AppAccess');
    assert.equal(start[0].appId, 'e7af59a0-c243-480d-9571-08727551a66f');
    assert.equal(start[0].appName, '<unknown app name>');
    assert.equal(start[0].uaBrowserName, 'Chrome');
    assert.equal(start[0].uaBrowserMajorVersion, '124');
    assert.equal(start[0].uaOsName, 'Windows');
    assert.equal(start[0].uaOsVersion, 'NT 10.0');
  });

  await t.test('field types are the v1 contract', async () => {
    const types = async (m: string) =>
      Object.fromEntries((await influx!.rows(`SHOW FIELD KEYS FROM ${m}`, DB)).map((r) => [r.fieldKey, r.fieldType]));
    const log = await types('log_event');
    for (const f of ['message', 'raw_event', 'command', 'result_code', 'origin', 'context', 'session_id']) assert.equal(log[f], 'string', f);
    assert.equal(log.process_time, 'float');
    assert.equal(log.handle, 'integer');
    assert.equal(log.net_ram, 'integer');
    const counts = await types('event_count');
    assert.equal(counts.counter, 'float', 'v1 counters are floats as node-influx wrote them');
    const queue = await types('log_events_queue');
    assert.equal(queue.messages_received, 'float');
  });

  await t.test('ingest counters: every datagram sent is received, processed and accounted for', async () => {
    const sum = async (m: string, f: string) => {
      const rows = await influx!.rows(`SELECT sum(${f}) AS s FROM ${m}`, DB);
      return Number(rows[0]?.s ?? 0);
    };
    assert.equal(await sum('log_events_queue', 'messages_received'), logDatagrams.length + badLogDatagrams.length);
    assert.equal(await sum('log_events_queue', 'messages_processed'), logDatagrams.length + badLogDatagrams.length);
    assert.equal(await sum('log_events_queue', 'messages_dropped_queue_full'), 0);
    assert.equal(await sum('user_events_queue', 'messages_received'), userDatagrams.length);
    const unparsable = logDatagrams.length + badLogDatagrams.length - expectedLog.length;
    assert.ok((await sum('log_events_queue', 'parse_failures')) + (await sum('log_events_queue', 'messages_rejected')) >= badLogDatagrams.length - 1);
    assert.ok(unparsable >= badLogDatagrams.length);
    const hosts = await influx!.rows(`SHOW TAG VALUES FROM log_events_queue WITH KEY = "host"`, DB);
    assert.ok(hosts.length === 1 && hosts[0].value !== 'undefined' && hosts[0].value !== '', 'queue metrics carry the real host name');
    const logCounted = expectedLog.filter((o) => o.kind === 'event' && o.count).length;
    const userCounted = expectedUser.filter((o) => o.kind === 'event' && o.count).length;
    assert.ok((await sum('event_count', 'counter')) >= logCounted + userCounted, 'every accepted, countable event is counted');
  });
});
