import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfigText } from '../../../src/config/load.js';
import type { Config } from '../../../src/config/schema/index.js';
import { destinationRoutes, reloadedRoutes } from '../../../src/destinations/routes.js';
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

test('after a reload a running destination keeps its writer; an added one goes to the writer with the fewest', () => {
  const pins = (routes: ReturnType<typeof destinationRoutes>) => Object.fromEntries(routes.map((r) => [r.dest, r.writer]));
  const both = config((c) => {
    c.fileDestination.enable = true;
    c.mqttConfig.enable = false;
  });
  const first = destinationRoutes(both, 2);
  assert.deepEqual(pins(first), { influxdb: 0, file: 1 });
  // Without influxdb a fresh start would put file on writer 0; a reload keeps it on 1 (its queue and spool are there).
  const second = reloadedRoutes(
    config((c) => {
      c.influxdbConfig.enable = false;
      c.fileDestination.enable = true;
      c.mqttConfig.enable = true;
    }),
    2,
    first,
  );
  assert.deepEqual(pins(second), { file: 1, mqtt: 0 });
  const all = config((c) => {
    c.fileDestination.enable = true;
    c.mqttConfig.enable = true;
  });
  assert.deepEqual(pins(reloadedRoutes(all, 2, second)), { influxdb: 0, file: 1, mqtt: 0 });
  assert.deepEqual(pins(reloadedRoutes(all, 3, second)), { influxdb: 2, file: 1, mqtt: 0 });
  // A writer index beyond the writers there are (never after a reload, which keeps writerWorkers) is re-pinned.
  assert.deepEqual(pins(reloadedRoutes(all, 1, second)), { influxdb: 0, file: 0, mqtt: 0 });
});
