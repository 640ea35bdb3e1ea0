import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { healthPollMessage, serverLabelNames, sessionPollMessage } from '../../../src/metrics/health-gauges.js';
import { MetricsRegistry } from '../../../src/metrics/metrics-registry.js';
import { readHealthBody } from '../../../src/pollers/health-body.js';
import { fixturePath } from '../../support/paths.js';
import { parsePromText, samplesOf } from '../../support/prom-text.js';

// A simulated health poll (spec fixtures) through the registry, compared with docs/prometheus.md#butler-sos-gauges:
// metric names, help texts, label sets and values, written out here independently of src/metrics.

const raw = JSON.parse(readFileSync(fixturePath('spec', 'http', 'healthcheck-constructed-realistic.json'), 'utf8'));
const MB = 1048576;

const EXPECTED: Record<string, number> = {
  butlersos_apps_calls: raw.apps.calls,
  butlersos_apps_selections: raw.apps.selections,
  butlersos_apps_activedocs_total: raw.apps.active_docs.length,
  butlersos_apps_inmemorydocs_total: raw.apps.in_memory_docs.length,
  butlersos_apps_loadeddocs_total: raw.apps.loaded_docs.length,
  butlersos_cache_added: raw.cache.added,
  butlersos_cache_bytes_added: raw.cache.bytes_added,
  butlersos_cache_hits: raw.cache.hits,
  butlersos_cache_lookups: raw.cache.lookups,
  butlersos_cache_replaced: raw.cache.replaced,
  butlersos_cache_saturated: raw.saturated ? 1 : 0,
  butlersos_cpu_total: raw.cpu.total,
  butlersos_mem_committed: raw.mem.committed * MB,
  butlersos_mem_allocated: raw.mem.allocated * MB,
  butlersos_mem_free: raw.mem.free * MB,
  butlersos_session_active: raw.session.active,
  butlersos_session_total: raw.session.total,
  butlersos_users_active: raw.users.active,
  butlersos_users_total: raw.users.total,
};

const server1 = { host: 'sense1.lab.local:4747', serverName: 'sense1', serverDescription: 'Central node', serverTags: { server_group: 'DEV' } };
const server2 = { host: 'sense2.lab.local:4747', serverName: 'sense2', serverDescription: 'Rim node', serverTags: { server_group: 'PROD' } };
const config = { serversToMonitor: { serverTagsDefinition: ['server_group'], servers: [server1, server2] } };
const LABELS1 = { host: 'sense1.lab.local', server_name: 'sense1', server_description: 'Central node', server_group: 'DEV' };

function registry(now: () => number): MetricsRegistry {
  return new MetricsRegistry({ serverLabelNames: serverLabelNames(config), healthStaleAfterMs: 90_000, sessionStaleAfterMs: 60_000, defaultMetrics: false, now });
}

test('a health poll sets every butlersos_* gauge with the server tags as labels and the documented values', async () => {
  let now = 1_000_000;
  const reg = registry(() => now);
  const result = reg.apply(healthPollMessage(server1, readHealthBody(raw), now));
  assert.deepEqual(result, { ok: true });
  const text = parsePromText(await reg.metrics());
  for (const [name, value] of Object.entries(EXPECTED)) {
    const samples = samplesOf(text, name);
    assert.equal(samples.length, 1, `${name}: one series`);
    assert.deepEqual(samples[0].labels, LABELS1, `${name}: labels`);
    assert.equal(samples[0].value, value, `${name}: value`);
    assert.equal(text.type.get(name), 'gauge', `${name}: type`);
  }
  assert.equal(text.help.get('butlersos_cpu_total'), 'Percentage of the CPU used by the engine, averaged over a time period of 30 seconds.');
  assert.equal(text.help.get('butlersos_mem_committed'), 'The total amount of committed memory for the engine process in MB.');
  const meta = samplesOf(text, 'butlersos_engine_metadata');
  assert.deepEqual(meta.map((s) => [s.labels, s.value]), [[{ ...LABELS1, engine_version: raw.version, engine_started: raw.started }, 1]]);
  assert.equal(text.help.get('butlersos_engine_metadata'), 'Metadata about the Qlik Sense engine.');
});

test('session polls set butlersos_user_session_total per server and virtual proxy', async () => {
  const reg = registry(() => 0);
  reg.apply(sessionPollMessage(server1, { virtualProxy: '/', sessionHost: 'sense1.lab.local:4243' }, 2, 0));
  reg.apply(sessionPollMessage(server1, { virtualProxy: '/hdr', sessionHost: 'sense1.lab.local:4243' }, 5, 0));
  const text = parsePromText(await reg.metrics());
  const series = samplesOf(text, 'butlersos_user_session_total').map((s) => [s.labels.user_session_virtual_proxy, s.labels.user_session_host, s.labels.server_group, s.value]);
  assert.deepEqual(series.sort(), [['/', 'sense1.lab.local:4243', 'DEV', 2], ['/hdr', 'sense1.lab.local:4243', 'DEV', 5]]);
  assert.equal(text.help.get('butlersos_user_session_total'), 'Number of sessions (as reported by the proxy service).');
});

test('series of a server that stopped answering go stale; the other server keeps its series', async () => {
  let now = 0;
  const reg = registry(() => now);
  const body = readHealthBody(raw);
  reg.apply(healthPollMessage(server1, body, now));
  reg.apply(healthPollMessage(server2, body, now));
  reg.apply(sessionPollMessage(server1, { virtualProxy: '/', sessionHost: 'sense1:4243' }, 1, now));
  now = 60_000;
  reg.apply(healthPollMessage(server2, body, now));
  let text = parsePromText(await reg.metrics());
  assert.deepEqual(samplesOf(text, 'butlersos_cpu_total').map((s) => s.labels.server_name).sort(), ['sense1', 'sense2'], 'within the stale time both stay');
  assert.equal(samplesOf(text, 'butlersos_user_session_total').length, 1);
  now = 95_000; // sense1: 95 s since its last health poll (stale after 90 s); sessions stale after 60 s
  text = parsePromText(await reg.metrics());
  assert.deepEqual(samplesOf(text, 'butlersos_cpu_total').map((s) => s.labels.server_name), ['sense2']);
  assert.deepEqual(samplesOf(text, 'butlersos_engine_metadata').map((s) => s.labels.server_name), ['sense2']);
  assert.equal(samplesOf(text, 'butlersos_user_session_total').length, 0);
  // sense1's health gauges + its engine_metadata + its one session series
  assert.equal(samplesOf(text, 'butlersos_collector_stale_series_removed')[0].value, Object.keys(EXPECTED).length + 1 + 1);
});

test('an engine restart replaces the engine_metadata series instead of adding one', async () => {
  const reg = registry(() => 0);
  const body = readHealthBody(raw);
  reg.apply(healthPollMessage(server1, body, 0));
  reg.apply(healthPollMessage(server1, { ...body, started: '20240601T000000.000Z', version: '14.200.1' }, 0));
  const meta = samplesOf(parsePromText(await reg.metrics()), 'butlersos_engine_metadata');
  assert.deepEqual(meta.map((s) => [s.labels.engine_version, s.labels.engine_started]), [['14.200.1', '20240601T000000.000Z']]);
});

test('unusable messages are refused with a reason naming the part and counted; nothing else changes', async () => {
  const reg = registry(() => 0);
  const good = healthPollMessage(server1, readHealthBody(raw), 0);
  const cases: Array<[unknown, RegExp]> = [
    [null, /not an object/],
    [{ t: 'nope' }, /unknown metrics message type "nope"/],
    [{ ...good, values: { ...good.values, butlersos_cpu_total: 'x' } }, /health-poll\.values\.butlersos_cpu_total/],
    [{ ...good, labels: { ...good.labels, rack: 'A1' } }, /label "rack" is not in the configured label set/],
    [{ ...good, values: { butlersos_cpu_total: 1 } }, /no value for butlersos_apps_calls/],
    [{ t: 'session-poll', server: 's', virtualProxy: '/', labels: {}, sessionCount: Infinity, at: 0 }, /sessionCount/],
    [{ t: 'gauge-set', items: [{ name: 'bad name', labels: {}, value: 1 }] }, /not a valid metric name/],
    [{ t: 'gauge-set', items: [{ name: 'butlersos_cpu_total', labels: {}, value: 1 }] }, /built-in metric/],
    [{ t: 'collector', snapshot: { rings: { log: { received: NaN } } } }, /snapshot\.rings\.log\.received/],
    [{ t: 'collector', snapshot: { destinations: [{ writtenLines: 1 }] } }, /destinations\[0\]/],
  ];
  for (const [msg, why] of cases) {
    const r = reg.apply(msg);
    assert.equal(r.ok, false, `refused: ${JSON.stringify(msg)}`);
    if (!r.ok) assert.match(r.problem, why);
  }
  const text = parsePromText(await reg.metrics());
  assert.equal(samplesOf(text, 'butlersos_collector_metric_updates_invalid_total')[0].value, cases.length);
  assert.equal(samplesOf(text, 'butlersos_cpu_total').length, 0, 'no partial health series');
});

test('gauge-set creates a gauge on first use and updates it', async () => {
  const reg = registry(() => 0);
  reg.apply({ t: 'gauge-set', items: [{ name: 'butlersos_uptime_seconds', help: 'Uptime.', labels: { instance: 'DEV' }, value: 12 }] });
  reg.apply({ t: 'gauge-set', items: [{ name: 'butlersos_uptime_seconds', labels: { instance: 'DEV' }, value: 13 }] });
  const text = parsePromText(await reg.metrics());
  assert.deepEqual(samplesOf(text, 'butlersos_uptime_seconds').map((s) => [s.labels, s.value]), [[{ instance: 'DEV' }, 13]]);
  assert.equal(text.help.get('butlersos_uptime_seconds'), 'Uptime.');
});
