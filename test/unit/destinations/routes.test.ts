import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfigText } from '../../../src/config/load.js';
import type { Config } from '../../../src/config/schema/index.js';
import { destinationRoutes } from '../../../src/destinations/routes.js';
import { mqttTakes } from '../../../src/destinations/mqtt/encoding.js';
import { newRelicTakes } from '../../../src/destinations/new-relic/encoding.js';
import { filledTemplate } from '../config/helpers.js';

function config(edit: (c: Config) => void): Config {
  const c = structuredClone(loadConfigText(filledTemplate(), 't.yaml', {}, { skipVerification: true }).config);
  c.influxdbConfig.enable = true;
  c.fileDestination.enable = false;
  edit(c);
  return c;
}

test('routes follow the gating flags of Butler SOS and pin destinations to writers round-robin in registry order', () => {
  const off = config((c) => {
    c.mqttConfig.enable = false;
    c.newRelic.enable = false;
    c.uptimeMonitor.storeNewRelic.enable = false;
  });
  assert.deepEqual(destinationRoutes(off, 2), [{ dest: 'influxdb', writer: 0 }]);
  const on = config((c) => {
    c.mqttConfig.enable = true;
    c.newRelic.enable = true;
    c.logEvents.sendToMQTT.enable = true;
    c.userEvents.sendToMQTT.enable = false;
    c.logEvents.sendToNewRelic.enable = false;
  });
  assert.deepEqual(destinationRoutes(on, 3), [
    { dest: 'influxdb', writer: 0 },
    { dest: 'mqtt', writer: 1 },
    { dest: 'new-relic', writer: 2 },
  ]);
  assert.equal(mqttTakes(on, 'LOG_EVENTS'), true);
  assert.equal(mqttTakes(on, 'USER_EVENTS'), false);
  assert.equal(mqttTakes(on, 'HEALTH_METRICS'), true);
  assert.equal(newRelicTakes(on, 'LOG_EVENTS'), false);
  assert.equal(newRelicTakes(on, 'HEALTH_METRICS'), true);
  // The uptime post ignores newRelic.enable, as in Butler SOS.
  const uptimeOnly = config((c) => {
    c.newRelic.enable = false;
    c.mqttConfig.enable = false;
    c.uptimeMonitor.enable = true;
    c.uptimeMonitor.storeNewRelic.enable = true;
  });
  assert.deepEqual(destinationRoutes(uptimeOnly, 1), [{ dest: 'influxdb', writer: 0 }, { dest: 'new-relic', writer: 0 }]);
  assert.equal(newRelicTakes(uptimeOnly, 'HEALTH_METRICS'), false);
});
