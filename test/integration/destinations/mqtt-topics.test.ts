// Every MQTT topic and payload of docs/mqtt.md#what-is-published arrives at a real Mosquitto broker (subscribed
// with mqtt.js), built the way the collector builds them: events parsed from the fixture datagrams by the
// real handlers and turned into records by the parse-side publisher, health and sessions by the
// builders, all delivered through the WriterHost and the MQTT sink. Then a broker restart mid-stream.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { silentLogger } from '../../../src/log/logger.js';
import type { Config } from '../../../src/config/schema/index.js';
import { mqttDestination } from '../../../src/destinations/mqtt/plugin.js';
import type { MqttSink } from '../../../src/destinations/mqtt/mqtt-sink.js';
import { WriterHost } from '../../../src/destinations/writer-host.js';
import { healthMqttRecords, sessionMqttRecord } from '../../../src/destinations/mqtt/messages/health.js';
import { toMqttLine, type MqttRecord } from '../../../src/destinations/mqtt/messages/record.js';
import { encodeRecordLines } from '../../../src/destinations/record-lines.js';
import { destinationRoutes } from '../../../src/destinations/routes.js';
import { publisherFor } from '../../../src/publish/publish-table.js';
import type { BatchMessage, DataModule, ErrorReport } from '../../../src/threads/messages.js';
import { startMosquitto, type MosquittoHandle } from '../../support/mosquitto.js';
import { subscribe, type Received } from '../../support/mqtt-subscriber.js';
import { fixtureHealth, fixtureJson, fixtureLogEvents, fixtureUserEvents, templateConfig } from './record-fixtures.js';

function mqttConfig(broker: MosquittoHandle, qos: 0 | 1): Config {
  return templateConfig((c) => {
    c.mqttConfig = { ...c.mqttConfig, enable: true, brokerHost: broker.host, brokerPort: broker.port, baseTopic: 'butler-sos/', qos };
    c.userEvents.enable = true;
    c.userEvents.sendToMQTT.enable = true;
    c.userEvents.tags = [{ name: 'qs_env', value: 'dev' }];
    c.logEvents.sendToMQTT = { enable: true, baseTopic: 'qliksense/logevent', postTo: { baseTopic: true, subsystemTopics: true } };
    c.logEvents.tags = [{ name: 'qs_env', value: 'dev' }, { name: 'site', value: 'lab' }];
    for (const s of ['engine', 'proxy', 'repository', 'scheduler', 'qixPerf'] as const) c.logEvents.source[s].enable = true;
    c.logEvents.enginePerformanceMonitor.enable = false;
  });
}

async function writerFor(config: Config, reports: ErrorReport[]): Promise<WriterHost> {
  let sink: MqttSink | undefined;
  const host = new WriterHost(
    { ...config, delivery: { flushIntervalMs: 20, backoff: { initialMs: 20, maxMs: 200 } } },
    {
      logger: silentLogger(),
      reportError: (r) => reports.push(r),
      registry: [{ ...mqttDestination, create: async (c, d) => ({ sink: (sink = (await mqttDestination.create(c, d)).sink as MqttSink) }) }],
    },
  );
  await host.start();
  sinks.set(host, sink!);
  return host;
}

const sinks = new WeakMap<WriterHost, MqttSink>();
function sinkOf(host: WriterHost): MqttSink {
  return sinks.get(host)!;
}

function batch(module: DataModule, records: MqttRecord[]): BatchMessage {
  return { t: 'batch', origin: 'poller', dest: 'mqtt', module, count: records.length, body: encodeRecordLines(records.map(toMqttLine)), serverName: 'sense1' };
}

function byTopic(messages: Received[], prefix: string): Record<string, string> {
  return Object.fromEntries(messages.filter((m) => m.topic.startsWith(prefix)).map((m) => [m.topic.slice(prefix.length), m.payload]));
}

test('MQTT: health, session, user-event and log-event topics and payloads arrive at a real broker', async (t) => {
  const broker = await startMosquitto();
  if (!broker) return t.skip('mosquitto not installed');
  const sub = await subscribe(broker.url, '#');
  const reports: ErrorReport[] = [];
  const config = mqttConfig(broker, 0);
  const host = await writerFor(config, reports);
  try {
    // Parse side: the records the parse workers post for the fixture events.
    const userEvents = fixtureUserEvents(config);
    const logEvents = fixtureLogEvents(config);
    assert.equal(userEvents.length, 4);
    assert.ok(logEvents.length >= 8, `log events parsed: ${logEvents.length}`);
    // Only the MQTT destination's batches: the template also enables InfluxDB, which this host does not run.
    const routes = destinationRoutes(config, 1).filter((r) => r.dest === 'mqtt');
    const publisher = publisherFor(config, { routes, writerCount: 1 }, 'parse', (_w, msg) => host.accept(msg));
    const now = Date.now() * 1000;
    for (const event of userEvents) publisher.publish('USER_EVENTS', { event, timeUs: now });
    for (const event of logEvents) publisher.publish('LOG_EVENTS', { event, timeUs: now });
    const { posted } = publisher.flush();
    assert.equal(posted[0], 2, 'one user-event and one log-event batch');
    // Poller side.
    host.accept(batch('HEALTH_METRICS', healthMqttRecords('butler-sos/', 'sense1.lab.local:4747', fixtureHealth())));
    const sessions = fixtureJson('qps-session-constructed.json');
    host.accept(batch('PROXY_SESSIONS', [sessionMqttRecord('butler-sos/', 'sense1.lab.local:4243', '/', sessions), sessionMqttRecord('butler-sos/', 'sense1.lab.local:4243', '/hdr', [])]));
    assert.equal(await host.flush(10_000), true);

    const expected = 22 + 2 + userEvents.length * 2 + logEvents.length * 2;
    const got = await sub.waitFor(expected);
    await sub.settled();
    assert.equal(got.length, expected, 'nothing more than expected');

    // Health: plain values, `mem/comitted` spelling, hit ratio floor(1204/1786*100) = 67.
    assert.deepEqual(byTopic(got, 'butler-sos/sense1.lab.local/'), {
      version: '14.187.4',
      started: '20240515T060102.000+0200',
      'mem/comitted': '4178.95703125',
      'mem/allocated': '4371.3125',
      'mem/free': '25604.26171875',
      'cpu/total': '3',
      'session/active': '2',
      'session/total': '7',
      'apps/active_docs': 'e7af59a0-c243-480d-9571-08727551a66f',
      'apps/loaded_docs': 'e7af59a0-c243-480d-9571-08727551a66f,SessionApp_3d1f2a66-6a3b-4c1e-9a0e-2c5f8f1b7e21',
      'apps/in_memory_docs': 'd7cf16f9-6a95-462a-9ff1-a6d413326de4,e7af59a0-c243-480d-9571-08727551a66f,SessionApp_3d1f2a66-6a3b-4c1e-9a0e-2c5f8f1b7e21',
      'apps/calls': '18733',
      'apps/selections': '412',
      'users/active': '2',
      'users/total': '5',
      'cache/hits': '1204',
      'cache/lookups': '1786',
      'cache/added': '561',
      'cache/replaced': '0',
      'cache/bytes_added': '38734213',
      'cache/hit_ratio': '67',
      saturated: 'false',
      // Sessions share the prefix: raw QPS array, pretty-printed.
      'usersession/': JSON.stringify(sessions, null, 2),
      'usersession/hdr': '[]',
    });

    // User events: everything topic for each event plus the command's own topic; Butler's payload keys in order.
    const everything = got.filter((m) => m.topic === 'qliksense/userevent');
    assert.equal(everything.length, 4);
    const perCommand = Object.fromEntries(
      ['session/start', 'session/stop', 'connection/open', 'connection/close'].map((s) => [s, got.filter((m) => m.topic === `qliksense/userevent/${s}`).map((m) => JSON.parse(m.payload).command)]),
    );
    assert.deepEqual(perCommand, { 'session/start': ['Start session'], 'session/stop': ['Stop session'], 'connection/open': ['Open connection'], 'connection/close': ['Close connection'] });
    const start = JSON.parse(everything.find((m) => JSON.parse(m.payload).command === 'Start session')!.payload) as Record<string, unknown>;
    assert.deepEqual(Object.keys(start).slice(0, 9), ['messageType', 'host', 'command', 'userDir', 'userId', 'origin', 'context', 'message', 'tags']);
    assert.equal(start.messageType, 'qseow-proxy-session');
    assert.equal(start.host, 'SENSE-CENTRAL');
    assert.equal(start.userDir, 'LAB');
    assert.equal(start.userId, 'goran');
    assert.equal(start.origin, 'AppAccess');
    assert.deepEqual(start.tags, { qs_env: 'dev' });
    assert.equal(start.appId, 'e7af59a0-c243-480d-9571-08727551a66f');
    assert.equal(start.appName, 'Test failing reloads 2');
    assert.equal(start.uaBrowserName, 'Chrome');
    assert.equal(start.uaBrowserMajorVersion, '124');
    assert.equal(start.uaOsName, 'Windows');

    // Log events: base topic and subsystem topic per event; payload = the parsed event plus `tags`.
    const base = got.filter((m) => m.topic === 'qliksense/logevent');
    assert.equal(base.length, logEvents.length);
    base.forEach((m, i) => assert.deepEqual(JSON.parse(m.payload), { ...logEvents[i], tags: { qs_env: 'dev', site: 'lab' } }));
    const reload = got.filter((m) => m.topic === 'qliksense/logevent/system/scheduler/scheduler/slave/tasks/reloadtask');
    assert.equal(reload.length, 1);
    assert.equal(JSON.parse(reload[0].payload).source, 'qseow-scheduler');
    assert.equal(got.filter((m) => m.topic === 'qliksense/logevent/system/engine/engine').length, 2);
    assert.ok(got.every((m) => m.retain === false), 'retain is off by default');
    assert.equal(reports.length, 0);
  } finally {
    await host.stop(2000);
    await sub.close();
    await broker.stop();
  }
});

test('MQTT: a broker restart while data keeps coming loses nothing (QoS 1, at-least-once) and the sink reconnects', async (t) => {
  const broker = await startMosquitto();
  if (!broker) return t.skip('mosquitto not installed');
  const sub = await subscribe(broker.url, 'restart/#');
  const reports: ErrorReport[] = [];
  const config = mqttConfig(broker, 1);
  const host = await writerFor(config, reports);
  try {
    const n = 300;
    const send = (i: number): void => host.accept(batch('LOG_EVENTS', [{ topic: `restart/${i % 3}`, payload: String(i) }]));
    for (let i = 0; i < n / 3; i++) send(i);
    const restart = broker.restart(300);
    // Keep publishing while the broker goes down and comes back (bounded: n messages, 5 ms apart).
    for (let i = n / 3; i < n; i++) {
      send(i);
      await new Promise((r) => setTimeout(r, 5));
    }
    await restart;
    assert.equal(await host.flush(15_000), true);
    await sub.waitFor(n, 15_000);
    await sub.settled();
    const values = sub.messages.map((m) => Number(m.payload));
    assert.deepEqual([...new Set(values)].sort((a, b) => a - b), Array.from({ length: n }, (_, i) => i), 'every message arrived');
    // QoS 1 is at-least-once: a publish the broker stored just before it went down, whose PUBACK was lost,
    // is sent again after the reconnect. Only those few in flight at that moment may repeat.
    assert.ok(values.length - n <= 10, `${values.length - n} duplicates`);
    const st = host.stats().destinations[0];
    assert.equal(st.writtenLines, n);
    assert.equal(st.droppedLines.queue_full + st.droppedLines.rejected + st.droppedLines.shutdown, 0);
    assert.equal(st.up, true);
    assert.ok(sinkOf(host).connectCount >= 2, 'the sink reconnected after the restart');
    // A write that waited through the outage for its acknowledgement is not a failure; any that failed is
    // reported with Butler's module value and the broker host.
    assert.ok(reports.every((r) => r.type === 'MQTT_PUBLISH' && r.module === 'LOG_EVENTS_MQTT' && r.host === broker.host));
  } finally {
    await host.stop(2000);
    await sub.close();
    await broker.stop();
  }
});

test('MQTT: while the broker is down the queue is bounded; the overflow is dropped and counted', async (t) => {
  const broker = await startMosquitto();
  if (!broker) return t.skip('mosquitto not installed');
  const sub = await subscribe(broker.url, 'bounded/#');
  const config = mqttConfig(broker, 1);
  const host = new WriterHost(
    { ...config, delivery: { flushIntervalMs: 10, maxQueuedLines: 50, backoff: { initialMs: 20, maxMs: 100 } } },
    { logger: silentLogger(), reportError: () => {}, registry: [mqttDestination] },
  );
  await host.start();
  try {
    await broker.kill();
    for (let i = 0; i < 200; i++) host.accept(batch('USER_EVENTS', [{ topic: 'bounded/x', payload: String(i) }]));
    const st = host.stats().destinations[0];
    assert.ok(st.droppedLines.queue_full >= 149, `dropped ${st.droppedLines.queue_full}`);
    await broker.start();
    assert.equal(await host.flush(15_000), true);
    await sub.settled(200, 5000);
    const after = host.stats().destinations[0];
    assert.equal(after.writtenLines + after.droppedLines.queue_full, 200, 'every message written or counted as dropped');
    // The newest messages survive (oldest are dropped first) and arrive in order.
    const got = sub.messages.map((m) => Number(m.payload));
    assert.equal(got.length, after.writtenLines);
    assert.deepEqual(got, [...got].sort((a, b) => a - b));
    assert.equal(got[got.length - 1], 199);
  } finally {
    await host.stop(2000);
    await sub.close();
    await broker.stop();
  }
});
