import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, loadConfigText } from '../../../src/config/load.js';
import { minimalYaml } from './helpers.js';

const CERT = '    cert:\n        clientCert: c.pem\n        clientCertKey: k.pem\n        clientCertCA: r.pem\n';

function server(tags: string): string {
  return (
    '    serversToMonitor:\n        serverTagsDefinition: [site, bad-name]\n        servers:\n' +
    '            - host: a.lan:4747\n              serverName: a\n              userSessions:\n                  enable: false\n' +
    `              serverTags: ${tags}\n`
  );
}

function problems(text: string): string[] {
  try {
    loadConfigText(text, 'v.yaml', {});
  } catch (err) {
    assert.ok(err instanceof ConfigError);
    return err.problems;
  }
  return [];
}

test('server tags: declared names must be Prometheus labels, undeclared or missing tags are problems', () => {
  const found = problems(minimalYaml(CERT + server('{ site: Oslo, rack: 4 }')));
  assert.equal(found.length, 3, found.join('\n'));
  assert.ok(found.some((p) => p.includes('Butler-SOS.serversToMonitor.serverTagsDefinition[1]') && p.includes('not a valid Prometheus label')));
  assert.ok(found.some((p) => p.includes('serverTags.rack') && p.includes('not declared')));
  assert.ok(found.some((p) => p.includes('serverTags.bad-name') && p.includes('missing')));
});

test('--skip-config-verification skips the start-up checks but not the schema', () => {
  const text = minimalYaml(CERT + server('{ site: Oslo, rack: 4 }'));
  const loaded = loadConfigText(text, 'v.yaml', {}, { skipVerification: true });
  assert.deepEqual(loaded.config.serversToMonitor.servers[0].serverTags, { site: 'Oslo', rack: '4' });
  assert.throws(() => loadConfigText(minimalYaml('    logLevl: info\n'), 'v.yaml', {}, { skipVerification: true }), ConfigError);
});

test('polling Qlik Sense requires the client certificate; UDP-only configurations do not', () => {
  const found = problems(minimalYaml('    appNames:\n        enableAppNameExtract: true\n        hostIP: qrs.lan\n'));
  assert.deepEqual(
    found.map((p) => p.split(':')[1].trim()),
    ['Butler-SOS.cert.clientCert', 'Butler-SOS.cert.clientCertKey', 'Butler-SOS.cert.clientCertCA'],
  );
  assert.deepEqual(problems(minimalYaml()), []);
});

test('log and user events on the same host and port is a problem', () => {
  const text = minimalYaml(
    '            portLogEvents: 9999\n    userEvents:\n        enable: true\n        udpServerConfig:\n            serverHost: 127.0.0.1\n            portUserActivityEvents: 9999\n',
  );
  const found = problems(text);
  assert.equal(found.length, 1);
  assert.match(found[0], /portUserActivityEvents: expected a port different from .*portLogEvents, found the same port 9999/);
});

test('events with no destination enabled give a warning, not an error', () => {
  const loaded = loadConfigText(minimalYaml(), 'v.yaml', {});
  assert.equal(loaded.warnings.length, 1);
  assert.match(loaded.warnings[0], /no destination is enabled/);
  const withFile = loadConfigText(minimalYaml('    fileDestination:\n        enable: true\n'), 'v.yaml', {});
  assert.deepEqual(withFile.warnings, []);
});

const V3 = (v3: string) =>
  `    influxdbConfig:\n        enable: true\n        host: influx.lan\n        version: 3\n        v3Config:\n            database: sense\n            token: apiv3_x\n${v3}`;

test('InfluxDB 3: an unreadable v3Config.retentionDuration is a problem naming the key', () => {
  const found = problems(minimalYaml(V3('            retentionDuration: ten days\n')));
  assert.deepEqual(found, ['v.yaml: Butler-SOS.influxdbConfig.v3Config.retentionDuration: "ten days" is not a duration; use e.g. 10d, 12h, 1w2d, or 0 for infinite retention']);
  assert.deepEqual(problems(minimalYaml(V3('            retentionDuration: 30d\n'))), []);
});

test('InfluxDB 3: v3Config.description is warned about by name when set, also with --skip-config-verification; absent, no warning', () => {
  for (const skipVerification of [false, true]) {
    const loaded = loadConfigText(minimalYaml(V3('            description: Butler SOS metrics\n')), 'v.yaml', {}, { skipVerification });
    assert.deepEqual(loaded.warnings.filter((w) => w.includes('description')), [
      'Butler-SOS.influxdbConfig.v3Config.description: not applied: InfluxDB 3 databases have no description (POST /api/v3/configure/database takes only db and retention_period)',
    ]);
  }
  assert.deepEqual(loadConfigText(minimalYaml(V3('')), 'v.yaml', {}).warnings, []);
});

test('delivery.maxWritesInFlight without the InfluxDB destination is warned about by name; with it, or unset, no warning', () => {
  const delivery = '    delivery:\n        maxWritesInFlight: 8\n';
  const file = '    fileDestination:\n        enable: true\n';
  const withoutInflux = loadConfigText(minimalYaml(delivery + file), 'v.yaml', {});
  assert.deepEqual(withoutInflux.warnings, [
    'Butler-SOS.delivery.maxWritesInFlight: not applied: only the InfluxDB destination (influxdbConfig.enable is false) has several writes on the wire; every other destination writes one batch at a time, in order (docs/delivery.md)',
  ]);
  assert.deepEqual(loadConfigText(minimalYaml(delivery + V3('')), 'v.yaml', {}).warnings, []);
  assert.deepEqual(loadConfigText(minimalYaml(file), 'v.yaml', {}).warnings, []);
});
