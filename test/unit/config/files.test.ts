import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfigFile, loadConfigText } from '../../../src/config/load.js';
import { benchCollectorConfig } from '../../../bench/collector-config.js';
import { stringify } from 'yaml';
import { configFile, filledTemplate } from './helpers.js';

test('the Butler SOS v15 production template with its placeholders filled in loads unchanged', () => {
  const { config, warnings } = loadConfigText(filledTemplate(), 'template.yaml', {});
  // The one v15 key InfluxDB 3 has no place for is named, not silently dropped.
  assert.deepEqual(warnings, [
    'Butler-SOS.influxdbConfig.v3Config.description: not applied: InfluxDB 3 databases have no description (POST /api/v3/configure/database takes only db and retention_period)',
  ]);
  // Values straight from the file.
  assert.equal(config.logLevel, 'info');
  assert.equal(config.influxdbConfig.enable, true);
  assert.equal(config.influxdbConfig.version, 3);
  assert.equal(config.influxdbConfig.v3Config.database, 'mydatabase');
  assert.equal(config.logEvents.udpServerConfig.serverHost, '192.168.10.20');
  assert.equal(config.appNames.hostIP, '192.168.10.20');
  assert.equal(config.serversToMonitor.servers.length, 2);
  assert.equal(config.serversToMonitor.servers[0].host, 'sense1.lab.local:4747');
  assert.deepEqual(
    config.serversToMonitor.servers[0].userSessions.virtualProxies.map((v) => v.virtualProxy),
    ['/', '/hdr', '/sales'],
  );
  assert.equal(config.cert.clientCertPassphrase, 'Secret123');
  // Lists whose entries are all commented out are null in YAML and load as empty lists.
  assert.deepEqual(config.thirdPartyToolsCredentials.newRelic, []);
  assert.deepEqual(config.userEvents.excludeUser, []);
  assert.deepEqual(config.logEvents.udpServerConfig.allowedSources, []);
  assert.deepEqual(config.logEvents.categorise.rules, []);
  assert.deepEqual(config.serversToMonitor.serverTagsDefinition, []);
  assert.deepEqual(config.logEvents.enginePerformanceMonitor.monitorFilter.appSpecific.app[0].include, []);
  // Object-or-null keys keep their null.
  assert.equal(config.serversToMonitor.servers[0].serverTags, null);
  // New keys take their defaults.
  assert.equal(config.threads.parseWorkers, 'auto');
  assert.equal(config.fileDestination.enable, false);
  assert.equal(config.ingest.logEvents.ringBytes, 32 * 1024 * 1024);
});

test('config/default.yaml loads and runs without a database: file destination on, InfluxDB and polling off', () => {
  const { config, warnings } = loadConfigFile(configFile('default.yaml'), {});
  assert.deepEqual(warnings, []);
  assert.equal(config.fileDestination.enable, true);
  assert.equal(config.influxdbConfig.enable, false);
  assert.equal(config.mqttConfig.enable, false);
  assert.equal(config.newRelic.enable, false);
  assert.equal(config.prometheus.enable, false);
  assert.deepEqual(config.serversToMonitor.servers, []);
  assert.equal(config.appNames.enableAppNameExtract, false);
  assert.equal(config.userEvents.enable, true);
  assert.equal(config.userEvents.udpServerConfig.portUserActivityEvents, 9997);
  assert.equal(config.logEvents.udpServerConfig.portLogEvents, 9996);
  assert.equal(config.logEvents.udpServerConfig.serverHost, '0.0.0.0');
  for (const [name, source] of Object.entries(config.logEvents.source)) assert.equal(source.enable, true, name);
  assert.equal(config.logEvents.categorise.enable, true);
  assert.ok(config.logEvents.categorise.rules.length > 0);
  assert.equal(config.qlikSenseEvents.eventCount.enable, true);
  assert.equal(config.qlikSenseEvents.rejectedEventCount.enable, true);
  assert.equal(config.logEvents.udpServerConfig.queueMetrics.influxdb.enable, true);
  assert.equal(config.userEvents.udpServerConfig.queueMetrics.influxdb.enable, true);
});

test('config/example.yaml loads and covers the new keys', () => {
  const { config } = loadConfigFile(configFile('example.yaml'), {});
  assert.equal(config.threads.writerWorkers, 1);
  assert.equal(config.ingest.sliceMaxDatagrams, 512);
  assert.equal(config.fileDestination.influxVersion, 'auto');
  assert.deepEqual(config.delivery, { backoff: {}, spool: { enable: true, directory: './data/spool', maxBytes: 1073741824, graceMs: 10000 } });
});

test('config/bench.yaml loads: loopback only, InfluxDB v1 on localhost, no file destination', () => {
  const { config } = loadConfigFile(configFile('bench.yaml'), {});
  assert.equal(config.fileDestination.enable, false);
  assert.equal(config.influxdbConfig.enable, true);
  assert.equal(config.influxdbConfig.version, 1);
  assert.equal(config.influxdbConfig.host, '127.0.0.1');
  assert.equal(config.logEvents.udpServerConfig.serverHost, '127.0.0.1');
  assert.equal(config.userEvents.udpServerConfig.serverHost, '127.0.0.1');
});

test('the configuration the bench runner generates loads', () => {
  const body = benchCollectorConfig({
    logPort: 19996,
    userPort: 19997,
    influxHost: '127.0.0.1',
    influxPort: 18086,
    dbName: 'bench',
    parseWorkers: 2,
    writerWorkers: 1,
    udpReceiveBufferBytes: 4 * 1024 * 1024,
  });
  const { config } = loadConfigText(stringify({ 'Butler-SOS': body }), 'bench-generated.yaml', {});
  assert.equal(config.threads.parseWorkers, 2);
  assert.equal(config.logEvents.udpServerConfig.portLogEvents, 19996);
});
