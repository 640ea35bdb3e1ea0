import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import { registerCollectorMetrics } from './collector-metrics.js';
import { ENGINE_METADATA, ENGINE_METADATA_LABELS, HEALTH_GAUGES, USER_SESSION_LABELS, USER_SESSION_TOTAL } from './health-gauges.js';
import { checkMetricsMessage } from './message-check.js';
import type { GaugeSetMessage, HealthPollMessage, MetricLabels, SessionPollMessage } from './messages.js';
import { SeriesGroups, type SeriesValue } from './series-groups.js';
import { SnapshotState } from './snapshot-state.js';

// The http thread's prom-client registries: Node default metrics (their own registry, also served alone on
// prometheus.nodeMetricsPort as Butler SOS did), the butlersos_* gauges of
// docs/prometheus.md#butler-sos-gauges fed by health and session poll messages, the collector's own metrics, and any
// gauge another thread sets by name. apply() never throws: a bad message is counted and reported back.

export interface MetricsRegistryOptions {
  /** Server-tag label names (serverLabelNames(config)). */
  serverLabelNames: readonly string[];
  /** A server's health series go stale after this long without a health poll (a few poll intervals). */
  healthStaleAfterMs: number;
  /** A virtual proxy's session series go stale after this long without a session poll. */
  sessionStaleAfterMs: number;
  /** prom-client's process_* and nodejs_* metrics (default true). */
  defaultMetrics?: boolean;
  now?: () => number;
}

export type ApplyResult = { ok: true } | { ok: false; problem: string };

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

export class MetricsRegistry {
  readonly registry = new Registry();
  /** prom-client's process_* and nodejs_* metrics only (empty with defaultMetrics: false). */
  readonly nodeRegistry = new Registry();
  private readonly healthGauges: Array<{ name: string; gauge: Gauge<string> }>;
  private readonly metadata: Gauge<string>;
  private readonly sessions: Gauge<string>;
  private readonly healthLabels: ReadonlySet<string>;
  private readonly sessionLabels: ReadonlySet<string>;
  private readonly groups = new SeriesGroups();
  private readonly state = new SnapshotState();
  private readonly adHoc = new Map<string, Gauge<string>>();
  private readonly updates: Counter<string>;
  private readonly invalid: Counter<string>;
  private readonly now: () => number;

  constructor(private readonly opts: MetricsRegistryOptions) {
    this.now = opts.now ?? Date.now;
    const registers = [this.registry];
    const labelNames = [...opts.serverLabelNames];
    this.healthLabels = new Set(labelNames);
    this.healthGauges = HEALTH_GAUGES.map((def) => ({ name: def.name, gauge: new Gauge({ name: def.name, help: def.help, labelNames, registers }) }));
    this.metadata = new Gauge({ ...ENGINE_METADATA, labelNames: [...labelNames, ...ENGINE_METADATA_LABELS], registers });
    this.sessionLabels = new Set([...labelNames, ...USER_SESSION_LABELS]);
    this.sessions = new Gauge({ ...USER_SESSION_TOTAL, labelNames: [...this.sessionLabels], registers });
    this.updates = new Counter({ name: 'butlersos_collector_metric_updates_total', help: 'Metric update messages applied by the http thread, per kind.', labelNames: ['kind'], registers });
    this.invalid = new Counter({ name: 'butlersos_collector_metric_updates_invalid_total', help: 'Metric update messages the http thread could not use.', registers });
    const groups = this.groups;
    new Gauge({
      name: 'butlersos_collector_stale_series_removed',
      help: 'Series removed since start because their server stopped answering or its engine metadata changed.',
      registers,
      collect(this: Gauge<string>) {
        this.set(groups.removedSeries);
      },
    });
    registerCollectorMetrics(this.registry, this.state);
    if (opts.defaultMetrics !== false) collectDefaultMetrics({ register: this.nodeRegistry });
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** The text exposition of everything, Node metrics included; stale series are removed first. */
  async metrics(): Promise<string> {
    this.sweep();
    // Merged per scrape: gauges set by name are registered later, whenever their first update arrives.
    return Registry.merge([this.registry, this.nodeRegistry]).metrics();
  }

  /** The Node.js process metrics alone (the nodeMetricsPort endpoint). */
  nodeMetrics(): Promise<string> {
    return this.nodeRegistry.metrics();
  }

  /** Removes the series of servers and virtual proxies that stopped answering. */
  sweep(): void {
    this.groups.sweep(this.now());
  }

  /** Applies one message from the metrics channel. */
  apply(msg: unknown): ApplyResult {
    const checked = checkMetricsMessage(msg);
    if (!checked.ok) return this.reject(checked.problem);
    const m = checked.message;
    try {
      if (m.t === 'health-poll') this.applyHealth(m);
      else if (m.t === 'session-poll') this.applySessions(m);
      else if (m.t === 'gauge-set') this.applyGauges(m);
      else this.state.merge(m.snapshot);
    } catch (err) {
      return this.reject(`${m.t}: ${(err as Error).message}`);
    }
    this.updates.inc({ kind: m.t });
    return { ok: true };
  }

  private reject(problem: string): ApplyResult {
    this.invalid.inc();
    return { ok: false, problem };
  }

  private applyHealth(m: HealthPollMessage): void {
    unknownLabel(m.labels, this.healthLabels, 'health-poll');
    const series: SeriesValue[] = [];
    for (const { name, gauge } of this.healthGauges) {
      const value = m.values[name];
      if (value === undefined) throw new Error(`health-poll of server "${m.server}" has no value for ${name}`);
      series.push({ name, gauge, labels: m.labels, value });
    }
    const labels = { ...m.labels, engine_version: m.engine.version, engine_started: m.engine.started };
    series.push({ name: ENGINE_METADATA.name, gauge: this.metadata, labels, value: 1 });
    this.groups.refresh(`health\u0000${m.server}`, this.opts.healthStaleAfterMs, m.at, series);
  }

  private applySessions(m: SessionPollMessage): void {
    unknownLabel(m.labels, this.sessionLabels, 'session-poll');
    const series = [{ name: USER_SESSION_TOTAL.name, gauge: this.sessions, labels: m.labels, value: m.sessionCount }];
    this.groups.refresh(`sessions\u0000${m.server}\u0000${m.virtualProxy}`, this.opts.sessionStaleAfterMs, m.at, series);
  }

  private applyGauges(m: GaugeSetMessage): void {
    for (const item of m.items) {
      if (!METRIC_NAME.test(item.name)) throw new Error(`"${item.name}" is not a valid metric name`);
      const bad = Object.keys(item.labels).find((k) => !LABEL_NAME.test(k));
      if (bad !== undefined) throw new Error(`${item.name}: "${bad}" is not a valid label name`);
    }
    for (const item of m.items) this.adHocGauge(item.name, item.help, Object.keys(item.labels)).set(item.labels, item.value);
  }

  private adHocGauge(name: string, help: string | undefined, labelNames: string[]): Gauge<string> {
    let gauge = this.adHoc.get(name);
    if (!gauge) {
      if (this.registry.getSingleMetric(name)) throw new Error(`${name} is a built-in metric and cannot be set by gauge-set`);
      gauge = new Gauge({ name, help: help ?? name, labelNames, registers: [this.registry] });
      this.adHoc.set(name, gauge);
    }
    return gauge;
  }
}

function unknownLabel(labels: MetricLabels, allowed: ReadonlySet<string>, kind: string): void {
  for (const key of Object.keys(labels)) {
    if (!allowed.has(key)) throw new Error(`${kind} label "${key}" is not in the configured label set (${[...allowed].join(', ')})`);
  }
}
