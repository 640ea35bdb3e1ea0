// Every PromQL query of the shipped Prometheus dashboards, every Prometheus rule and every Grafana alert rule on
// Prometheus, run through a real Prometheus server's HTTP API (/api/v1/query) while it scrapes the built
// collector (fed by the Qlik Sense simulator) every second. Dashboard queries must return data; an alert
// expression may return nothing (= not firing), but must run, and every series it reads must exist.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { parse } from 'yaml';
import { datasourceRefs, loadDashboard, panelQueries, variableQuery, variables, type VariableValue } from '../support/grafana-dashboard.js';
import { labelValuesQuery, metricNames, promExpr, type PromRange } from '../support/grafana-promql.js';
import { startInfluxd, type InfluxdHandle } from '../support/influxd.js';
import { repoRoot } from '../support/paths.js';
import { startPrometheus, type PrometheusHandle, type PromResult } from '../support/prometheus-server.js';
import { startSimSystem, type SimSystem } from './dashboards-support.js';

const GRAFANA = join(repoRoot(), 'deploy', 'grafana');
const RULES = join(GRAFANA, 'prometheus', 'butler-sos.rules.yml');
const PROM_DASHBOARDS = readdirSync(join(GRAFANA, 'dashboards')).filter((f) => f.endsWith('-prometheus.json'));
const RANGE: PromRange = { rateInterval: '15s', interval: '2s', range: '1m' };

let prom: PrometheusHandle | null = null;
let influx: InfluxdHandle | null = null;
let sys: SimSystem | null = null;

function problem(res: PromResult): string | null {
  if (res.status !== 'success') return res.error ?? 'query failed';
  return null;
}

async function seriesExist(expr: string): Promise<string[]> {
  const missing: string[] = [];
  for (const name of metricNames(expr)) {
    const res = await prom!.query(`count({__name__="${name}"})`);
    if (problem(res) || (res.data?.result.length ?? 0) === 0) missing.push(name);
  }
  return missing;
}

before(async () => {
  influx = await startInfluxd();
  if (!influx) return;
  sys = await startSimSystem(influx.port, 6000, async (metricsPort) => {
    prom = await startPrometheus({ targets: [`127.0.0.1:${metricsPort}`], ruleFiles: [RULES] });
  });
  if (!prom) return;
  // More traffic while Prometheus keeps scraping, so rates over $__rate_interval see several samples.
  await new Promise((r) => setTimeout(r, 2000));
  sys.sendMore(3000);
  await new Promise((r) => setTimeout(r, 3000));
});

after(async () => {
  await sys?.stop();
  await prom?.stop();
  await influx?.stop();
});

test('promtool check rules accepts the Prometheus rules', (t) => {
  const res = spawnSync('promtool', ['check', 'rules', RULES], { encoding: 'utf8' });
  if (res.error && process.env.CI !== 'true') return t.skip('promtool not installed');
  assert.equal(res.status, 0, res.stdout + res.stderr);
  assert.match(res.stdout, /SUCCESS: 6 rules found/);
});

for (const file of PROM_DASHBOARDS) {
  test(`e2e: every PromQL query of deploy/grafana/dashboards/${file} returns data from a real Prometheus scraping the collector`, { timeout: 120_000 }, async (t) => {
    if (!prom) return t.skip('influxd or prometheus not installed');
    const d = loadDashboard(join(GRAFANA, 'dashboards', file));
    for (const ref of datasourceRefs(d)) assert.deepEqual(ref, { type: 'prometheus', uid: '${datasource}' });
    const vars = new Map<string, VariableValue>();
    const bad: string[] = [];
    const lines: string[] = [];
    for (const v of variables(d)) {
      if (v.type === 'datasource') continue;
      const { expr, label } = labelValuesQuery(promExpr(variableQuery(v), vars, RANGE));
      const res = await prom.query(expr);
      const values = (res.data?.result ?? []).map((r) => r.metric[label]).filter((x): x is string => x !== undefined);
      lines.push(`${values.length ? 'OK   ' : 'EMPTY'} var:${v.name} ${expr} → ${values.join(', ')}`);
      if (problem(res) || values.length === 0) bad.push(`var:${v.name}: ${problem(res) ?? 'no values'} — ${expr}`);
      vars.set(v.name, { values, includeAll: v.includeAll === true, multi: v.multi === true, allValue: v.allValue ?? null });
    }
    const queries = panelQueries(d);
    for (const q of queries) {
      const expr = promExpr(q.target.expr ?? '', vars, RANGE);
      const res = await prom.query(expr);
      const n = res.data?.result.length ?? 0;
      lines.push(`${problem(res) ? 'ERROR' : n ? 'OK   ' : 'EMPTY'} ${q.panelId}/${q.refId} ${q.panelTitle} (${n} series)${n ? '' : ` ${expr}`}`);
      if (problem(res) || n === 0) bad.push(`${q.panelId}/${q.refId} ${q.panelTitle}: ${problem(res) ?? 'no data'} — ${expr}`);
    }
    console.log(lines.join('\n'));
    assert.ok(queries.length >= 10, `${file} has queries`);
    assert.deepEqual(bad, []);
  });
}

test('e2e: every Prometheus rule expression runs on the scraped data and reads series that exist', { timeout: 60_000 }, async (t) => {
  if (!prom) return t.skip('influxd or prometheus not installed');
  const rules = (parse(readFileSync(RULES, 'utf8')) as { groups: Array<{ rules: Array<{ alert: string; expr: string }> }> }).groups.flatMap((g) => g.rules);
  assert.equal(rules.length, 6);
  for (const rule of rules) {
    const res = await prom.query(rule.expr);
    assert.equal(problem(res), null, `${rule.alert}: ${rule.expr}`);
    assert.deepEqual(await seriesExist(rule.expr), [], `${rule.alert} reads existing series`);
    console.log(`${rule.alert}: ${res.data!.result.length ? 'FIRING' : 'not firing'} (${rule.expr})`);
  }
  // Prometheus loaded the same file and evaluates it without errors.
  const loaded = await prom.get('/api/v1/rules');
  const health = loaded.data.groups.flatMap((g: any) => g.rules.map((r: any) => `${r.name}:${r.health}${r.lastError ? ` ${r.lastError}` : ''}`));
  assert.equal(health.length, 6);
  for (const h of health) assert.match(h, /:(ok|unknown)$/, h);
});

test('e2e: every Grafana alert rule on Prometheus runs and reads series that exist', { timeout: 60_000 }, async (t) => {
  if (!prom) return t.skip('influxd or prometheus not installed');
  const file = parse(readFileSync(join(GRAFANA, 'provisioning', 'alerting', 'butler-sos-alerts.yaml'), 'utf8')) as {
    groups: Array<{ rules: Array<{ title: string; data: Array<{ datasourceUid: string; model: { expr?: string } }> }> }>;
  };
  const queries = file.groups.flatMap((g) => g.rules.flatMap((r) => r.data.filter((d) => d.datasourceUid === 'butler-sos-prometheus').map((d) => ({ title: r.title, expr: d.model.expr! }))));
  assert.equal(queries.length, 5, 'node down, cache saturated, errors per minute, kernel drops, destination down');
  for (const q of queries) {
    const res = await prom.query(q.expr);
    assert.equal(problem(res), null, `${q.title}: ${q.expr}`);
    assert.deepEqual(await seriesExist(q.expr), [], `${q.title} reads existing series`);
    // Grafana thresholds the value: every rule except "node down" (a set difference) returns one series per
    // subject when the system is healthy.
    if (!/unless/.test(q.expr)) assert.ok(res.data!.result.length > 0, `${q.title} returns data: ${q.expr}`);
  }
});
