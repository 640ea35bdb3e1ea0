import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { changedPaths, planReload } from '../../../src/config/reload-plan.js';
import { loadConfigText } from '../../../src/config/load.js';
import { repoRoot } from '../../support/paths.js';

const load = () => loadConfigText(readFileSync(`${repoRoot()}/config/default.yaml`, 'utf8'), 'default.yaml', {}).config;

test('changedPaths names every leaf that differs; arrays compare whole', () => {
  assert.deepEqual(changedPaths({ a: { b: 1, c: [1, 2] }, d: 'x' }, { a: { b: 2, c: [1, 2] }, d: 'x', e: true }), ['a.b', 'e']);
  assert.deepEqual(changedPaths({ a: [1] }, { a: [1, 2] }), ['a']);
});

test('reload plan: rules and filters go to the parse side, poller targets to the poller, the rest needs a restart', () => {
  const running = load();
  const next = load();
  next.logEvents.categorise.ruleDefault.enable = false;
  next.userEvents.excludeUser = [{ directory: 'LAB', userId: 'svc' }];
  next.serversToMonitor.pollingInterval = 12_345;
  next.fileDestination.maxFiles = 31;
  next.influxdbConfig.port = 9999;
  const plan = planReload(running, next);
  assert.deepEqual(plan.parse.sort(), ['logEvents.categorise.ruleDefault.enable', 'userEvents.excludeUser']);
  assert.deepEqual(plan.poller, ['serversToMonitor.pollingInterval']);
  assert.deepEqual(plan.restart.sort(), ['fileDestination.maxFiles', 'influxdbConfig.port']);
  assert.equal(plan.config.logEvents.categorise.ruleDefault.enable, false, 'applied');
  assert.equal(plan.config.serversToMonitor.pollingInterval, 12_345, 'applied');
  assert.equal(plan.config.fileDestination.maxFiles, running.fileDestination.maxFiles, 'kept at the running value');
  assert.equal(plan.config.influxdbConfig.port, running.influxdbConfig.port, 'kept at the running value');
  assert.deepEqual(planReload(plan.config, plan.config), { config: plan.config, parse: [], poller: [], restart: [] });
});
