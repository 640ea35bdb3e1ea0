import { test } from 'node:test';
import assert from 'node:assert/strict';
import { logStartupBanner, startupBanner, telemetryNotice } from '../../../src/ops/banner.js';
import { captureLogger, LEVEL, opsConfig } from './helpers.js';

test('banner: version, Node, config file, enabled destinations, ports, schedules', () => {
  const config = opsConfig((c) => {
    c.influxdbConfig.enable = true;
    c.influxdbConfig.version = 2;
    c.influxdbConfig.host = 'influx.lab.local';
    c.influxdbConfig.port = 8086;
    c.mqttConfig.enable = true;
    c.mqttConfig.brokerHost = 'broker.lab.local';
    c.mqttConfig.brokerPort = 1883;
    c.newRelic.enable = false;
    c.prometheus.enable = true;
    c.prometheus.port = 9842;
    c.userEvents.enable = true;
    c.userEvents.udpServerConfig.portUserActivityEvents = 9997;
    c.heartbeat.enable = true;
  });
  const { lines } = startupBanner({ config, appVersion: '1.2.3', configFile: '/etc/butler/prod.yaml', udpPorts: { user: 19997 } });
  assert.match(lines[0], new RegExp(`^Butler SOS 1\\.2\\.3 .* on Node ${process.version.replace(/\./g, '\\.')}, `));
  assert.equal(lines[1], 'Config file: /etc/butler/prod.yaml');
  assert.match(lines[2], /^Destinations: InfluxDB v2 at influx\.lab\.local:8086, MQTT mqtt:\/\/broker\.lab\.local:1883 \(base topic butler-sos\/\), Prometheus scrape endpoint$/);
  assert.match(lines[3], /user events UDP [^ ]+:19997/, 'the bound port wins over the configured one');
  assert.match(lines[3], /Prometheus http:\/\/[^ ]+:9842\/metrics/);
  assert.match(lines[4], /uptime monitor "every 15 minutes", heartbeat "every 1 hour"/);
});

test('anonTelemetry is accepted and ignored: one info line says nothing is sent, for true and false', () => {
  for (const value of [true, false]) {
    const config = opsConfig((c) => (c.anonTelemetry = value));
    const { logger, lines } = captureLogger();
    logStartupBanner(logger, { config, appVersion: '1.0.0' });
    const telemetry = lines.filter((l) => /telemetry/i.test(l.msg));
    assert.equal(telemetry.length, 1);
    assert.equal(telemetry[0].level, LEVEL.info);
    assert.equal(telemetry[0].msg, telemetryNotice(config));
    assert.match(telemetry[0].msg, new RegExp(`anonTelemetry is ${value}; .*not built.*nothing is sent`));
    assert.ok(lines.every((l) => l.level === LEVEL.info));
  }
});

test('the banner is logged once: one line per banner line, no structured copy of it', () => {
  const config = opsConfig();
  const { logger, lines } = captureLogger();
  const banner = logStartupBanner(logger, { config, appVersion: '1.0.0', configFile: '/etc/butler/prod.yaml' });
  const bannerEntries = lines.filter((l) => !/telemetry/i.test(l.msg));
  assert.deepEqual(bannerEntries.map((l) => l.msg), banner.lines);
  assert.ok(bannerEntries.every((l) => !('banner' in l)), 'no entry repeats the banner as an object');
  assert.equal(lines.filter((l) => l.msg.includes('/etc/butler/prod.yaml')).length, 1, 'the config file is named once');
});
