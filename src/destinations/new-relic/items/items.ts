// What the New Relic destination posts: Metric API data objects and Event API events (docs/new-relic.md#payloads).
// Each is one line of a batch body (record-lines.ts); the sink groups many into one request.

export interface NrMetric {
  name: string;
  type: 'gauge';
  /** Butler sends `qs_engineSaturated` as a JSON boolean (docs/compatibility.md D10.8); kept for compatibility. */
  value: number | boolean;
}

export type NrAttributes = Record<string, string | number | boolean>;

/** One element of the Metric API's top-level array. */
export interface NrMetricData {
  common: { timestamp: number; 'interval.ms': number; attributes: NrAttributes };
  metrics: NrMetric[];
}

/** One Event API event: flat attributes plus `eventType`. */
export type NrEvent = NrAttributes & { eventType: string };

export type NrItem = NrMetricData | NrEvent;

export function isNrMetricData(value: unknown): value is NrMetricData {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as { common?: unknown; metrics?: unknown };
  return typeof v.common === 'object' && v.common !== null && Array.isArray(v.metrics);
}

export function isNrEvent(value: unknown): value is NrEvent {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  return typeof (value as { eventType?: unknown }).eventType === 'string';
}

export function isNrItem(value: unknown): value is NrItem {
  return isNrMetricData(value) || isNrEvent(value);
}
