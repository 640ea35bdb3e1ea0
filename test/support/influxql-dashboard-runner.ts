// Runs every template-variable query and every panel query of a Grafana InfluxQL dashboard against a real
// InfluxDB, with the substitution rules of docs/dashboards.md, and reports per query.
import { loadDashboard, panelQueries, variableQuery, variables, type VariableValue } from './grafana-dashboard.js';
import { influxStatement, variableStatement, type TimeRange } from './grafana-influxql.js';
import type { InfluxdHandle, InfluxQueryResult } from './influxd.js';

export interface QueryReport {
  /** `var:<name>` for a template variable, else `<panel id>/<refId>`. */
  key: string;
  title: string;
  statement: string;
  rows: number;
  error?: string;
}

function outcome(res: InfluxQueryResult): { rows: number; error?: string; values: string[] } {
  let rows = 0;
  const values: string[] = [];
  const errors: string[] = [];
  if (res.error) errors.push(res.error);
  for (const r of res.results ?? []) {
    if (r.error) errors.push(r.error);
    for (const s of r.series ?? []) {
      rows += s.values.length;
      const col = s.columns.indexOf('value') >= 0 ? s.columns.indexOf('value') : 0;
      for (const v of s.values) values.push(String(v[col]));
    }
  }
  return { rows, values, ...(errors.length ? { error: errors.join('; ') } : {}) };
}

async function run(influx: InfluxdHandle, db: string, statement: string): Promise<ReturnType<typeof outcome>> {
  try {
    return outcome(await influx.query(statement, db));
  } catch (err) {
    return { rows: 0, values: [], error: (err as Error).message };
  }
}

export async function runInfluxqlDashboard(path: string, influx: InfluxdHandle, db: string, range: TimeRange): Promise<QueryReport[]> {
  const d = loadDashboard(path);
  const vars = new Map<string, VariableValue>();
  const reports: QueryReport[] = [];
  for (const v of variables(d)) {
    if (v.type === 'datasource') continue;
    let values: string[];
    if (v.type === 'query') {
      const statement = variableStatement(variableQuery(v), vars, range);
      const res = await run(influx, db, statement);
      reports.push({ key: `var:${v.name}`, title: v.name, statement, rows: res.rows, ...(res.error ? { error: res.error } : {}) });
      values = [...new Set(res.values)];
    } else {
      values = (v.options ?? []).map((o) => o.value).filter((x) => x !== '$__all');
    }
    vars.set(v.name, { values, includeAll: v.includeAll === true, multi: v.multi === true, allValue: v.allValue ?? null });
  }
  for (const pq of panelQueries(d)) {
    const statement = influxStatement(pq.target, vars, range);
    const res = await run(influx, db, statement);
    reports.push({ key: `${pq.panelId}/${pq.refId}`, title: pq.panelTitle, statement, rows: res.rows, ...(res.error ? { error: res.error } : {}) });
  }
  return reports;
}

/** One line per query for the test log: OK/EMPTY/ERROR, key, title, rows, and the statement on failure. */
export function formatReports(reports: QueryReport[], note: (r: QueryReport) => string | undefined = () => undefined): string {
  return reports
    .map((r) => {
      const status = r.error ? 'ERROR' : r.rows > 0 ? 'OK' : 'EMPTY';
      const why = note(r);
      const detail = status === 'OK' ? '' : `\n      ${r.error ?? ''}${r.error ? '\n      ' : ''}${r.statement}`;
      return `${status.padEnd(5)} ${r.key.padEnd(10)} ${r.title} (${r.rows} rows)${why ? ` [not counted: ${why}]` : ''}${detail}`;
    })
    .join('\n');
}
