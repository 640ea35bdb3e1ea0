import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { request } from 'undici';
import { QlikApiSim } from '../../../bench/sim/qlik-api/qlik-api-sim.js';
import { silentLogger } from '../../../src/log/logger.js';
import { PollerService } from '../../../src/pollers/poller-service.js';
import { startInfluxd, type InfluxdHandle } from '../../support/influxd.js';
import { fixturePath } from '../../support/paths.js';
import { MemoryOutput, pollerConfig, pollerOptions, tempCerts, testPki, waitFor, type TempCerts } from './harness.js';

// One health poll and one session poll against the simulator's HTTPS APIs (serving the spec fixtures), written
// to a real InfluxDB 1.x; then every measurement, tag, field and field type is read back from InfluxDB.

const health = JSON.parse(readFileSync(fixturePath('spec', 'http', 'healthcheck-constructed-realistic.json'), 'utf8'));
const sessions = JSON.parse(readFileSync(fixturePath('spec', 'http', 'qps-session-constructed.json'), 'utf8'));
const apps: Array<{ id: string; name: string }> = JSON.parse(readFileSync(fixturePath('spec', 'http', 'qrs-app-list-constructed.json'), 'utf8'));
const appName = (id: string) => apps.find((a) => a.id === id)?.name ?? id;

const DB = 'pollers';
let influx: InfluxdHandle | null;
let sim: QlikApiSim;
let certs: TempCerts;
let output: MemoryOutput;

before(async () => {
  influx = await startInfluxd();
  sim = await QlikApiSim.start({ pki: testPki(), cluster: { nodes: 1, seed: 3 } });
  certs = tempCerts(testPki());
  sim.setBehaviour(1, 'health', { kind: 'json', body: health });
  sim.setBehaviour(1, 'sessions', { kind: 'json', body: sessions });
  sim.setBehaviour('qrs', 'apps', { kind: 'json', body: apps });
  output = new MemoryOutput();
  const config = pollerConfig({
    files: certs.files,
    servers: [
      {
        host: sim.nodes[0].host,
        serverName: 'sense1',
        serverDescription: 'Central node',
        virtualProxies: ['/'],
        serverTags: { server_group: 'DEV' },
      },
    ],
    serverTagsDefinition: ['server_group'],
    sessions: true,
    appNamesHost: '127.0.0.1',
    includeFields: true,
    excludeUser: [{ directory: 'LAB', userId: 'anna' }],
  });
  const service = new PollerService(config, pollerOptions(sim), { logger: silentLogger(), output });
  await service.start();
  try {
    await waitFor(() => output.lines('HEALTH_METRICS').length === 8 && output.lines('PROXY_SESSIONS').length > 0, 5000, 'health and session points');
  } finally {
    await service.stop();
  }
  if (influx) {
    await influx.query(`CREATE DATABASE ${DB}`);
    const body = output.batches.map((b) => Buffer.from(b.msg.body).toString('utf8')).join('\n');
    const res = await request(`${influx.url}/write?db=${DB}&precision=ns`, { method: 'POST', body });
    assert.equal(res.statusCode, 204, await res.body.text());
  }
});

after(async () => {
  await influx?.stop();
  await sim.close();
  certs.cleanup();
});

async function fieldTypes(measurement: string): Promise<Record<string, string>> {
  const rows = await influx!.rows(`SHOW FIELD KEYS FROM "${measurement}"`, DB);
  return Object.fromEntries(rows.map((r) => [r.fieldKey as string, r.fieldType as string]));
}

async function tagKeys(measurement: string): Promise<string[]> {
  const rows = await influx!.rows(`SHOW TAG KEYS FROM "${measurement}"`, DB);
  return rows.map((r) => r.tagKey as string).sort();
}

async function onlyRow(measurement: string, where = ''): Promise<Record<string, unknown>> {
  const rows = await influx!.rows(`SELECT * FROM "${measurement}"${where}`, DB, 'ms');
  assert.equal(rows.length, 1, `one ${measurement} row`);
  return rows[0];
}

const SERVER_TAGS = { host: '127.0.0.1', server_name: 'sense1', server_description: 'Central node', server_group: 'DEV' };

test('the health poll writes the eight measurements with server tags', async (t) => {
  if (!influx) return t.skip('influxd not available');
  const measurements = (await influx.rows('SHOW MEASUREMENTS', DB)).map((r) => r.name);
  for (const m of ['sense_server', 'mem', 'apps', 'cpu', 'session', 'users', 'cache', 'saturated']) {
    assert.ok(measurements.includes(m), `${m} written`);
    assert.deepEqual(await tagKeys(m), Object.keys(SERVER_TAGS).sort(), `${m} tags`);
    const row = await onlyRow(m);
    for (const [k, v] of Object.entries(SERVER_TAGS)) assert.equal(row[k], v, `${m}.${k}`);
  }
});

test('sense_server: version, started and uptime computed from the offset in started', async (t) => {
  if (!influx) return t.skip('influxd not available');
  assert.deepEqual(await fieldTypes('sense_server'), { started: 'string', uptime: 'string', version: 'string' });
  const row = await onlyRow('sense_server');
  assert.equal(row.version, health.version);
  assert.equal(row.started, health.started);
  // 20240515T060102.000+0200 is 04:01:02 UTC.
  const seconds = Math.floor(((row.time as number) - Date.UTC(2024, 4, 15, 4, 1, 2)) / 1000);
  const expected = `${Math.floor(seconds / 86400)} days, ${Math.floor((seconds % 86400) / 3600)}h ${String(Math.floor((seconds % 3600) / 60)).padStart(2, '0')}m ${String(seconds % 60).padStart(2, '0')}s`;
  assert.equal(row.uptime, expected);
});

test('mem, cpu, session, users, cache, saturated: v1 types and values', async (t) => {
  if (!influx) return t.skip('influxd not available');
  assert.deepEqual(await fieldTypes('mem'), { allocated: 'integer', comitted: 'integer', free: 'integer' });
  const mem = await onlyRow('mem');
  assert.deepEqual([mem.comitted, mem.allocated, mem.free], [health.mem.committed, health.mem.allocated, health.mem.free].map(Math.floor));
  assert.deepEqual(await fieldTypes('cpu'), { total: 'integer' });
  assert.equal((await onlyRow('cpu')).total, health.cpu.total);
  for (const m of ['session', 'users'] as const) {
    assert.deepEqual(await fieldTypes(m), { active: 'integer', total: 'integer' });
    const row = await onlyRow(m);
    assert.deepEqual([row.active, row.total], [health[m].active, health[m].total]);
  }
  assert.deepEqual(await fieldTypes('cache'), { added: 'integer', bytes_added: 'integer', hits: 'integer', lookups: 'integer', replaced: 'integer' });
  const cache = await onlyRow('cache');
  for (const k of ['hits', 'lookups', 'added', 'replaced', 'bytes_added']) assert.equal(cache[k], health.cache[k], `cache.${k}`);
  assert.deepEqual(await fieldTypes('saturated'), { saturated: 'boolean' });
  assert.equal((await onlyRow('saturated')).saturated, health.saturated);
});

test('apps: counts, id lists and app names from the QRS list (v1 quotes each name)', async (t) => {
  if (!influx) return t.skip('influxd not available');
  const types = await fieldTypes('apps');
  assert.equal(Object.keys(types).length, 14);
  for (const k of ['active_docs_count', 'loaded_docs_count', 'in_memory_docs_count', 'calls', 'selections']) assert.equal(types[k], 'integer', k);
  for (const list of ['active', 'loaded', 'in_memory']) {
    for (const k of [`${list}_docs`, `${list}_docs_names`, `${list}_session_docs_names`]) assert.equal(types[k], 'string', k);
  }
  const row = await onlyRow('apps');
  for (const [list, ids] of [
    ['active', health.apps.active_docs],
    ['loaded', health.apps.loaded_docs],
    ['in_memory', health.apps.in_memory_docs],
  ] as Array<[string, string[]]>) {
    assert.equal(row[`${list}_docs_count`], ids.length);
    assert.equal(row[`${list}_docs`], ids.join(','));
    const names = ids.filter((id) => !id.startsWith('SessionApp')).map(appName).sort();
    const sessionApps = ids.filter((id) => id.startsWith('SessionApp')).sort();
    assert.equal(row[`${list}_docs_names`], names.map((n) => `"${n}"`).join(','), `${list}_docs_names`);
    assert.equal(row[`${list}_session_docs_names`], sessionApps.map((n) => `"${n}"`).join(','));
  }
  assert.ok(!String(row.in_memory_docs_names).includes('d7cf16f9'), 'names were looked up, not ids');
  assert.equal(row.calls, health.apps.calls);
  assert.equal(row.selections, health.apps.selections);
});

test('proxy sessions: summary and list with server tags, details without the excluded user', async (t) => {
  if (!influx) return t.skip('influxd not available');
  const sessionTags = [...Object.keys(SERVER_TAGS), 'user_session_host', 'user_session_virtual_proxy'].sort();
  assert.deepEqual(await tagKeys('user_session_summary'), sessionTags);
  assert.deepEqual(await fieldTypes('user_session_summary'), { session_count: 'integer', session_user_id_list: 'string' });
  const summary = await onlyRow('user_session_summary');
  assert.equal(summary.session_count, sessions.length);
  assert.equal(summary.session_user_id_list, 'LAB\\goran,LAB\\anna');
  assert.equal(summary.user_session_host, sim.nodes[0].host);
  assert.equal(summary.user_session_virtual_proxy, '/');
  assert.equal(summary.server_group, 'DEV');

  assert.deepEqual(await fieldTypes('user_session_list'), { session_user_id_list: 'string' });
  assert.equal((await onlyRow('user_session_list')).session_user_id_list, 'LAB\\goran,LAB\\anna');

  assert.deepEqual(await tagKeys('user_session_details'), [...sessionTags, 'user_session_id', 'user_session_user_directory', 'user_session_user_id'].sort());
  assert.deepEqual(await fieldTypes('user_session_details'), { session_id: 'string', user_directory: 'string', user_id: 'string' });
  const details = await influx.rows('SELECT * FROM user_session_details', DB);
  const expected = sessions.filter((s: { UserId: string }) => s.UserId !== 'anna');
  assert.deepEqual(
    details.map((r) => [r.session_id, r.user_directory, r.user_id, r.user_session_id, r.server_name]).sort(),
    expected.map((s: { SessionId: string; UserDirectory: string; UserId: string }) => [s.SessionId, s.UserDirectory, s.UserId, s.SessionId, 'sense1']).sort(),
  );
});

test('the simulator saw the headers Butler SOS sends', () => {
  const h = sim.requests({ kind: 'health' })[0];
  assert.equal(h.headers.cacheControl, 'no-cache');
  const s = sim.requests({ kind: 'sessions' })[0];
  assert.equal(s.headers.xrfkey, 'abcdefghij987654');
  assert.equal(s.headers.virtualProxy, '/');
  assert.equal(s.headers.qlikUser, undefined, 'no X-Qlik-User on session calls');
  const a = sim.requests({ kind: 'apps' })[0];
  assert.equal(a.headers.qlikUser, 'UserDirectory=Internal; UserId=sa_repository');
  assert.match(a.headers.xrfkey ?? '', /^[0-9A-Za-z]{16}$/);
  assert.equal(a.clientCn, 'QlikClient');
});
