// Turns a Grafana Prometheus target or variable into PromQL the tests can run (rules in docs/dashboards.md):
// $__rate_interval, $__interval and $__range become fixed durations, variables their "All" value.
import { replaceVariables, type VariableValue } from './grafana-dashboard.js';

export interface PromRange {
  rateInterval: string;
  interval: string;
  range: string;
}

export function promExpr(expr: string, vars: Map<string, VariableValue>, r: PromRange): string {
  return replaceVariables(expr, vars, true)
    .replaceAll('$__rate_interval', r.rateInterval)
    .replaceAll('$__interval', r.interval)
    .replaceAll('$__range', r.range);
}

/**
 * `label_values(selector, label)` as an instant query whose result carries the label: Grafana asks the
 * series API; `group by (label) (selector)` returns the same values.
 */
export function labelValuesQuery(query: string): { expr: string; label: string } {
  const m = /^label_values\((.*),\s*([A-Za-z_][A-Za-z0-9_]*)\)$/.exec(query.trim());
  if (!m) throw new Error(`not a label_values() variable query: ${query}`);
  return { expr: `group by (${m[2]}) (${m[1]})`, label: m[2] };
}

/** Metric names an expression reads (for "the alert's inner series exists" checks). */
export function metricNames(expr: string): string[] {
  const withoutStrings = expr.replace(/"[^"]*"/g, '""');
  const names = withoutStrings.match(/\b(butlersos_[a-z0-9_]+|process_[a-z0-9_]+|nodejs_[a-z0-9_]+)\b/g) ?? [];
  return [...new Set(names)];
}
