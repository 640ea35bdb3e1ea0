import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { readHealthBody } from '../../../src/pollers/health-body.js';
import { destinationRoutes } from '../../../src/destinations/routes.js';
import { publisherFor } from '../../../src/publish/publish-table.js';
import type { PublishedData } from '../../../src/publish/published-data.js';
import type { Config, ServerConfig } from '../../../src/config/schema/index.js';
import type { BatchMessage } from '../../../src/threads/messages.js';
import { fixturePath } from '../../support/paths.js';
import { opsConfig } from '../ops/helpers.js';

// Health and session polls as the MQTT and New Relic destinations encode them (what the pollers publish).

const body = readHealthBody(JSON.parse(readFileSync(fixturePath('spec', 'http', 'healthcheck-constructed-realistic.json'), 'utf8')));
const server = { host: 'sense1.lab.local:4747', serverName: 'sense1', serverDescription: 'Central', serverTags: null } as unknown as ServerConfig;

interface Posted {
  dest: string;
  writer: number;
  records: unknown[];
}

/** A poller-side publisher for this config (two writers), and what one publish + flush posts. */
function targets(edit: (c: Config) => void) {
  const config = opsConfig((c) => {
    c.influxdbConfig.enable = false;
    c.mqttConfig.enable = false;
    c.newRelic.enable = false;
    c.uptimeMonitor.storeNewRelic.enable = false;
    edit(c);
  });
  const posted: Array<[number, BatchMessage]> = [];
  const publisher = publisherFor(config, { routes: destinationRoutes(config, 2), writerCount: 2 }, 'poller', (w, m) => void posted.push([w, m]), {
    appVersion: '9.9.9',
  });
  const poll = <K extends 'HEALTH_METRICS' | 'PROXY_SESSIONS'>(kind: K, datum: PublishedData[K]): Posted[] => {
    posted.length = 0;
    publisher.publish(kind, datum);
    publisher.flush();
    return posted.map(([writer, m]) => ({
      dest: m.dest,
      writer,
      records: Buffer.from(m.body).toString('utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as unknown),
    }));
  };
  const takes = (kind: 'HEALTH_METRICS' | 'PROXY_SESSIONS') =>
    Object.fromEntries(destinationRoutes(config, 2).filter((r) => publisherFor(config, { routes: [r], writerCount: 2 }, 'poller', () => {}).takes(kind)).map((r) => [r.dest === 'new-relic' ? 'newRelic' : r.dest, r.writer]));
  return { health: takes('HEALTH_METRICS'), sessions: takes('PROXY_SESSIONS'), poll };
}

const health = (timeMs: number): PublishedData['HEALTH_METRICS'] => ({ server, body, timeUs: timeMs * 1000, appName: () => undefined });

test('gating (docs/configuration.md#which-switches-send-what): MQTT takes health and sessions when enabled; New Relic sessions need proxy.sessions.enable', () => {
  assert.deepEqual([targets(() => {}).health, targets(() => {}).sessions], [{}, {}]);
  const mqtt = targets((c) => {
    c.mqttConfig.enable = true;
    c.mqttConfig.brokerHost = 'b';
  });
  assert.deepEqual([mqtt.health, mqtt.sessions], [{ mqtt: 0 }, { mqtt: 0 }]);
  const nr = targets((c) => {
    c.newRelic.enable = true;
    c.newRelic.metric.dynamic.proxy.sessions.enable = false;
  });
  assert.deepEqual([nr.health, nr.sessions], [{ newRelic: 0 }, {}]);
  const both = targets((c) => {
    c.mqttConfig.enable = true;
    c.mqttConfig.brokerHost = 'b';
    c.newRelic.enable = true;
    c.newRelic.metric.dynamic.proxy.sessions.enable = true;
  });
  assert.deepEqual([both.health, both.sessions], [{ mqtt: 0, newRelic: 1 }, { mqtt: 0, newRelic: 1 }]);
});

test('one health poll: MQTT lines [topic, payload] under baseTopic + host without port; one Metric API object', () => {
  const t = targets((c) => {
    c.mqttConfig.enable = true;
    c.mqttConfig.brokerHost = 'b';
    c.mqttConfig.baseTopic = 'bsos/';
    c.newRelic.enable = true;
  });
  const [mqtt, nr] = t.poll('HEALTH_METRICS', health(1_700_000_000_000));
  assert.equal(mqtt.dest, 'mqtt');
  const topics = (mqtt.records as Array<[string, string]>).map(([topic]) => topic);
  assert.ok(topics.every((x) => x.startsWith('bsos/sense1.lab.local/')));
  assert.ok(topics.includes('bsos/sense1.lab.local/mem/comitted'));
  assert.equal(nr.dest, 'new-relic');
  assert.equal(nr.records.length, 1);
  const data = nr.records[0] as { common: { timestamp: number; attributes: Record<string, unknown> } };
  assert.equal(data.common.timestamp, 1_700_000_000_000);
  assert.equal(data.common.attributes.host, 'sense1.lab.local');
});

test('every New Relic metric group off: no empty Metric API post', () => {
  const t = targets((c) => {
    c.newRelic.enable = true;
    const d = c.newRelic.metric.dynamic;
    for (const g of [d.engine.memory, d.engine.cpu, d.engine.calls, d.engine.selections, d.engine.sessions, d.engine.users, d.engine.saturated, d.apps.docCount, d.cache.cache]) g.enable = false;
  });
  assert.deepEqual(t.poll('HEALTH_METRICS', health(1)), []);
});

test('one session poll: the raw QPS body pretty-printed to MQTT (excludeUser not applied), qs_proxySessions to New Relic', () => {
  const t = targets((c) => {
    c.mqttConfig.enable = true;
    c.mqttConfig.brokerHost = 'b';
    c.newRelic.enable = true;
    c.newRelic.metric.dynamic.proxy.sessions.enable = true;
  });
  const raw = [{ UserDirectory: 'LAB', UserId: 'anna', SessionId: 's1', Attributes: [] }];
  const [mqtt, nr] = t.poll('PROXY_SESSIONS', { server, virtualProxy: '/hdr', sessionHost: 'sense1.lab.local:4243', sessions: raw, rawBody: raw, timeUs: 5000 });
  assert.deepEqual(mqtt.records, [['butler-sos/sense1.lab.local/usersession/hdr', JSON.stringify(raw, null, 2)]]);
  const data = nr.records[0] as { metrics: unknown[]; common: { attributes: Record<string, unknown> } };
  assert.deepEqual(data.metrics, [{ name: 'qs_proxySessions', type: 'gauge', value: 1 }]);
  assert.equal(data.common.attributes.user_session_host, 'sense1.lab.local:4243');
});
