import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, loadConfigText } from '../../../src/config/load.js';
import { minimalYaml } from './helpers.js';

/** The problem lines a text produces (fails the test when it loads). */
function problemsOf(text: string, env: NodeJS.ProcessEnv = {}, skipVerification = false): string[] {
  try {
    loadConfigText(text, 'my.yaml', env, { skipVerification });
  } catch (err) {
    assert.ok(err instanceof ConfigError, `expected ConfigError, got ${String(err)}`);
    return err.problems;
  }
  assert.fail('expected the configuration to be rejected');
}

test('a minimal file loads and every other key takes its default', () => {
  const { config } = loadConfigText(minimalYaml(), 'min.yaml', {});
  assert.equal(config.logLevel, 'info');
  assert.equal(config.logEvents.udpServerConfig.portLogEvents, 9996);
  assert.equal(config.userEvents.enable, false);
  assert.deepEqual(config.logEvents.tags, [{ name: 'qs_env', value: 'dev' }]);
  assert.equal(config.influxdbConfig.maxBatchSize, 1000);
});

test('a misspelt key names its full path and suggests the nearest valid key', () => {
  const problems = problemsOf(minimalYaml('    influxdbConfig:\n        enable: false\n        hots: localhost\n'));
  assert.deepEqual(problems, ['my.yaml: unknown key "Butler-SOS.influxdbConfig.hots" (did you mean "host"?)']);
});

test('a key far from every valid key gets no suggestion', () => {
  const problems = problemsOf(minimalYaml('    completelyDifferent: 1\n'));
  assert.deepEqual(problems, ['my.yaml: unknown key "Butler-SOS.completelyDifferent"']);
});

test('a wrong type names the path, what was expected and what was found', () => {
  const problems = problemsOf(minimalYaml('    prometheus:\n        enable: yes please\n        port: "9842"\n'));
  assert.deepEqual(problems, [
    'my.yaml: Butler-SOS.prometheus.enable: expected true or false, found text "yes please"',
    'my.yaml: Butler-SOS.prometheus.port: expected an integer from 1 to 65535, found text "9842"',
  ]);
});

test('every problem of a file is reported at once, one line each', () => {
  const problems = problemsOf(minimalYaml('    logLevel: loud\n    threads:\n        parseWorkers: 0\n    fileDestination:\n        maxFilez: 3\n'));
  assert.equal(problems.length, 3);
  assert.ok(problems.every((p) => p.startsWith('my.yaml: ') && !p.includes('\n')));
  assert.ok(problems.some((p) => p.includes('Butler-SOS.logLevel: expected one of "error"') && p.includes('found text "loud"')));
  assert.ok(problems.some((p) => p.includes('Butler-SOS.threads.parseWorkers: expected "auto" or an integer from 1 to 1024, found the number 0')));
  assert.ok(problems.some((p) => p.includes('unknown key "Butler-SOS.fileDestination.maxFilez" (did you mean "maxFiles"?)')));
});

test('a required value missing in an enabled section is a problem; the same section disabled may omit it', () => {
  assert.deepEqual(problemsOf(minimalYaml('    mqttConfig:\n        enable: true\n')), [
    'my.yaml: Butler-SOS.mqttConfig.brokerHost: expected a host name or IP address, found nothing (required while Butler-SOS.mqttConfig.enable is true)',
  ]);
  const { config } = loadConfigText(minimalYaml('    mqttConfig:\n        enable: false\n'), 'my.yaml', {});
  assert.equal(config.mqttConfig.enable, false);
  assert.equal(config.mqttConfig.brokerHost, undefined);
});

test('only the InfluxDB sub-section of the configured version needs its values', () => {
  const v1 = minimalYaml('    influxdbConfig:\n        enable: true\n        host: db.lan\n        version: 1\n');
  assert.equal(loadConfigText(v1, 'my.yaml', {}).config.influxdbConfig.v1Config.dbName, 'senseops');
  const v2 = problemsOf(minimalYaml('    influxdbConfig:\n        enable: true\n        host: db.lan\n        version: 2\n'));
  assert.deepEqual(
    v2.map((p) => p.split(': expected')[0]),
    ['my.yaml: Butler-SOS.influxdbConfig.v2Config.org', 'my.yaml: Butler-SOS.influxdbConfig.v2Config.bucket', 'my.yaml: Butler-SOS.influxdbConfig.v2Config.token'],
  );
  assert.ok(v2[0].endsWith('(required while Butler-SOS.influxdbConfig.version is 2)'));
});

test('range and format checks apply in enabled sections only (template placeholders may stay in disabled ones)', () => {
  const off = minimalYaml('    mqttConfig:\n        enable: false\n        brokerHost: <IP of MQTT broker/server>\n');
  assert.equal(loadConfigText(off, 'my.yaml', {}).config.mqttConfig.brokerHost, '<IP of MQTT broker/server>');
  const on = minimalYaml('    mqttConfig:\n        enable: true\n        brokerHost: <IP of MQTT broker/server>\n');
  assert.deepEqual(problemsOf(on), [
    'my.yaml: Butler-SOS.mqttConfig.brokerHost: expected a host name or IP address, found text "<IP of MQTT broker/server>"',
  ]);
});

test('null lists and null sections load as empty', () => {
  const text = minimalYaml(
    [
      '            allowedSources:',
      '    userEvents:',
      '        excludeUser:',
      '    thirdPartyToolsCredentials:',
      '        newRelic:',
      '    delivery:',
      '        backoff:',
    ].join('\n'),
  );
  const { config } = loadConfigText(text, 'my.yaml', {});
  assert.deepEqual(config.logEvents.udpServerConfig.allowedSources, []);
  assert.deepEqual(config.userEvents.excludeUser, []);
  assert.deepEqual(config.thirdPartyToolsCredentials.newRelic, []);
  assert.deepEqual(config.delivery, { backoff: {}, spool: { enable: true, directory: './data/spool', maxBytes: 1073741824, graceMs: 10000 } });
});

test('words are accepted in any case and stored lowercase; app objects load as {objectId}', () => {
  const text = minimalYaml(
    [
      '    logLevel: DEBUG',
      '        categorise:',
      '            enable: true',
      '            rules:',
      '                - description: x',
      '                  logLevel: [FATAL, Warn]',
      '                  action: DROP',
      '                  filter: [{ type: SO, value: boom }]',
      '        enginePerformanceMonitor:',
      '            monitorFilter:',
      '                appSpecific:',
      '                    app:',
      '                        - appObject:',
      '                              allAppObjectsExclude: [abc, { objectId: def }]',
    ].join('\n'),
  );
  // The rule keys sit under logEvents; move the extra lines there.
  const fixed = text.replace('    logLevel: DEBUG\n', '').replace('Butler-SOS:\n', 'Butler-SOS:\n    logLevel: DEBUG\n');
  const { config } = loadConfigText(fixed, 'my.yaml', {});
  assert.equal(config.logLevel, 'debug');
  const rule = config.logEvents.categorise.rules[0];
  assert.deepEqual(rule.logLevel, ['fatal', 'warn']);
  assert.equal(rule.action, 'drop');
  assert.equal(rule.filter[0].type, 'so');
  assert.deepEqual(config.logEvents.enginePerformanceMonitor.monitorFilter.appSpecific.app[0].appObject.allAppObjectsExclude, [
    { objectId: 'abc' },
    { objectId: 'def' },
  ]);
});

test('YAML syntax errors are reported with line and column', () => {
  const problems = problemsOf('Butler-SOS:\n    logLevel: info\n    tags: [a, b\n');
  assert.equal(problems.length, 1);
  assert.match(problems[0], /^my\.yaml:\d+:\d+: YAML syntax error: /);
  const dup = problemsOf('Butler-SOS:\n    logLevel: info\n    logLevel: debug\n');
  assert.match(dup[0], /^my\.yaml:3:5: YAML syntax error: .*unique/);
});

test('the root key Butler-SOS is required', () => {
  assert.deepEqual(problemsOf('Butler-Sos:\n    logLevel: info\n'), ['my.yaml: unknown key "Butler-Sos" at the top level (did you mean "Butler-SOS"?)']);
  assert.deepEqual(problemsOf(''), ['my.yaml: the file is empty; expected a mapping with the key "Butler-SOS"']);
  assert.deepEqual(problemsOf('- a\n- b\n'), ['my.yaml: expected a mapping with the key "Butler-SOS" at the top level, found a list']);
});

test('${VAR} takes its value from the environment, typed by the schema', () => {
  const text = minimalYaml(
    '    influxdbConfig:\n        enable: true\n        host: ${DB_HOST}\n        port: ${DB_PORT}\n        version: 1\n' +
      '        v1Config:\n            dbName: db_${SITE}\n            auth:\n                enable: true\n                username: u\n                password: ${DB_PASS}\n',
  );
  const env = { DB_HOST: 'influx.lan', DB_PORT: '18086', SITE: 'north', DB_PASS: '12345' };
  const { config } = loadConfigText(text, 'my.yaml', env);
  assert.equal(config.influxdbConfig.host, 'influx.lan');
  assert.equal(config.influxdbConfig.port, 18086);
  assert.equal(config.influxdbConfig.v1Config.dbName, 'db_north');
  // A numeric secret stays text where text is expected.
  assert.equal(config.influxdbConfig.v1Config.auth.password, '12345');
});

test('${VAR:-fallback}, $${literal}, and an unset variable', () => {
  const text = minimalYaml('    logDirectory: ${LOG_DIR:-logs}\n    influxdbConfig:\n        host: $${NOT_A_VAR}\n');
  const { config } = loadConfigText(text, 'my.yaml', {});
  assert.equal(config.logDirectory, 'logs');
  assert.equal(config.influxdbConfig.host, '${NOT_A_VAR}');
  assert.deepEqual(problemsOf(minimalYaml('    logDirectory: ${LOG_DIR}\n')), [
    'my.yaml: Butler-SOS.logDirectory: environment variable "LOG_DIR" is not set (referenced as ${LOG_DIR})',
  ]);
});

test('environment overrides reach nested keys case-insensitively and are typed by the schema', () => {
  const env = {
    BUTLER_SOS__LOGLEVEL: 'debug',
    BUTLER_SOS__INFLUXDBCONFIG__ENABLE: 'true',
    BUTLER_SOS__INFLUXDBCONFIG__HOST: 'db.lan',
    BUTLER_SOS__influxdbConfig__v1Config__DBNAME: 'ops',
    BUTLER_SOS__INFLUXDBCONFIG__VERSION: '1',
    BUTLER_SOS__THREADS__PARSEWORKERS: '3',
    BUTLER_SOS__LOGEVENTS__UDPSERVERCONFIG__PORTLOGEVENTS: '19996',
    UNRELATED: 'x',
  };
  const loaded = loadConfigText(minimalYaml(), 'my.yaml', env);
  const { config } = loaded;
  assert.equal(config.logLevel, 'debug');
  assert.equal(config.influxdbConfig.enable, true);
  assert.equal(config.influxdbConfig.host, 'db.lan');
  assert.equal(config.influxdbConfig.version, 1);
  assert.equal(config.influxdbConfig.v1Config.dbName, 'ops');
  assert.equal(config.threads.parseWorkers, 3);
  assert.equal(config.logEvents.udpServerConfig.portLogEvents, 19996);
  assert.ok(loaded.overrides.includes('BUTLER_SOS__THREADS__PARSEWORKERS → Butler-SOS.threads.parseWorkers'));
  assert.equal(loaded.overrides.length, 7);
});

test('environment overrides set lists as YAML and reach list items by index', () => {
  const text = minimalYaml(
    '    serversToMonitor:\n        servers:\n            - host: a.lan:4747\n              serverName: a\n' +
      '              userSessions:\n                  enable: false\n    cert:\n        clientCert: c.pem\n        clientCertKey: k.pem\n        clientCertCA: r.pem\n',
  );
  const env = {
    BUTLER_SOS__LOGEVENTS__UDPSERVERCONFIG__ALLOWEDSOURCES: '[10.0.0.1, sense.lan]',
    BUTLER_SOS__SERVERSTOMONITOR__SERVERS__0__SERVERNAME: 'renamed',
    BUTLER_SOS__SERVERSTOMONITOR__SERVERTAGSDEFINITION: '[site]',
    BUTLER_SOS__SERVERSTOMONITOR__SERVERS__0__SERVERTAGS__site: 'Oslo',
  };
  const { config } = loadConfigText(text, 'my.yaml', env);
  assert.deepEqual(config.logEvents.udpServerConfig.allowedSources, ['10.0.0.1', 'sense.lan']);
  assert.equal(config.serversToMonitor.servers[0].serverName, 'renamed');
  assert.deepEqual(config.serversToMonitor.servers[0].serverTags, { site: 'Oslo' });
});

test('an environment override naming an unknown key is a problem naming the variable', () => {
  assert.deepEqual(problemsOf(minimalYaml(), { BUTLER_SOS__INFLUXDBCONFIG__HOSTT: 'x' }), [
    'my.yaml: environment variable BUTLER_SOS__INFLUXDBCONFIG__HOSTT: unknown key "Butler-SOS.influxdbConfig.HOSTT" (did you mean "host"?)',
  ]);
  const bad = problemsOf(minimalYaml(), { BUTLER_SOS__THREADS__WRITERWORKERS: 'many' });
  assert.deepEqual(bad, [
    'my.yaml: Butler-SOS.threads.writerWorkers: expected an integer from 1 to 64, found text "many" (set by environment variable BUTLER_SOS__THREADS__WRITERWORKERS)',
  ]);
});

test('the auditEvents section of Butler SOS v15 loads with its defaults; an unknown key in it is named', () => {
  const loaded = loadConfigText(minimalYaml('    auditEvents:\n        enable: true\n        host: 0.0.0.0\n        port: 8195\n'), 'my.yaml', {});
  const audit = loaded.config.auditEvents;
  assert.equal(audit.enable, true);
  assert.equal(audit.rateLimit.maxPerMinute, 300);
  assert.equal(audit.queue.messageQueue.maxSize, 200);
  assert.equal(audit.queue.queueMetrics.influxdb.measurementName, 'audit_events_queue');
  assert.deepEqual(audit.cors.allowedOrigins, []);
  assert.throws(() => loadConfigText(minimalYaml('    auditEvents:\n        enable: true\n        host: 0.0.0.0\n'), 'my.yaml', {}), /auditEvents\.port/);
});

test('ConfigError carries the problem lines and a readable message', () => {
  const err = new ConfigError(['a: one', 'b: two']);
  assert.deepEqual(err.problems, ['a: one', 'b: two']);
  assert.equal(err.name, 'ConfigError');
  assert.match(err.message, /2 problems/);
});
