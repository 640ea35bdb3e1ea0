// The shipped dashboards: file name → JSON text (2-space indent, trailing newline).
import { influxqlCollector } from './influxql-collector.js';
import { influxqlOperations } from './influxql-operations.js';
import { buildDashboard, type DashboardSpec } from './model.js';
import { prometheusCollector, prometheusOperations } from './prometheus-dashboards.js';

export const DASHBOARDS: Record<string, DashboardSpec> = {
  'qliksense-operations-influxql.json': influxqlOperations,
  'collector-influxql.json': influxqlCollector,
  'qliksense-operations-prometheus.json': prometheusOperations,
  'collector-prometheus.json': prometheusCollector,
};

export function dashboardFiles(): Record<string, string> {
  return Object.fromEntries(Object.entries(DASHBOARDS).map(([file, spec]) => [file, JSON.stringify(buildDashboard(spec), null, 2) + '\n']));
}
