import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ConfigError, loadConfigText } from '../../../../src/config/load.js';
import { openTelemetryDestination } from '../../../../src/destinations/open-telemetry/index.js';
import { requestHeaders, signalUrl } from '../../../../src/destinations/open-telemetry/options.js';
import { DATA_KINDS } from '../../../../src/publish/published-data.js';
import { MASK, obfuscateConfig } from '../../../../src/http/web-console/obfuscate.js';
import { repoRoot } from '../../../support/paths.js';
import { minimalYaml } from '../../config/helpers.js';

const load = (yaml: string) => loadConfigText(minimalYaml(yaml), 'otel.yaml', {}, { skipVerification: true }).config;

function problemsOf(yaml: string): string[] {
  try {
    load(yaml);
  } catch (err) {
    assert.ok(err instanceof ConfigError, String(err));
    return err.problems;
  }
  assert.fail('expected the configuration to be rejected');
}

test('openTelemetry defaults: off, OTLP default endpoint, protobuf, gzip, 10 s, every kind', () => {
  const c = load('').openTelemetry;
  assert.deepEqual(c, {
    enable: false,
    endpoint: 'http://localhost:4318',
    protocol: 'http/protobuf',
    compression: 'gzip',
    headers: [],
    timeoutMs: 10_000,
    resourceAttributes: [],
    dataKinds: [],
  });
  assert.equal(openTelemetryDestination.enabled(load('')), false);
});

test('a full section loads; enabled takes every kind by default and a dataKinds list narrows it', () => {
  const all = load('    openTelemetry:\n        enable: true\n');
  assert.equal(openTelemetryDestination.enabled(all), true);
  for (const kind of DATA_KINDS) assert.equal(openTelemetryDestination.takes(all, kind), true, kind);
  assert.deepEqual(Object.keys(openTelemetryDestination.encoding(all, { appVersion: '1' }).encoders).sort(), [...DATA_KINDS].sort());
  const some = load(
    [
      '    openTelemetry:',
      '        enable: true',
      '        endpoint: https://otlp.example.com/otlp',
      '        protocol: http/json',
      '        compression: none',
      '        headers:',
      '            - name: Authorization',
      '              value: Basic abc',
      '        dataKinds: [LOG_EVENTS, HEALTH_METRICS]',
    ].join('\n'),
  );
  assert.deepEqual(DATA_KINDS.filter((k) => openTelemetryDestination.takes(some, k)), ['LOG_EVENTS', 'HEALTH_METRICS']);
  assert.deepEqual(Object.keys(openTelemetryDestination.encoding(some, { appVersion: '1' }).encoders).sort(), ['HEALTH_METRICS', 'LOG_EVENTS']);
  assert.equal(signalUrl(some.openTelemetry.endpoint, '/v1/logs'), 'https://otlp.example.com/otlp/v1/logs');
  assert.deepEqual(requestHeaders(some.openTelemetry), { authorization: 'Basic abc', 'content-type': 'application/json' });
  const line = openTelemetryDestination.describe(some);
  assert.match(line, /LOG_EVENTS, HEALTH_METRICS to https:\/\/otlp\.example\.com\/otlp \(http\/json, uncompressed, 1 header\(s\)\)/);
  assert.ok(!line.includes('Basic abc'), 'no secret in the banner');
});

test('bad values name their key', () => {
  const protocol = problemsOf('    openTelemetry:\n        enable: true\n        protocol: grpc\n');
  assert.ok(protocol.some((p) => p.includes('Butler-SOS.openTelemetry.protocol')), protocol.join('\n'));
  const kinds = problemsOf('    openTelemetry:\n        enable: true\n        dataKinds: [LOGS]\n');
  assert.ok(kinds.some((p) => p.includes('Butler-SOS.openTelemetry.dataKinds')), kinds.join('\n'));
  const endpoint = problemsOf('    openTelemetry:\n        enable: true\n        endpoint: not a url\n');
  assert.ok(endpoint.some((p) => p.includes('Butler-SOS.openTelemetry.endpoint')), endpoint.join('\n'));
});

test('check(): a signal path in the endpoint, reserved or repeated headers, per-record resource attributes', () => {
  const config = load(
    [
      '    openTelemetry:',
      '        enable: true',
      '        endpoint: http://alloy:4318/v1/logs',
      '        headers:',
      '            - { name: Content-Type, value: text/plain }',
      '            - { name: X-Key, value: a }',
      '            - { name: x-key, value: b }',
      '        resourceAttributes:',
      '            - { name: service.name, value: mine }',
      '            - { name: deployment.environment.name, value: prod }',
    ].join('\n'),
  );
  const { problems } = openTelemetryDestination.check!(config);
  assert.equal(problems.length, 4, problems.join('\n'));
  assert.match(problems[0], /^Butler-SOS\.openTelemetry\.endpoint: .*base URL/);
  assert.match(problems[1], /^Butler-SOS\.openTelemetry\.headers\[0\]\.name: Content-Type is set by the destination/);
  assert.match(problems[2], /^Butler-SOS\.openTelemetry\.headers\[2\]\.name: x-key is listed twice/);
  assert.match(problems[3], /^Butler-SOS\.openTelemetry\.resourceAttributes\[0\]\.name: service\.name/);
  assert.deepEqual(openTelemetryDestination.check!(load('    openTelemetry:\n        enable: true\n')).problems, []);
});

test('header values are masked on the config page', () => {
  const config = load('    openTelemetry:\n        enable: true\n        headers:\n            - { name: Authorization, value: Bearer s3cret }\n');
  const masked = obfuscateConfig(config) as typeof config;
  assert.deepEqual(masked.openTelemetry.headers, [{ name: 'Authorization', value: MASK }]);
});

test('config/examples/open-telemetry.yaml loads and passes check()', () => {
  const snippet = parse(readFileSync(join(repoRoot(), 'config', 'examples', 'open-telemetry.yaml'), 'utf8')) as { 'Butler-SOS': { openTelemetry: unknown } };
  // The section as YAML flow (JSON is YAML) under a minimal file.
  const text = minimalYaml(`    openTelemetry: ${JSON.stringify(snippet['Butler-SOS'].openTelemetry)}`);
  const config = loadConfigText(text, 'snippet.yaml', {}, { skipVerification: true }).config;
  assert.equal(config.openTelemetry.enable, true);
  assert.deepEqual(config.openTelemetry.resourceAttributes, [{ name: 'deployment.environment.name', value: 'prod' }]);
  assert.deepEqual(openTelemetryDestination.check!(config).problems, []);
});
