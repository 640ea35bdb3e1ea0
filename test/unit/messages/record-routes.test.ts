import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfigText } from '../../../src/config/load.js';
import type { Config } from '../../../src/config/schema/index.js';
import { recordModuleEnabled, recordRoutes } from '../../../src/pipeline/routes.js';
import { filledTemplate } from '../config/helpers.js';

function config(edit: (c: Config) => void): Config {
  const c = structuredClone(loadConfigText(filledTemplate(), 't.yaml', {}, { skipVerification: true }).config);
  c.influxdbConfig.enable = true;
  c.fileDestination.enable = false;
  edit(c);
  return c;
}

test('record routes follow the per-data switches (docs/configuration.md) and pin after the line-protocol writers', () => {
  const off = config((c) => {
    c.mqttConfig.enable = false;
    c.newRelic.enable = false;
    c.uptimeMonitor.storeNewRelic.enable = false;
  });
  assert.deepEqual(recordRoutes(off, 2), []);
  const on = config((c) => {
    c.mqttConfig.enable = true;
    c.newRelic.enable = true;
    c.logEvents.sendToMQTT.enable = true;
    c.userEvents.sendToMQTT.enable = false;
    c.logEvents.sendToNewRelic.enable = false;
  });
  assert.deepEqual(recordRoutes(on, 3), [
    { dest: 'mqtt', writer: 1 },
    { dest: 'new-relic', writer: 2 },
  ]);
  assert.equal(recordModuleEnabled(on, 'mqtt', 'LOG_EVENTS'), true);
  assert.equal(recordModuleEnabled(on, 'mqtt', 'USER_EVENTS'), false);
  assert.equal(recordModuleEnabled(on, 'mqtt', 'HEALTH_METRICS'), true);
  assert.equal(recordModuleEnabled(on, 'new-relic', 'LOG_EVENTS'), false);
  assert.equal(recordModuleEnabled(on, 'new-relic', 'HEALTH_METRICS'), true);
  // The uptime post ignores newRelic.enable, as in Butler SOS.
  const uptimeOnly = config((c) => {
    c.newRelic.enable = false;
    c.mqttConfig.enable = false;
    c.uptimeMonitor.enable = true;
    c.uptimeMonitor.storeNewRelic.enable = true;
  });
  assert.deepEqual(recordRoutes(uptimeOnly, 1), [{ dest: 'new-relic', writer: 0 }]);
  assert.equal(recordModuleEnabled(uptimeOnly, 'new-relic', 'HEALTH_METRICS'), false);
});
