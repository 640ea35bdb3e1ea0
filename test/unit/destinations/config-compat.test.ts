import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfigText } from '../../../src/config/load.js';
import { DESTINATIONS } from '../../../src/destinations/registry.js';
import { minimalYaml } from '../config/helpers.js';

test('the registry enables destinations from the loaded Config', () => {
  const cfg = loadConfigText(minimalYaml('    influxdbConfig:\n        enable: true\n        version: 1\n        host: influx.example\n'), 'c.yaml', {}).config;
  const ids = DESTINATIONS.filter((d) => d.enabled(cfg)).map((d) => d.name);
  assert.deepEqual(ids, ['InfluxDB']);
});
