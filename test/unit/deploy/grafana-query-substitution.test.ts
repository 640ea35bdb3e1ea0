// The dashboard tests' stand-in for Grafana (test/support/grafana-*.ts): builder targets render as Grafana's
// InfluxQL query model renders them, and variables/macros are replaced as docs/dashboards.md says.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatAll, replaceVariables, type VariableValue } from '../../support/grafana-dashboard.js';
import { influxStatement, renderBuilderTarget, replaceInfluxMacros } from '../../support/grafana-influxql.js';
import { labelValuesQuery, metricNames, promExpr } from '../../support/grafana-promql.js';

const none = new Map<string, VariableValue>();
const range = { fromMs: 1000, toMs: 2000, interval: '2s', intervalMs: 2000 };

test('builder targets: select parts, tag conditions, group by, fill, order, limit', () => {
  assert.equal(renderBuilderTarget({ measurement: 'cpu', policy: 'default' }, none), 'SELECT mean("value") FROM "cpu" WHERE $timeFilter GROUP BY time($__interval) fill(null)');
  const t = {
    measurement: 'user_events',
    policy: '10d',
    select: [[{ type: 'field', params: ['userFull'] }, { type: 'distinct', params: [] }, { type: 'count', params: [] }, { type: 'alias', params: ['Users'] }]],
    groupBy: [{ type: 'time', params: ['1m'] }, { type: 'tag', params: ['uaOsName::tag'] }, { type: 'fill', params: ['0'] }],
    tags: [
      { key: 'qs_env::tag', operator: '=', value: "it's" },
      { key: 'host', value: '/^sense\\d$/', condition: 'OR' },
      { key: 'dir', operator: '=', value: 'LAB\\x' },
    ],
    orderByTime: 'DESC',
    limit: 5,
  };
  assert.equal(
    renderBuilderTarget(t, none),
    `SELECT count(distinct("userFull")) AS "Users" FROM "10d"."user_events" WHERE ("qs_env"::tag = 'it\\'s' OR "host" =~ /^sense\\d$/ AND "dir" = 'LAB\\\\x') AND $timeFilter GROUP BY time(1m), "uaOsName"::tag fill(0) ORDER BY time DESC LIMIT 5`,
  );
  assert.equal(
    renderBuilderTarget({ measurement: 'm', select: [[{ type: 'field', params: ['a'] }, { type: 'percentile', params: [95] }, { type: 'math', params: ['/ 1000'] }]], groupBy: [] }, none),
    'SELECT percentile("a", 95) / 1000 FROM "m" WHERE $timeFilter',
  );
});

test('variables: All is the allValue, else every value regex-escaped as (a|b); macros become the test range', () => {
  const apps: VariableValue = { values: ['Sales (EMEA)', 'HR'], includeAll: true, multi: true, allValue: null };
  const env: VariableValue = { values: ['dev'], includeAll: true, multi: true, allValue: '.*' };
  assert.equal(formatAll(apps, true), '(Sales \\(EMEA\\)|HR)');
  assert.equal(formatAll(env, true), '.*');
  const vars = new Map([['app', apps], ['env', env]]);
  assert.equal(replaceVariables('/^$app$/ $env ${env} [[env]] $envx', vars, true), '/^(Sales \\(EMEA\\)|HR)$/ .* .* .* $envx');
  assert.equal(replaceInfluxMacros('WHERE $timeFilter GROUP BY time($__interval), time($interval) LIMIT $__interval_ms', range), 'WHERE time >= 1000ms and time <= 2000ms GROUP BY time(2s), time(2s) LIMIT 2000');
  const builder = { measurement: 'log_event', tags: [{ key: 'app_name::tag', operator: '=~', value: '/^$app$/' }], groupBy: [{ type: 'time', params: ['$__interval'] }] };
  assert.equal(influxStatement(builder, vars, range), 'SELECT mean("value") FROM "log_event" WHERE ("app_name"::tag =~ /^(Sales \\(EMEA\\)|HR)$/) AND time >= 1000ms and time <= 2000ms GROUP BY time(2s)');
  assert.equal(influxStatement({ rawQuery: true, query: `SELECT x FROM m WHERE "qs_env" =~ /^$env$/ AND $timeFilter` }, vars, range), `SELECT x FROM m WHERE "qs_env" =~ /^.*$/ AND time >= 1000ms and time <= 2000ms`);
});

test('PromQL: macros, label_values() and the metric names an expression reads', () => {
  const vars = new Map<string, VariableValue>([['server', { values: ['a', 'b'], includeAll: true, multi: true, allValue: null }]]);
  assert.equal(promExpr('rate(x{server_name=~"$server"}[$__rate_interval])', vars, { rateInterval: '15s', interval: '2s', range: '1m' }), 'rate(x{server_name=~"(a|b)"}[15s])');
  assert.deepEqual(labelValuesQuery('label_values(butlersos_cpu_total{qs_env=~".*"}, server_name)'), { expr: 'group by (server_name) (butlersos_cpu_total{qs_env=~".*"})', label: 'server_name' });
  assert.deepEqual(metricNames('count(max_over_time(butlersos_cpu_total[1h])) unless count(butlersos_cpu_total{x="butlersos_no"})'), ['butlersos_cpu_total']);
});
