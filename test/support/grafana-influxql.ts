// Turns a Grafana InfluxQL target into the statement Grafana sends to InfluxDB: builder targets are rendered
// as Grafana's InfluxQueryModel renders them (SELECT parts, tag conditions, GROUP BY, fill, ORDER BY, LIMIT),
// then template variables and macros are replaced (rules in docs/dashboards.md).
import type { GrafanaTarget, VariableValue } from './grafana-dashboard.js';
import { formatAll, replaceVariables } from './grafana-dashboard.js';

interface Part {
  type: string;
  params?: Array<string | number>;
}

interface Tag {
  key: string;
  operator?: string;
  value: string;
  condition?: string;
}

/** `"name"`, with Grafana's `name::tag` / `name::field` suffix moved outside the quotes. */
function quoteName(name: string): string {
  if (name === '*') return '*';
  if (name.endsWith('::tag')) return `"${name.slice(0, -5)}"::tag`;
  if (name.endsWith('::field')) return `"${name.slice(0, -7)}"::field`;
  return `"${name}"`;
}

function renderPart(part: Part, inner: string): string {
  const params = (part.params ?? []).map(String);
  switch (part.type) {
    case 'field':
    case 'tag':
      return quoteName(params[0] ?? 'value');
    case 'alias':
      return `${inner} AS "${params[0]}"`;
    case 'math':
      return `${inner} ${params[0]}`;
    default: {
      const args = inner ? [inner, ...params] : params;
      return `${part.type}(${args.join(', ')})`;
    }
  }
}

function renderTag(tag: Tag, index: number, vars: Map<string, VariableValue>): string {
  let operator = tag.operator;
  let value = tag.value;
  if (!operator) operator = /^\/.*\/$/.test(value) ? '=~' : '=';
  if (operator !== '=~' && operator !== '!~') {
    value = replaceVariables(value, vars, false);
    if (operator !== '>' && operator !== '<') value = `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  } else {
    value = replaceVariables(value, vars, true);
  }
  const prefix = index > 0 ? `${tag.condition ?? 'AND'} ` : '';
  return `${prefix}${quoteName(tag.key)} ${operator} ${value}`;
}

/** Grafana's rendering of a query-builder target (rawQuery false); variables in tag values already replaced. */
export function renderBuilderTarget(t: GrafanaTarget, vars: Map<string, VariableValue>): string {
  const select = (t.select as Part[][] | undefined) ?? [[{ type: 'field', params: ['value'] }, { type: 'mean', params: [] }]];
  const groupBy = (t.groupBy as Part[] | undefined) ?? [{ type: 'time', params: ['$__interval'] }, { type: 'fill', params: ['null'] }];
  const policy = (t.policy as string | undefined) ?? 'default';
  const rawMeasurement = (t.measurement as string | undefined) ?? 'measurement';
  const measurement = /^\/.*\/$/.test(rawMeasurement) ? replaceVariables(rawMeasurement, vars, true) : `"${rawMeasurement}"`;
  let q = 'SELECT ' + select.map((parts) => parts.reduce((inner, p) => renderPart(p, inner), '')).join(', ');
  q += ` FROM ${policy !== 'default' ? `"${policy}".` : ''}${measurement} WHERE `;
  const tags = ((t.tags as Tag[] | undefined) ?? []).map((tag, i) => renderTag(tag, i, vars));
  if (tags.length > 0) q += `(${tags.join(' ')}) AND `;
  q += '$timeFilter';
  const group = groupBy.map((p, i) => (i > 0 ? (p.type === 'fill' ? ' ' : ', ') : '') + renderPart(p, '')).join('');
  if (group) q += ` GROUP BY ${group}`;
  if (t.fill) q += ` fill(${t.fill})`;
  if (t.orderByTime === 'DESC') q += ' ORDER BY time DESC';
  if (t.limit) q += ` LIMIT ${t.limit}`;
  if (t.slimit) q += ` SLIMIT ${t.slimit}`;
  if (t.tz) q += ` tz('${t.tz}')`;
  return q;
}

export interface TimeRange {
  fromMs: number;
  toMs: number;
  /** What $__interval / $interval become, e.g. '10s'. */
  interval: string;
  intervalMs: number;
}

/** Grafana's InfluxQL macros: $timeFilter / $__timeFilter, $__interval, $interval, $__interval_ms, $__from, $__to. */
export function replaceInfluxMacros(q: string, r: TimeRange): string {
  return q
    .replaceAll('$timeFilter', `time >= ${r.fromMs}ms and time <= ${r.toMs}ms`)
    .replaceAll('$__timeFilter', `time >= ${r.fromMs}ms and time <= ${r.toMs}ms`)
    .replaceAll('$__interval_ms', String(r.intervalMs))
    .replaceAll('$__interval', r.interval)
    .replaceAll('$interval', r.interval)
    .replaceAll('$__from', String(r.fromMs))
    .replaceAll('$__to', String(r.toMs));
}

/** The runnable statement of a target: rendered (builder) or as written (raw), variables and macros replaced. */
export function influxStatement(t: GrafanaTarget, vars: Map<string, VariableValue>, range: TimeRange): string {
  const text = t.rawQuery ? replaceVariables(t.query ?? '', vars, false) : renderBuilderTarget(t, vars);
  return replaceInfluxMacros(text, range);
}

/** A variable's own query with the variables before it replaced (Grafana resolves them in order). */
export function variableStatement(query: string, vars: Map<string, VariableValue>, range: TimeRange): string {
  return replaceInfluxMacros(replaceVariables(query, vars, false), range);
}

export { formatAll };
