// What the OTLP contract endpoint (otlp-endpoint.ts) keeps of a request: the decoded records, flattened, and
// the data-model rules it enforces on top of decoding (observed time, metric names, sum temporality, point
// values, service.name on every resource).
import type { IncomingMessage } from 'node:http';
import { CODECS, jsonViolation, TO_OBJECT, type Signal } from './otlp-codec.js';

export type AttrMap = Record<string, unknown>;

export interface StoredLog {
  resource: AttrMap;
  scope: { name?: string; version?: string };
  timeUnixNano: string;
  observedTimeUnixNano: string;
  severityNumber: number;
  severityText: string;
  body: unknown;
  attributes: AttrMap;
}

export interface StoredPoint {
  resource: AttrMap;
  scope: { name?: string; version?: string };
  name: string;
  description: string;
  unit: string;
  type: 'gauge' | 'sum';
  /** Sums only: 1 delta, 2 cumulative. */
  temporality?: number;
  monotonic?: boolean;
  valueType: 'int' | 'double';
  value: number;
  startTimeUnixNano: string;
  timeUnixNano: string;
  attributes: AttrMap;
}

export interface SeenRequest {
  path: string;
  status: number;
  contentType: string;
  contentEncoding: string;
  headers: IncomingMessage['headers'];
  reason: string;
}

export class Refusal extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

type Plain = Record<string, unknown>;
const list = (v: unknown): Plain[] => (Array.isArray(v) ? (v as Plain[]) : []);

function anyValue(v: unknown): unknown {
  const a = (v ?? {}) as Plain;
  if ('stringValue' in a) return a.stringValue;
  if ('intValue' in a) return Number(a.intValue);
  if ('doubleValue' in a) return a.doubleValue;
  if ('boolValue' in a) return a.boolValue;
  if ('arrayValue' in a) return list((a.arrayValue as Plain).values).map(anyValue);
  return undefined;
}

export function attrMap(kvs: unknown): AttrMap {
  const out: AttrMap = {};
  for (const kv of list(kvs)) out[String(kv.key)] = anyValue(kv.value);
  return out;
}

function scopeOf(scope: unknown): StoredLog['scope'] {
  const s = (scope ?? {}) as Plain;
  return { name: s.name as string | undefined, version: s.version as string | undefined };
}

function resourceOf(entry: Plain): AttrMap {
  const resource = attrMap((entry.resource as Plain | undefined)?.attributes);
  if (typeof resource['service.name'] !== 'string' || resource['service.name'] === '') throw new Refusal(400, 'resource without service.name');
  return resource;
}

export function logsOf(req: Plain): StoredLog[] {
  const out: StoredLog[] = [];
  for (const rl of list(req.resourceLogs)) {
    const resource = resourceOf(rl);
    for (const sl of list(rl.scopeLogs)) {
      const scope = scopeOf(sl.scope);
      for (const r of list(sl.logRecords)) {
        const observed = String(r.observedTimeUnixNano ?? '0');
        if (observed === '0') throw new Refusal(400, 'log record without observedTimeUnixNano');
        out.push({
          resource,
          scope,
          timeUnixNano: String(r.timeUnixNano ?? '0'),
          observedTimeUnixNano: observed,
          severityNumber: Number(r.severityNumber ?? 0),
          severityText: String(r.severityText ?? ''),
          body: anyValue(r.body),
          attributes: attrMap(r.attributes),
        });
      }
    }
  }
  return out;
}

export function pointsOf(req: Plain): StoredPoint[] {
  const out: StoredPoint[] = [];
  for (const rm of list(req.resourceMetrics)) {
    const resource = resourceOf(rm);
    for (const sm of list(rm.scopeMetrics)) {
      const scope = scopeOf(sm.scope);
      for (const m of list(sm.metrics)) {
        const name = String(m.name ?? '');
        if (name === '') throw new Refusal(400, 'metric without a name');
        const data = (m.gauge ?? m.sum) as Plain | undefined;
        if (!data || (m.gauge && m.sum)) throw new Refusal(400, `metric ${name}: expected exactly one of gauge or sum`);
        const type = m.gauge ? 'gauge' : 'sum';
        const temporality = type === 'sum' ? Number(data.aggregationTemporality ?? 0) : undefined;
        if (temporality === 0) throw new Refusal(400, `metric ${name}: sum without aggregationTemporality`);
        for (const p of list(data.dataPoints)) {
          const time = String(p.timeUnixNano ?? '0');
          if (time === '0') throw new Refusal(400, `metric ${name}: data point without timeUnixNano`);
          if (!('asInt' in p) && !('asDouble' in p)) throw new Refusal(400, `metric ${name}: data point without a value`);
          out.push({
            resource,
            scope,
            name,
            description: String(m.description ?? ''),
            unit: String(m.unit ?? ''),
            type,
            ...(type === 'sum' ? { temporality, monotonic: data.isMonotonic === true } : {}),
            valueType: 'asInt' in p ? 'int' : 'double',
            value: Number('asInt' in p ? p.asInt : p.asDouble),
            startTimeUnixNano: String(p.startTimeUnixNano ?? '0'),
            timeUnixNano: time,
            attributes: attrMap(p.attributes),
          });
        }
      }
    }
  }
  return out;
}

/** Decodes a request body into the plain-object form, or throws a Refusal. */
export function decode(signal: Signal, json: boolean, body: Buffer): Plain {
  const codec = CODECS[signal].request;
  let message: object;
  if (json) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch (err) {
      throw new Refusal(400, `body is not JSON: ${(err as Error).message}`);
    }
    const violation = jsonViolation(parsed);
    if (violation) throw new Refusal(400, violation);
    try {
      message = codec.fromObject(parsed as object);
    } catch (err) {
      throw new Refusal(400, `not an OTLP ${signal} request: ${(err as Error).message}`);
    }
  } else {
    try {
      message = codec.decode(body);
    } catch (err) {
      throw new Refusal(400, `protobuf decoding failed: ${(err as Error).message}`);
    }
  }
  const problem = codec.verify(message);
  if (problem) throw new Refusal(400, `invalid OTLP ${signal} request: ${problem}`);
  return codec.toObject(message, TO_OBJECT);
}

