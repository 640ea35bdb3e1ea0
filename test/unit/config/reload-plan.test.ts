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

test('reload plan: rules and filters go to the parse side, poller targets to the poller, destinations to the writers, the rest needs a restart', () => {
  const running = load();
  const next = load();
  next.logEvents.categorise.ruleDefault.enable = false;
  next.userEvents.excludeUser = [{ directory: 'LAB', userId: 'svc' }];
  next.serversToMonitor.pollingInterval = 12_345;
  next.fileDestination.maxFiles = 31;
  next.influxdbConfig.port = 9999;
  next.logEvents.sendToInfluxdb.enable = !running.logEvents.sendToInfluxdb.enable;
  next.logEvents.udpServerConfig.queueMetrics.influxdb.enable = !running.logEvents.udpServerConfig.queueMetrics.influxdb.enable;
  next.ingest.sliceMaxDelayMs = running.ingest.sliceMaxDelayMs + 1;
  next.logEvents.udpServerConfig.portLogEvents = 9111;
  const plan = planReload(running, next);
  assert.deepEqual(plan.parse.sort(), ['logEvents.categorise.ruleDefault.enable', 'userEvents.excludeUser']);
  assert.deepEqual(plan.poller, ['serversToMonitor.pollingInterval']);
  assert.deepEqual(plan.destination.sort(), [
    'fileDestination.maxFiles',
    'influxdbConfig.port',
    'logEvents.sendToInfluxdb.enable',
    'logEvents.udpServerConfig.queueMetrics.influxdb.enable',
  ]);
  assert.deepEqual(plan.restart.sort(), ['ingest.sliceMaxDelayMs', 'logEvents.udpServerConfig.portLogEvents']);
  assert.equal(plan.config.logEvents.categorise.ruleDefault.enable, false, 'applied');
  assert.equal(plan.config.serversToMonitor.pollingInterval, 12_345, 'applied');
  assert.equal(plan.config.fileDestination.maxFiles, 31, 'applied');
  assert.equal(plan.config.influxdbConfig.port, 9999, 'applied');
  assert.equal(plan.config.logEvents.sendToInfluxdb.enable, next.logEvents.sendToInfluxdb.enable, 'applied');
  assert.equal(plan.config.ingest.sliceMaxDelayMs, running.ingest.sliceMaxDelayMs, 'kept at the running value');
  assert.equal(plan.config.logEvents.udpServerConfig.portLogEvents, running.logEvents.udpServerConfig.portLogEvents, 'kept at the running value');
  assert.deepEqual(planReload(plan.config, plan.config), { config: plan.config, parse: [], poller: [], destination: [], restart: [] });
});

test('reload plan: every registered destination section is applied live (PostgreSQL, OpenTelemetry included)', () => {
  const running = load();
  const next = load();
  next.postgresql = { ...next.postgresql, enable: !running.postgresql.enable };
  next.openTelemetry = { ...next.openTelemetry, enable: !running.openTelemetry.enable };
  next.delivery = { ...next.delivery, maxBatchLines: (running.delivery.maxBatchLines ?? 1000) + 1 };
  const plan = planReload(running, next);
  assert.deepEqual(plan.destination.sort(), ['delivery.maxBatchLines', 'openTelemetry.enable', 'postgresql.enable']);
  assert.deepEqual(plan.restart, []);
  assert.equal(plan.config.postgresql.enable, next.postgresql.enable);
});

test('reload plan: sockets, thread counts, rings, http ports and logging always need a restart', () => {
  const running = load();
  const next = load();
  next.threads.writerWorkers = running.threads.writerWorkers + 1;
  next.ingest.logEvents.ringBytes = running.ingest.logEvents.ringBytes * 2;
  next.prometheus.port = running.prometheus.port + 1;
  next.logLevel = running.logLevel === 'debug' ? 'info' : 'debug';
  next.userEvents.udpServerConfig.portUserActivityEvents = 9112;
  const plan = planReload(running, next);
  assert.deepEqual(plan.restart.sort(), ['ingest.logEvents.ringBytes', 'logLevel', 'prometheus.port', 'threads.writerWorkers', 'userEvents.udpServerConfig.portUserActivityEvents']);
  assert.deepEqual([plan.parse, plan.poller, plan.destination], [[], [], []]);
  assert.deepEqual(plan.config, running, 'nothing applied');
});
