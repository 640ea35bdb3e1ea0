// Reads a Grafana dashboard JSON the way the tests need it: every panel target (rows and nested panels
// included) and the template variables. The substitution rules that turn a target into a runnable query are
// in grafana-influxql.ts and grafana-promql.ts and documented in docs/dashboards.md.
import { readFileSync } from 'node:fs';

export interface GrafanaTarget {
  refId?: string;
  hide?: boolean;
  rawQuery?: boolean;
  query?: string;
  expr?: string;
  instant?: boolean;
  datasource?: { type?: string; uid?: string } | string;
  [key: string]: unknown;
}

export interface GrafanaPanel {
  id?: number;
  title?: string;
  type?: string;
  targets?: GrafanaTarget[];
  panels?: GrafanaPanel[];
  datasource?: { type?: string; uid?: string } | string | null;
}

export interface GrafanaVariable {
  name: string;
  type: string;
  query?: string | { query?: string; qryType?: number };
  definition?: string;
  includeAll?: boolean;
  multi?: boolean;
  allValue?: string | null;
  options?: Array<{ value: string }>;
  current?: { value?: string | string[] };
}

export interface GrafanaDashboard {
  title: string;
  uid?: string;
  panels: GrafanaPanel[];
  templating?: { list: GrafanaVariable[] };
  __inputs?: unknown[];
}

export interface PanelQuery {
  panelId: number | undefined;
  panelTitle: string;
  refId: string;
  target: GrafanaTarget;
}

export function loadDashboard(path: string): GrafanaDashboard {
  return JSON.parse(readFileSync(path, 'utf8')) as GrafanaDashboard;
}

function* walk(panels: GrafanaPanel[]): Generator<GrafanaPanel> {
  for (const p of panels) {
    yield p;
    if (p.panels) yield* walk(p.panels);
  }
}

/** Every target of every panel, hidden ones included (Grafana still shows them in the editor; they must work). */
export function panelQueries(d: GrafanaDashboard): PanelQuery[] {
  const out: PanelQuery[] = [];
  for (const p of walk(d.panels)) {
    for (const t of p.targets ?? []) {
      out.push({ panelId: p.id, panelTitle: p.title ?? '', refId: t.refId ?? 'A', target: t });
    }
  }
  return out;
}

export function variables(d: GrafanaDashboard): GrafanaVariable[] {
  return d.templating?.list ?? [];
}

/** The text of a query variable's query (Grafana stores it as a string or as {query}). */
export function variableQuery(v: GrafanaVariable): string {
  if (typeof v.query === 'string') return v.query;
  return v.query?.query ?? v.definition ?? '';
}

/** Every datasource reference of a panel or target: the shipped dashboards must use the variable, not a name. */
export function datasourceRefs(d: GrafanaDashboard): unknown[] {
  const refs: unknown[] = [];
  for (const p of walk(d.panels)) {
    if (p.datasource !== undefined) refs.push(p.datasource);
    for (const t of p.targets ?? []) if (t.datasource !== undefined) refs.push(t.datasource);
  }
  for (const v of variables(d)) if ((v as { datasource?: unknown }).datasource !== undefined) refs.push((v as { datasource?: unknown }).datasource);
  return refs;
}

/** Grafana's regex escaping of a variable value (escapeRegex in @grafana/data). */
export function escapeRegex(value: string): string {
  return value.replace(/[\\^$*+?.()|[\]{}/]/g, '\\$&');
}

export interface VariableValue {
  /** Every value the variable offers. */
  values: string[];
  includeAll: boolean;
  multi: boolean;
  allValue?: string | null;
}

/**
 * The text that replaces `$name` with "All" selected, as Grafana formats it: the allValue when the variable
 * has one, else every value; several values in regex context become `(a|b)` (each escaped), a single one is
 * escaped when the variable is multi/includeAll, left as it is otherwise.
 */
export function formatAll(v: VariableValue, regex: boolean): string {
  if (v.includeAll && v.allValue) return v.allValue;
  const escape = regex || v.multi || v.includeAll;
  const vals = escape ? v.values.map(escapeRegex) : v.values;
  if (vals.length === 1) return vals[0];
  return `(${vals.join('|')})`;
}

/** Replaces `$name`, `${name}`, `${name:regex}` and `[[name]]` with the formatted value, longest names first. */
export function replaceVariables(text: string, vars: Map<string, VariableValue>, regexContext = false): string {
  let out = text;
  const names = [...vars.keys()].sort((a, b) => b.length - a.length);
  for (const name of names) {
    const v = vars.get(name)!;
    out = out
      .replaceAll(`\${${name}:regex}`, formatAll(v, true))
      .replaceAll(`\${${name}}`, formatAll(v, regexContext))
      .replaceAll(`[[${name}]]`, formatAll(v, regexContext))
      .replace(new RegExp(`\\$${name}(?![A-Za-z0-9_])`, 'g'), () => formatAll(v, regexContext));
  }
  return out;
}
