import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { pollRecordTargets, healthRecordBatches, sessionRecordBatches } from '../../../src/pollers/poll-records.js';
import { readHealthBody } from '../../../src/pollers/health-body.js';
import { recordRoutes } from '../../../src/pipeline/routes.js';
import type { Config, ServerConfig } from '../../../src/config/schema/index.js';
import { fixturePath } from '../../support/paths.js';
import { opsConfig } from './helpers.js';

const body = readHealthBody(JSON.parse(readFileSync(fixturePath('spec', 'http', 'healthcheck-constructed-realistic.json'), 'utf8')));
const server = { host: 'sense1.lab.local:4747', serverName: 'sense1', serverDescription: 'Central', serverTags: null } as unknown as ServerConfig;

function targets(edit: (c: Config) => void) {
  const config = opsConfig((c) => {
    c.influxdbConfig.enable = false;
    c.mqttConfig.enable = false;
    c.newRelic.enable = false;
    c.uptimeMonitor.storeNewRelic.enable = false;
    edit(c);
  });
  return pollRecordTargets(config, recordRoutes(config, 2), '9.9.9');
}

test('gating as Butler SOS: MQTT takes health and sessions when enabled; New Relic sessions need proxy.sessions.enable', () => {
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
  const [mqtt, nr] = healthRecordBatches(t, server, body, 1_700_000_000_000);
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
  assert.deepEqual(healthRecordBatches(t, server, body, 1), []);
});

test('one session poll: the raw QPS body pretty-printed to MQTT (excludeUser not applied), qs_proxySessions to New Relic', () => {
  const t = targets((c) => {
    c.mqttConfig.enable = true;
    c.mqttConfig.brokerHost = 'b';
    c.newRelic.enable = true;
    c.newRelic.metric.dynamic.proxy.sessions.enable = true;
  });
  const raw = [{ UserDirectory: 'LAB', UserId: 'anna', SessionId: 's1', Attributes: [] }];
  const [mqtt, nr] = sessionRecordBatches(t, { server, virtualProxy: '/hdr', sessionHost: 'sense1.lab.local:4243', rawBody: raw, sessionCount: 1 }, 5);
  assert.deepEqual(mqtt.records, [['butler-sos/sense1.lab.local/usersession/hdr', JSON.stringify(raw, null, 2)]]);
  const data = nr.records[0] as { metrics: unknown[]; common: { attributes: Record<string, unknown> } };
  assert.deepEqual(data.metrics, [{ name: 'qs_proxySessions', type: 'gauge', value: 1 }]);
  assert.equal(data.common.attributes.user_session_host, 'sense1.lab.local:4243');
});
