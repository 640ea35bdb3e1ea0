import type { Gauge } from 'prom-client';
import type { MetricLabels } from './messages.js';

// Series that belong to one poll target (a server's health, a server's virtual proxy sessions) are tracked as a
// group. A group that is not refreshed within its stale time loses all its series, so a server that stopped
// answering disappears from /metrics instead of repeating its last values forever (Butler SOS kept them until
// restart; docs/prometheus.md#butler-sos-gauges). A refresh that no longer sets a series (engine_metadata after an
// engine restart or upgrade) removes the old one at once.

interface Series {
  gauge: Gauge<string>;
  labels: MetricLabels;
}

interface Group {
  lastSeen: number;
  staleAfterMs: number;
  series: Map<string, Series>;
}

export interface SeriesValue {
  name: string;
  gauge: Gauge<string>;
  labels: MetricLabels;
  value: number;
}

function seriesKey(name: string, labels: MetricLabels): string {
  const parts = Object.keys(labels)
    .sort()
    .map((k) => `${k}=${JSON.stringify(labels[k])}`);
  return `${name}{${parts.join(',')}}`;
}

export class SeriesGroups {
  private readonly groups = new Map<string, Group>();
  removedSeries = 0;

  /**
   * Sets every series of a group in one go; series the group had before and does not set now are removed.
   * Callers validate label sets first (prom-client throws on a label its gauge does not declare).
   */
  refresh(groupKey: string, staleAfterMs: number, at: number, series: readonly SeriesValue[]): void {
    const next = new Map<string, Series>();
    for (const s of series) next.set(seriesKey(s.name, s.labels), { gauge: s.gauge, labels: s.labels });
    for (const s of series) s.gauge.set(s.labels, s.value);
    const group = this.groups.get(groupKey);
    if (group) {
      for (const [key, old] of group.series) if (!next.has(key)) this.remove(old);
    }
    this.groups.set(groupKey, { lastSeen: at, staleAfterMs, series: next });
  }

  /** Removes the groups not refreshed within their stale time; returns how many went. */
  sweep(now: number): number {
    let swept = 0;
    for (const [key, group] of this.groups) {
      if (now - group.lastSeen <= group.staleAfterMs) continue;
      for (const s of group.series.values()) this.remove(s);
      this.groups.delete(key);
      swept++;
    }
    return swept;
  }

  get size(): number {
    return this.groups.size;
  }

  private remove(s: Series): void {
    s.gauge.remove(s.labels);
    this.removedSeries++;
  }
}
