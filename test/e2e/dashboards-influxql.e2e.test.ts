// Every InfluxQL query of every shipped dashboard, and of Butler SOS 15's own dashboard, against a real
// InfluxDB 1.x filled by the built collector from the Qlik Sense simulator (HTTPS APIs of 3 nodes with app
// names, UDP events of every source). Template variables and Grafana macros are substituted as
// docs/dashboards.md describes; every query must run without error and return rows.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { parse } from 'yaml';
import { loadDashboard, datasourceRefs } from '../support/grafana-dashboard.js';
import { replaceInfluxMacros, type TimeRange } from '../support/grafana-influxql.js';
import { startInfluxd, type InfluxdHandle } from '../support/influxd.js';
import { formatReports, runInfluxqlDashboard, type QueryReport } from '../support/influxql-dashboard-runner.js';
import { fixturePath, repoRoot } from '../support/paths.js';
import { BUTLER_SOS_DASHBOARD_NOT_COUNTED } from './butler-sos-dashboard-defects.js';
import { startSimSystem } from './dashboards-support.js';

const DB = 'senseops';
const DASHBOARDS = join(repoRoot(), 'deploy', 'grafana', 'dashboards');
const INFLUXQL_DASHBOARDS = readdirSync(DASHBOARDS).filter((f) => f.endsWith('-influxql.json'));

let influx: InfluxdHandle | null = null;
let range: TimeRange;

async function rowsOf(q: string): Promise<number> {
  const res = await influx!.query(q, DB);
  return (res.results[0]?.series ?? []).reduce((n, s) => n + s.values.length, 0);
}

/** Waits until every measurement the dashboards read has points (each is written on its own schedule). */
async function waitForData(measurements: string[], timeoutMs: number): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  let missing = measurements;
  while (Date.now() < deadline) {
    const next: string[] = [];
    for (const m of missing) if ((await rowsOf(`SELECT count(*) FROM "${m}"`).catch(() => 0)) === 0) next.push(m);
    missing = next;
    if (missing.length === 0) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  return missing;
}

before(async () => {
  influx = await startInfluxd();
  if (!influx) return;
  const from = Date.now() - 60_000;
  const sys = await startSimSystem(influx.port, 4000);
  try {
    for (const source of ['engine', 'proxy', 'repository', 'scheduler', 'qix-perf', 'user']) {
      assert.ok((sys.sent.bySource[source] ?? 0) > 0, `the simulator sent ${source} datagrams`);
    }
    const missing = await waitForData(
      ['cpu', 'mem', 'apps', 'cache', 'saturated', 'session', 'users', 'sense_server', 'user_session_summary', 'user_session_details', 'user_events', 'log_event', 'event_count', 'rejected_event_count', 'log_events_queue', 'user_events_queue', 'butler_sos_errors', 'butlersos_memory_usage'],
      20_000,
    );
    assert.deepEqual(missing, [], 'every measurement written');
    // Two more health/session polls and queue writes after the events, so every series has several points.
    await new Promise((r) => setTimeout(r, 2500));
  } finally {
    await sys.stop();
  }
  range = { fromMs: from, toMs: Date.now() + 60_000, interval: '2s', intervalMs: 2000 };
});

after(async () => {
  await influx?.stop();
});

for (const file of INFLUXQL_DASHBOARDS) {
  test(`e2e: every query of deploy/grafana/dashboards/${file} runs on real InfluxDB 1.x data and returns rows`, { timeout: 120_000 }, async (t) => {
    if (!influx) return t.skip('influxd not installed');
    const path = join(DASHBOARDS, file);
    for (const ref of datasourceRefs(loadDashboard(path))) {
      assert.deepEqual(ref, { type: 'influxdb', uid: '${datasource}' }, 'every panel, target and variable uses the datasource variable');
    }
    const reports = await runInfluxqlDashboard(path, influx, DB, range);
    console.log(formatReports(reports));
    assert.ok(reports.length >= 10, `${file} has queries (${reports.length})`);
    const bad = reports.filter((r) => r.error || r.rows === 0);
    assert.deepEqual(bad.map((r) => `${r.key} ${r.title}: ${r.error ?? 'no rows'} — ${r.statement}`), []);
  });
}

test("e2e: Butler SOS 15's own InfluxQL dashboard, query by query: every query on Butler SOS data returns rows", { timeout: 120_000 }, async (t) => {
  if (!influx) return t.skip('influxd not installed');
  const reports = await runInfluxqlDashboard(fixturePath('grafana', 'senseops_15-0_dashboard_influxql.json'), influx, DB, range);
  const notCounted = (r: QueryReport) => BUTLER_SOS_DASHBOARD_NOT_COUNTED[r.key];
  console.log(formatReports(reports, notCounted));
  const counted = reports.filter((r) => !notCounted(r));
  const bad = counted.filter((r) => r.error || r.rows === 0);
  assert.deepEqual(bad.map((r) => `${r.key} ${r.title}: ${r.error ?? 'no rows'} — ${r.statement}`), []);
  // The list names real queries only: a stale key (panel removed, refId renamed) fails here.
  const keys = new Set(reports.map((r) => r.key));
  assert.deepEqual(Object.keys(BUTLER_SOS_DASHBOARD_NOT_COUNTED).filter((k) => !keys.has(k)), [], 'every listed query exists');
  assert.ok(counted.length >= 50, `most of the dashboard is checked (${counted.length} of ${reports.length})`);
});

test('e2e: every Grafana alert rule on InfluxDB runs on the same data and returns rows', async (t) => {
  if (!influx) return t.skip('influxd not installed');
  const file = parse(readFileSync(join(repoRoot(), 'deploy', 'grafana', 'provisioning', 'alerting', 'butler-sos-alerts.yaml'), 'utf8')) as {
    groups: Array<{ rules: Array<{ title: string; data: Array<{ datasourceUid: string; model: { query?: string } }> }> }>;
  };
  const queries = file.groups.flatMap((g) => g.rules.flatMap((r) => r.data.filter((d) => d.datasourceUid === 'butler-sos-influxdb').map((d) => ({ title: r.title, query: d.model.query! }))));
  assert.equal(queries.length, 2, 'Qlik Sense error log events per minute, tracked errors per minute');
  for (const q of queries) {
    const statement = replaceInfluxMacros(q.query, range);
    const res = await influx.query(statement, DB);
    assert.equal(res.results[0]?.error ?? res.error, undefined, `${q.title}: ${statement}`);
    assert.ok((res.results[0]?.series ?? []).length > 0, `${q.title} returns rows: ${statement}`);
  }
});
