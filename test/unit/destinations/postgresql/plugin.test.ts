import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfigText } from '../../../../src/config/load.js';
import { postgresqlDestination } from '../../../../src/destinations/postgresql/plugin.js';
import { DATA_KINDS } from '../../../../src/publish/published-data.js';
import { repoRoot } from '../../../support/paths.js';
import { minimalYaml } from '../../config/helpers.js';

const load = (section: string) => loadConfigText(minimalYaml(section), 'pg.yaml', {}, { skipVerification: true }).config;

test('postgresql section: defaults; off unless enabled', () => {
  const off = load('');
  assert.equal(postgresqlDestination.enabled(off), false);
  const config = load(['    postgresql:', '        enable: true', '        host: db.lab.local'].join('\n'));
  assert.equal(postgresqlDestination.enabled(config), true);
  assert.deepEqual(
    { ...config.postgresql, tls: undefined },
    { enable: true, host: 'db.lab.local', port: 5432, database: 'butler_sos', schema: 'butler_sos', user: 'butler_sos', password: '', tls: undefined, retentionDays: 30, writeTimeoutMs: 10000 },
  );
  assert.deepEqual(config.postgresql.tls, { enable: false, caFile: '', certFile: '', keyFile: '', rejectUnauthorized: true });
});

test('enabled, it takes every kind of data; dataKinds narrows it (any letter case)', () => {
  const all = load(['    postgresql:', '        enable: true', '        host: db'].join('\n'));
  for (const kind of DATA_KINDS) assert.equal(postgresqlDestination.takes(all, kind), true, kind);
  assert.deepEqual(Object.keys(postgresqlDestination.encoding(all, { appVersion: '1' }).encoders).sort(), [...DATA_KINDS].sort());
  const some = load(['    postgresql:', '        enable: true', '        host: db', '        dataKinds: [LOG_EVENTS, error_events]'].join('\n'));
  assert.deepEqual(some.postgresql.dataKinds, ['log_events', 'error_events']);
  assert.deepEqual(DATA_KINDS.filter((k) => postgresqlDestination.takes(some, k)), ['LOG_EVENTS', 'ERROR_EVENTS']);
  assert.deepEqual(Object.keys(postgresqlDestination.encoding(some, { appVersion: '1' }).encoders).sort(), ['ERROR_EVENTS', 'LOG_EVENTS']);
});

test('a wrong dataKinds word and a missing host are refused at load, naming the key', () => {
  assert.throws(() => load(['    postgresql:', '        enable: true', '        host: db', '        dataKinds: [log_event]'].join('\n')), /postgresql\.dataKinds/);
  assert.throws(() => load(['    postgresql:', '        enable: true'].join('\n')), /postgresql\.host/);
});

test('check(): schema name, client certificate without key, empty dataKinds, TLS files with TLS off', () => {
  const config = load(['    postgresql:', '        enable: true', '        host: db', '        schema: "Butler SOS"', '        dataKinds: []', '        tls:', '            certFile: c.pem'].join('\n'));
  const { problems, warnings } = postgresqlDestination.check!(config);
  assert.equal(problems.length, 2);
  assert.match(problems[0], /^Butler-SOS\.postgresql\.schema: "Butler SOS" is not a plain PostgreSQL name/);
  assert.match(problems[1], /^Butler-SOS\.postgresql\.tls: certFile and keyFile go together/);
  assert.equal(warnings.length, 2);
  assert.match(warnings.join('\n'), /tls\.enable is false/);
  assert.match(warnings.join('\n'), /dataKinds: empty list/);
  const fine = load(['    postgresql:', '        enable: true', '        host: db'].join('\n'));
  assert.deepEqual(postgresqlDestination.check!(fine), { problems: [], warnings: [] });
});

test('describe() names the server, schema, kinds and retention, never the password', () => {
  const config = load(['    postgresql:', '        enable: true', '        host: db', '        user: butler', '        password: hunter2', '        retentionDays: 7', '        tls:', '            enable: true'].join('\n'));
  const line = postgresqlDestination.describe(config);
  assert.equal(line, 'PostgreSQL postgresql://butler@db:5432/butler_sos schema butler_sos (TLS): all data; rows kept 7 days');
  assert.ok(!line.includes('hunter2'));
});

test('the sample config snippet loads and enables the destination', () => {
  const snippet = readFileSync(join(repoRoot(), 'config', 'examples', 'postgresql.yaml'), 'utf8');
  const { config } = loadConfigText(snippet.replace('Butler-SOS:\n', minimalYaml('') + '\n'), 'postgresql.yaml', { PGPASSWORD_BUTLER: 'x' }, { skipVerification: true });
  assert.equal(postgresqlDestination.enabled(config), true);
  assert.deepEqual(postgresqlDestination.check!(config).problems, []);
});
