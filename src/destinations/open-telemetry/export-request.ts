// Records of one request → an ExportLogsServiceRequest or ExportMetricsServiceRequest, serialised by the
// official @opentelemetry/otlp-transformer (protobuf or JSON). Its serializers take the SDK's data shapes
// (ReadableLogRecord, ResourceMetrics), so the records are turned into those here: one Resource object per
// distinct set of resource attributes (the transformer groups by object identity), one instrumentation scope.
import { ValueType, type HrTime } from '@opentelemetry/api';
import { JsonLogsSerializer, JsonMetricsSerializer, ProtobufLogsSerializer, ProtobufMetricsSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes, type Resource } from '@opentelemetry/resources';
import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { AggregationTemporality, DataPointType, type MetricData, type ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { describeMetric } from './metric-catalog.js';
import type { LogLine, PointLine } from './records.js';

export type Protocol = 'http/protobuf' | 'http/json';

export interface Scope {
  name: string;
  version: string;
}

/** µs since the epoch → OTel HrTime [seconds, nanoseconds]. */
export function hrTime(us: number): HrTime {
  const seconds = Math.floor(us / 1_000_000);
  return [seconds, (us - seconds * 1_000_000) * 1000];
}

/** Interns Resource objects by their attributes, the configured ones added (the record's own win). */
export class ResourceCache {
  private readonly cache = new Map<string, Resource>();

  constructor(private readonly extra: Record<string, string>) {}

  get(attrs: Record<string, string>): Resource {
    const key = JSON.stringify(attrs);
    let r = this.cache.get(key);
    if (!r) {
      // Hosts and services are few; the bound only guards against a stream of distinct hosts.
      if (this.cache.size >= 10_000) this.cache.clear();
      r = resourceFromAttributes({ ...this.extra, ...attrs });
      this.cache.set(key, r);
    }
    return r;
  }
}

export function logsRequest(lines: readonly LogLine[], resources: ResourceCache, scope: Scope, protocol: Protocol): Uint8Array {
  const records: ReadableLogRecord[] = lines.map((l) => ({
    hrTime: hrTime(l.t),
    hrTimeObserved: hrTime(l.o),
    severityNumber: l.sn,
    severityText: l.st,
    body: l.b,
    attributes: l.a,
    droppedAttributesCount: 0,
    resource: resources.get(l.r),
    instrumentationScope: scope,
  }));
  const bytes = protocol === 'http/json' ? JsonLogsSerializer.serializeRequest(records) : ProtobufLogsSerializer.serializeRequest(records);
  if (!bytes) throw new Error('the OTLP logs serializer returned nothing');
  return bytes;
}

const TEMPORALITY = { delta: AggregationTemporality.DELTA, cumulative: AggregationTemporality.CUMULATIVE } as const;

/** Groups points by resource, then by metric (name, shape, type), keeping first-seen order. */
export function metricsRequest(points: readonly PointLine[], resources: ResourceCache, scope: Scope, protocol: Protocol): Uint8Array {
  const byResource = new Map<Resource, Map<string, MetricData>>();
  for (const p of points) {
    const resource = resources.get(p.r);
    let metrics = byResource.get(resource);
    if (!metrics) byResource.set(resource, (metrics = new Map()));
    const key = `${p.n}\u0001${p.m}\u0001${p.vt}\u0001${p.u}`;
    let metric = metrics.get(key);
    if (!metric) metrics.set(key, (metric = newMetric(p)));
    (metric.dataPoints as Array<(typeof metric.dataPoints)[number]>).push({
      startTime: hrTime(p.s ?? 0),
      endTime: hrTime(p.t),
      attributes: p.a,
      value: p.v,
    } as never);
  }
  const parts: Uint8Array[] = [];
  for (const [resource, metrics] of byResource) {
    const rm: ResourceMetrics = { resource, scopeMetrics: [{ scope, metrics: [...metrics.values()] }] };
    const part = protocol === 'http/json' ? JsonMetricsSerializer.serializeRequest(rm) : ProtobufMetricsSerializer.serializeRequest(rm);
    if (!part) throw new Error('the OTLP metrics serializer returned nothing');
    parts.push(part);
  }
  return protocol === 'http/json' ? mergeJsonRequests(parts) : Buffer.concat(parts);
}

/**
 * The transformer serialises one resource per request (the SDK exports one). Several resources make one
 * request this way: in protobuf, concatenated messages merge and a repeated field's entries append, so the
 * concatenation is the request with every resource; in JSON the `resourceMetrics` arrays are joined.
 */
function mergeJsonRequests(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0];
  const resourceMetrics: unknown[] = [];
  for (const part of parts) resourceMetrics.push(...(JSON.parse(Buffer.from(part).toString('utf8')) as { resourceMetrics: unknown[] }).resourceMetrics);
  return Buffer.from(JSON.stringify({ resourceMetrics }), 'utf8');
}

function newMetric(p: PointLine): MetricData {
  const descriptor = { name: p.n, description: describeMetric(p.n), unit: p.u, valueType: p.vt === 'int' ? ValueType.INT : ValueType.DOUBLE };
  if (p.m === 'gauge') return { descriptor, aggregationTemporality: AggregationTemporality.CUMULATIVE, dataPointType: DataPointType.GAUGE, dataPoints: [] };
  return { descriptor, aggregationTemporality: TEMPORALITY[p.m], dataPointType: DataPointType.SUM, isMonotonic: true, dataPoints: [] };
}
