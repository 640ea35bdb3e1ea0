import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Config } from '../../../src/config/schema/index.js';
import type { WriterHostConfig } from '../../../src/destinations/config.js';
import { DESTINATIONS } from '../../../src/destinations/registry.js';

// Compile-time check: the loaded configuration can be handed to the writer host as-is.
const asWriterConfig = (c: Config): WriterHostConfig => c;

test('the loaded Config is a WriterHostConfig, and the registry enables destinations from it', () => {
  const cfg = {
    influxdbConfig: { enable: true, version: 1 },
    fileDestination: { enable: false },
  } as unknown as Config;
  const ids = DESTINATIONS.filter((d) => d.enabled(asWriterConfig(cfg))).map((d) => d.id);
  assert.deepEqual(ids, ['influxdb']);
});
