// Writes metric data points as PointLine records, with unit, shape and value type from the catalog.
import type { RecordOut } from '../../publish/encoding.js';
import { METRICS, type MetricName } from './metric-catalog.js';
import type { Attributes, PointLine } from './records.js';

export type EmitPoint = (name: MetricName, value: number | undefined, attributes?: Attributes) => void;

/**
 * Points of one datum: one resource, one time (µs) and, for sums, one interval start. A value that is not a
 * finite number (a field Qlik left out) is skipped; an int metric is rounded.
 */
export function pointsOf(out: RecordOut, r: Record<string, string>, t: number, s?: number): EmitPoint {
  return (name, value, attributes = {}) => {
    if (typeof value !== 'number' || !Number.isFinite(value)) return;
    const def = METRICS[name];
    const line: PointLine = { k: 'point', r, n: name, u: def.unit, m: def.shape, vt: def.vt, v: def.vt === 'int' ? Math.round(value) : value, t, a: attributes };
    if (def.shape !== 'gauge' && s !== undefined && Number.isFinite(s)) line.s = Math.max(0, Math.round(s));
    out(JSON.stringify(line));
  };
}
