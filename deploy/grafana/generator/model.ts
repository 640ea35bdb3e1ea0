// Building blocks of the shipped Grafana dashboards. The dashboards are generated so every panel uses the same
// datasource variable and filters; `node dist/deploy/grafana/generator/write.js` rewrites
// deploy/grafana/dashboards/*.json and a unit test fails when they drift.

export type DsType = 'influxdb' | 'prometheus';

export interface Query {
  /** InfluxQL statement (raw mode) or PromQL expression. */
  q: string;
  legend?: string;
  /** InfluxQL: table rows instead of time series. PromQL: instant query. */
  table?: boolean;
}

export interface PanelSpec {
  title: string;
  description?: string;
  type?: 'timeseries' | 'table' | 'stat' | 'barchart' | 'bargauge';
  unit?: string;
  width?: number;
  height?: number;
  queries: Query[];
  /** Grafana transformations, e.g. groupBy for a field InfluxQL cannot group by. */
  transformations?: unknown[];
}

export interface RowSpec {
  row: string;
  panels: PanelSpec[];
}

export interface VariableSpec {
  name: string;
  label: string;
  query: string;
  description: string;
}

export interface DashboardSpec {
  uid: string;
  title: string;
  description: string;
  ds: DsType;
  tags: string[];
  variables: VariableSpec[];
  rows: RowSpec[];
}

const DS = (ds: DsType) => ({ type: ds, uid: '${datasource}' });

function target(ds: DsType, q: Query, i: number): Record<string, unknown> {
  const refId = String.fromCharCode(65 + i);
  if (ds === 'influxdb') {
    return {
      datasource: DS(ds),
      refId,
      rawQuery: true,
      query: q.q,
      resultFormat: q.table ? 'table' : 'time_series',
      ...(q.legend ? { alias: q.legend } : {}),
    };
  }
  return {
    datasource: DS(ds),
    refId,
    expr: q.q,
    legendFormat: q.legend ?? '__auto',
    instant: q.table === true,
    range: q.table !== true,
    ...(q.table ? { format: 'table' } : {}),
  };
}

function panel(ds: DsType, p: PanelSpec, id: number, x: number, y: number): Record<string, unknown> {
  const type = p.type ?? 'timeseries';
  return {
    id,
    type,
    title: p.title,
    ...(p.description ? { description: p.description } : {}),
    datasource: DS(ds),
    gridPos: { h: p.height ?? 8, w: p.width ?? 12, x, y },
    fieldConfig: { defaults: { ...(p.unit ? { unit: p.unit } : {}) }, overrides: [] },
    options: type === 'table' ? { showHeader: true } : { legend: { displayMode: 'list', placement: 'bottom', showLegend: true } },
    targets: p.queries.map((q, i) => target(ds, q, i)),
    ...(p.transformations ? { transformations: p.transformations } : {}),
  };
}

function variable(ds: DsType, v: VariableSpec): Record<string, unknown> {
  return {
    name: v.name,
    label: v.label,
    description: v.description,
    type: 'query',
    datasource: DS(ds),
    definition: v.query,
    query: ds === 'influxdb' ? v.query : { query: v.query, refId: 'PrometheusVariableQueryEditor-VariableQuery', qryType: 5 },
    includeAll: true,
    multi: true,
    // "All" matches every value, including series without the tag/label (e.g. log events without an app).
    allValue: '.*',
    current: { text: ['All'], value: ['$__all'] },
    refresh: 2,
    sort: 1,
    options: [],
    regex: '',
  };
}

/** The dashboard JSON: a datasource variable (no datasource name required), the filters, rows of panels. */
export function buildDashboard(spec: DashboardSpec): Record<string, unknown> {
  const panels: Record<string, unknown>[] = [];
  let id = 1;
  let y = 0;
  for (const row of spec.rows) {
    panels.push({ id: id++, type: 'row', title: row.row, collapsed: false, gridPos: { h: 1, w: 24, x: 0, y }, panels: [] });
    y += 1;
    let x = 0;
    let rowHeight = 0;
    for (const p of row.panels) {
      const w = p.width ?? 12;
      if (x + w > 24) {
        x = 0;
        y += rowHeight;
        rowHeight = 0;
      }
      panels.push(panel(spec.ds, p, id++, x, y));
      x += w;
      rowHeight = Math.max(rowHeight, p.height ?? 8);
    }
    y += rowHeight;
  }
  const dsVariable = {
    name: 'datasource',
    label: spec.ds === 'influxdb' ? 'InfluxDB (InfluxQL)' : 'Prometheus',
    type: 'datasource',
    query: spec.ds,
    current: {},
    hide: 0,
    refresh: 1,
    regex: '',
    options: [],
  };
  return {
    uid: spec.uid,
    title: spec.title,
    description: spec.description,
    tags: spec.tags,
    editable: true,
    graphTooltip: 1,
    schemaVersion: 39,
    version: 1,
    refresh: '1m',
    time: { from: 'now-6h', to: 'now' },
    timepicker: {},
    timezone: 'browser',
    annotations: { list: [] },
    links: [],
    templating: { list: [dsVariable, ...spec.variables.map((v) => variable(spec.ds, v))] },
    panels,
  };
}
