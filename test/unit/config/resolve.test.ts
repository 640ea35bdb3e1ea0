import { fileLineVersion } from '../../../src/destinations/file/plugin.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfigText } from '../../../src/config/load.js';
import { resolveRuntimeSettings, workerResourceLimits } from '../../../src/config/resolve.js';
import { minimalYaml } from './helpers.js';

const load = (extra = '') => loadConfigText(minimalYaml(extra), 'r.yaml', {}).config;

test('auto parse workers = cores - 1, at least 2; slices in flight = 2 per worker', () => {
  assert.equal(resolveRuntimeSettings(load(), 8).parseWorkers, 7);
  assert.equal(resolveRuntimeSettings(load(), 2).parseWorkers, 2);
  assert.equal(resolveRuntimeSettings(load(), 1).parseWorkers, 2);
  assert.equal(resolveRuntimeSettings(load(), 8).slices.maxSlicesInFlight, 14);
});

test('explicit numbers win over auto', () => {
  const s = resolveRuntimeSettings(load('    threads:\n        parseWorkers: 5\n        writerWorkers: 2\n    ingest:\n        maxSlicesInFlight: 3\n'), 8);
  assert.equal(s.parseWorkers, 5);
  assert.equal(s.writerWorkers, 2);
  assert.equal(s.slices.maxSlicesInFlight, 3);
  assert.equal(s.slices.sliceMaxDatagrams, 512);
  assert.equal(s.logRingBytes, 32 * 1024 * 1024);
});

test('file destination dialect: auto follows influxdbConfig.version, an explicit version wins', () => {
  assert.equal(fileLineVersion(load('    influxdbConfig:\n        version: 2\n')), 2);
  assert.equal(fileLineVersion(load('    fileDestination:\n        influxVersion: 1\n')), 1);
});

test('worker young generation: 8 MB by default, a number is passed on, 0 leaves V8 its own size', () => {
  assert.deepEqual(workerResourceLimits(resolveRuntimeSettings(load(), 2)), { maxYoungGenerationSizeMb: 8 });
  const set = resolveRuntimeSettings(load('    threads:\n        workerYoungGenerationMb: 12\n'), 2);
  assert.deepEqual(workerResourceLimits(set), { maxYoungGenerationSizeMb: 12 });
  const v8 = resolveRuntimeSettings(load('    threads:\n        workerYoungGenerationMb: 0\n'), 2);
  assert.equal(v8.workerYoungGenerationMb, undefined);
  assert.equal(workerResourceLimits(v8), undefined);
});

test('light threads (tracker, http, poller) get at most 4 MB of young generation; busy ones the configured size', async () => {
  const { workerResourceLimits } = await import('../../../src/config/resolve.js');
  assert.deepEqual(workerResourceLimits({ workerYoungGenerationMb: 16 }), { maxYoungGenerationSizeMb: 16 });
  assert.deepEqual(workerResourceLimits({ workerYoungGenerationMb: 16 }, 'light'), { maxYoungGenerationSizeMb: 4 });
  assert.deepEqual(workerResourceLimits({ workerYoungGenerationMb: 2 }, 'light'), { maxYoungGenerationSizeMb: 2 });
  assert.equal(workerResourceLimits({ workerYoungGenerationMb: undefined }, 'light'), undefined);
});
