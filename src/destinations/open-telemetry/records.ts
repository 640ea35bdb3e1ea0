// The records of OpenTelemetry batches: one compact JSON object per line, made by the encoders in the producer
// threads and turned into OTLP export requests by the sink. One line is one log record or one metric data
// point, so the delivery layer's line counts, and OTLP's partial-success counts, are the same unit.

export type AttrValue = string | number | boolean;
export type Attributes = Record<string, AttrValue>;

/** One OTel log record. Times are microseconds since the epoch. */
export interface LogLine {
  k: 'log';
  /** Resource attributes (host.name, service.name, ...); the sink adds `resourceAttributes`. */
  r: Record<string, string>;
  /** When the event happened (the event's own timestamp, else when it was received). */
  t: number;
  /** When the collector received it. */
  o: number;
  /** SeverityNumber (0 = unspecified) and the level as Qlik wrote it. */
  sn: number;
  st: string;
  /** Body: the event's message. */
  b: string;
  a: Attributes;
}

/** How a metric point aggregates: gauge, delta sum or cumulative sum (both sums monotonic). */
export type MetricShape = 'gauge' | 'delta' | 'cumulative';

/** One metric data point. */
export interface PointLine {
  k: 'point';
  r: Record<string, string>;
  /** Metric name, unit, shape and value type ('int' or 'double'). */
  n: string;
  u: string;
  m: MetricShape;
  vt: 'int' | 'double';
  v: number;
  /** Time of the point and, for sums, the start of the interval it covers (µs). */
  t: number;
  s?: number;
  a: Attributes;
}

export type OtlpLine = LogLine | PointLine;

const isStringMap = (v: unknown): v is Record<string, string> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every((x) => typeof x === 'string');

const isAttributes = (v: unknown): v is Attributes =>
  typeof v === 'object' &&
  v !== null &&
  !Array.isArray(v) &&
  Object.values(v).every((x) => typeof x === 'string' || typeof x === 'boolean' || (typeof x === 'number' && Number.isFinite(x)));

const isTime = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/** Shape check of a decoded line; anything else is refused by the sink as a bad record. */
export function isOtlpLine(v: unknown): v is OtlpLine {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  if (!isStringMap(o.r) || !isAttributes(o.a) || !isTime(o.t)) return false;
  if (o.k === 'log') return isTime(o.o) && Number.isInteger(o.sn) && typeof o.st === 'string' && typeof o.b === 'string';
  if (o.k !== 'point') return false;
  if (typeof o.n !== 'string' || o.n === '' || typeof o.u !== 'string') return false;
  if (o.m !== 'gauge' && o.m !== 'delta' && o.m !== 'cumulative') return false;
  if (o.vt !== 'int' && o.vt !== 'double') return false;
  if (typeof o.v !== 'number' || !Number.isFinite(o.v) || (o.vt === 'int' && !Number.isSafeInteger(o.v))) return false;
  return o.s === undefined || isTime(o.s);
}
