// Health and session polls against the Qlik API simulator (serving the spec fixtures) produce the MQTT
// messages of docs/mqtt.md#what-is-published and the New Relic metric data of docs/new-relic.md#payloads; delivered
// through the WriterHost to a real Mosquitto broker (subscribed with mqtt.js) and to the contract-enforcing New Relic
// endpoint, and checked there. The uptime monitor's New Relic post goes the same way.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { QlikApiSim } from '../../../bench/sim/qlik-api/qlik-api-sim.js';
import type { Config } from '../../../src/config/schema/index.js';
import { mqttDestination } from '../../../src/destinations/mqtt/plugin.js';
import { newRelicDestination } from '../../../src/destinations/new-relic/plugin.js';
import { WriterHost } from '../../../src/destinations/writer-host.js';
import { silentLogger } from '../../../src/log/logger.js';
import { UptimeMonitor } from '../../../src/ops/uptime-monitor.js';
import { destinationRoutes } from '../../../src/destinations/routes.js';
import { publisherFor } from '../../../src/publish/publish-table.js';
import { PollerService } from '../../../src/pollers/poller-service.js';
import type { BatchMessage, ErrorReport } from '../../../src/threads/messages.js';
import { startMosquitto, type MosquittoHandle } from '../../support/mosquitto.js';
import { subscribe, type Subscriber } from '../../support/mqtt-subscriber.js';
import { startNewRelicEndpoint, type NewRelicEndpoint } from '../../support/new-relic-endpoint.js';
import { fixturePath } from '../../support/paths.js';
import { MemoryOutput, pollerConfig, pollerOptions, tempCerts, testPki, waitFor, type TempCerts } from '../pollers/harness.js';
import { opsConfig } from '../../unit/ops/helpers.js';

const health = JSON.parse(readFileSync(fixturePath('spec', 'http', 'healthcheck-constructed-realistic.json'), 'utf8'));
const sessions = JSON.parse(readFileSync(fixturePath('spec', 'http', 'qps-session-constructed.json'), 'utf8')) as unknown[];
const ACCOUNT = { accountName: 'main', insertApiKey: 'key-main-0123456789', accountId: '1001' };
const MB = 1_048_576;

let broker: MosquittoHandle | null;
let sim: QlikApiSim;
let certs: TempCerts;
let nr: NewRelicEndpoint;

before(async () => {
  broker = await startMosquitto();
  nr = await startNewRelicEndpoint({ accounts: [{ accountId: ACCOUNT.accountId, apiKey: ACCOUNT.insertApiKey }] });
  sim = await QlikApiSim.start({ pki: testPki(), cluster: { nodes: 1, seed: 5 } });
  certs = tempCerts(testPki());
  sim.setBehaviour(1, 'health', { kind: 'json', body: health });
  sim.setBehaviour(1, 'sessions', { kind: 'json', body: sessions });
});

after(async () => {
  await broker?.stop();
  await nr?.close();
  await sim?.close();
  certs?.cleanup();
});

function collectorConfig(b: MosquittoHandle): Config {
  return opsConfig((c) => {
    c.influxdbConfig.enable = false;
    c.mqttConfig = { ...c.mqttConfig, enable: true, brokerHost: b.host, brokerPort: b.port, baseTopic: 'butler-sos/' };
    c.newRelic.enable = true;
    c.newRelic.metric.url = nr.metricUrl;
    c.newRelic.event.url = nr.eventBaseUrl;
    c.newRelic.metric.dynamic.proxy.sessions.enable = true;
    c.newRelic.metric.attribute.static = [{ name: 'service', value: 'butler-sos' }];
    c.thirdPartyToolsCredentials.newRelic = [ACCOUNT];
    // Butler's routing: health and sessions go to the user-event account list (docs/new-relic.md#accounts-and-headers).
    c.userEvents.sendToNewRelic.destinationAccount = ['main'];
    c.uptimeMonitor.storeNewRelic.enable = true;
    c.uptimeMonitor.storeNewRelic.destinationAccount = ['main'];
    c.serversToMonitor.pollingInterval = 30_000;
    c.userSessions.pollingInterval = 30_000;
  });
}

async function writer(config: Config, reports: ErrorReport[]): Promise<WriterHost> {
  const host = new WriterHost(
    { ...config, delivery: { flushIntervalMs: 20, backoff: { initialMs: 20, maxMs: 200 } } },
    { logger: silentLogger(), reportError: (r) => reports.push(r), registry: [mqttDestination, newRelicDestination] },
  );
  await host.start();
  return host;
}

test('health and session polls → every health and session MQTT topic on Mosquitto and the metric data at New Relic', async (t) => {
  if (!broker) return t.skip('mosquitto not installed');
  const config = collectorConfig(broker);
  const routes = destinationRoutes(config, 1);
  assert.deepEqual(routes.map((r) => r.dest), ['mqtt', 'new-relic']);
  const output = new MemoryOutput();
  const polling = pollerConfig({
    files: certs.files,
    servers: [{ host: sim.nodes[0].host, serverName: 'sense1', serverDescription: 'Central node', virtualProxies: ['/', '/hdr'] }],
    sessions: true,
    intervalMs: 30_000,
  });
  const options = pollerOptions(sim, { publish: { config, routes, writerCount: 1, encoding: { appVersion: '9.9.9' } } });
  const sub: Subscriber = await subscribe(broker.url, 'butler-sos/#');
  const reports: ErrorReport[] = [];
  const host = await writer(config, reports);
  const service = new PollerService(polling, options, { logger: silentLogger(), output });
  try {
    await service.start();
    const mqttBatches = (): BatchMessage[] => output.batches.map((b) => b.msg).filter((m) => m.dest === 'mqtt');
    await waitFor(() => mqttBatches().length === 3 && output.batches.filter((b) => b.msg.dest === 'new-relic').length === 3, 5000, 'one health and two session polls');
    await service.stop();
    assert.ok(output.batches.every((b) => b.msg.origin === 'poller'));
    assert.equal(service.stats()!.records, 22 + 2 + 3, '22 health messages + 2 session messages + 3 metric data objects');
    for (const b of output.batches) host.accept(b.msg);
    assert.equal(await host.flush(10_000), true);
    await sub.waitFor(24);
    await sub.settled();
    assert.deepEqual(reports, []);

    // Health: one plain-text message per value, under baseTopic + host without port.
    const prefix = 'butler-sos/127.0.0.1/';
    const got = Object.fromEntries(sub.messages.filter((m) => !m.topic.includes('/usersession')).map((m) => [m.topic.slice(prefix.length), m.payload]));
    assert.equal(sub.messages.filter((m) => !m.topic.includes('/usersession')).length, 22, 'one message per suffix');
    assert.deepEqual(got, {
      version: health.version,
      started: health.started,
      'mem/comitted': String(health.mem.committed),
      'mem/allocated': String(health.mem.allocated),
      'mem/free': String(health.mem.free),
      'cpu/total': String(health.cpu.total),
      'session/active': String(health.session.active),
      'session/total': String(health.session.total),
      'apps/active_docs': health.apps.active_docs.join(','),
      'apps/loaded_docs': health.apps.loaded_docs.join(','),
      'apps/in_memory_docs': health.apps.in_memory_docs.join(','),
      'apps/calls': String(health.apps.calls),
      'apps/selections': String(health.apps.selections),
      'users/active': String(health.users.active),
      'users/total': String(health.users.total),
      'cache/hits': String(health.cache.hits),
      'cache/lookups': String(health.cache.lookups),
      'cache/added': String(health.cache.added),
      'cache/replaced': String(health.cache.replaced),
      'cache/bytes_added': String(health.cache.bytes_added),
      'cache/hit_ratio': String(Math.floor((health.cache.hits / health.cache.lookups) * 100)),
      saturated: String(health.saturated),
    });
    // Sessions: the raw QPS array, pretty-printed, per virtual proxy.
    const sessionMsgs = Object.fromEntries(sub.messages.filter((m) => m.topic.includes('/usersession')).map((m) => [m.topic, m.payload]));
    assert.deepEqual(Object.keys(sessionMsgs).sort(), ['butler-sos/127.0.0.1/usersession/', 'butler-sos/127.0.0.1/usersession/hdr']);
    for (const payload of Object.values(sessionMsgs)) assert.equal(payload, JSON.stringify(sessions, null, 2));

    // Metric API data at the New Relic endpoint: health and one session object per virtual proxy.
    assert.deepEqual(nr.refused, []);
    const data = nr.metricData() as Array<{ common: { timestamp: number; 'interval.ms': number; attributes: Record<string, unknown> }; metrics: Array<{ name: string; value: unknown }> }>;
    assert.equal(data.length, 3);
    assert.ok(nr.accepted.every((r) => r.apiKey === ACCOUNT.insertApiKey && r.headers['content-encoding'] === 'gzip'));
    const hd = data.find((d) => d.metrics.length > 1)!;
    assert.deepEqual(hd.common.attributes, { host: '127.0.0.1', server_name: 'sense1', server_description: 'Central node', service: 'butler-sos', butlerSosVersion: '9.9.9' });
    assert.equal(hd.common['interval.ms'], 30_000);
    assert.ok(Math.abs(hd.common.timestamp - Date.now()) < 60_000);
    const value = (name: string) => hd.metrics.find((m) => m.name === name)?.value;
    assert.equal(value('qs_memCommited'), health.mem.committed * MB);
    assert.equal(value('qs_cpuTotal'), health.cpu.total);
    assert.equal(value('qs_engineSaturated'), health.saturated);
    assert.equal(value('qs_cacheaAdded'), health.cache.added);
    const sd = data.filter((d) => d.metrics[0].name === 'qs_proxySessions');
    assert.deepEqual(sd.map((d) => d.common.attributes.user_session_virtual_proxy).sort(), ['/', '/hdr']);
    for (const d of sd) {
      assert.deepEqual(d.metrics, [{ name: 'qs_proxySessions', type: 'gauge', value: sessions.length }]);
      assert.equal(d.common.attributes.user_session_host, sim.nodes[0].host);
    }
  } finally {
    await service.stop();
    await sub.close();
    await host.stop(2000);
  }
});

test('uptime monitor → New Relic Metric API (storeNewRelic), real process memory', async (t) => {
  if (!broker) return t.skip('mosquitto not installed');
  const before = nr.metricData().length;
  const config = collectorConfig(broker);
  // The uptime post ignores newRelic.enable (docs/configuration.md#which-switches-send-what).
  config.newRelic.enable = false;
  config.mqttConfig.enable = false;
  const reports: ErrorReport[] = [];
  const host = await writer(config, reports);
  const posted: BatchMessage[] = [];
  const monitor = new UptimeMonitor({
    config,
    publisher: publisherFor(config, { routes: destinationRoutes(config, 1), writerCount: 1 }, 'tracker', (_w, msg) => {
      posted.push(msg);
      host.accept(msg);
    }, { appVersion: '9.9.9' }),
    logger: silentLogger(),
    startedAtMs: Date.now() - 90_000,
  });
  try {
    monitor.tick();
    assert.equal(await host.flush(10_000), true);
    assert.deepEqual(reports, []);
    assert.deepEqual(posted.map((m) => [m.dest, m.module, m.origin]), [['new-relic', 'BUTLER_MEMORY', 'tracker']]);
    const [d] = nr.metricData().slice(before) as Array<{ common: { 'interval.ms': number; attributes: Record<string, unknown> }; metrics: Array<{ name: string; value: number }> }>;
    assert.equal(d.common['interval.ms'], 15 * 60_000);
    assert.deepEqual(d.common.attributes, { metricType: 'butler-sos-uptime', qs_service: 'butler-sos', qs_env: 'dev', version: '9.9.9' });
    assert.deepEqual(d.metrics.map((m) => m.name), ['qs_butlerSosHeapUsed', 'qs_butlerSosHeapTotal', 'qs_butlerSosExternalMem', 'qs_butlerSosProcessMem', 'qs_butlerSosUptimeMillisec']);
    const v = Object.fromEntries(d.metrics.map((m) => [m.name, m.value]));
    assert.ok(v.qs_butlerSosHeapUsed > 0 && v.qs_butlerSosHeapUsed <= v.qs_butlerSosHeapTotal);
    assert.ok(v.qs_butlerSosProcessMem > v.qs_butlerSosHeapUsed, 'RSS covers the heap');
    assert.ok(v.qs_butlerSosUptimeMillisec >= 90_000 && v.qs_butlerSosUptimeMillisec < 100_000);
  } finally {
    await monitor.stop();
    await host.stop(2000);
  }
});
