import type { Config } from '../../config/schema/index.js';
import { AUDIT_EVENTS, type AuditEventDatum } from '../../audit/datum.js';
import { auditOutputTypes } from '../../audit/output-types.js';
import type { Encoders } from '../../publish/encoding.js';
import type { ErrorType } from '../../threads/messages.js';
import { InfluxV1Sink } from '../influxdb/v1/influxdb-v1-sink.js';
import { InfluxV2Sink } from '../influxdb/v2/influxdb-v2-sink.js';
import { InfluxV3Sink } from '../influxdb/v3/influxdb-v3-sink.js';
import type { DestinationPlugin, SinkDeps } from '../plugin.js';
import type { Sink } from '../sink.js';
import { createAuditPointEncoder } from './audit-point.js';
import { RenamedSink } from './renamed-sink.js';

// Audit events to InfluxDB 1.x, 2.x or 3.x over the audit section's own connection block
// (auditEvents.destination.influxdb.metadata), through the same sinks as influxdbConfig. Takes audit events only.

export type AuditInfluxMetadata = NonNullable<Config['auditEvents']['destination']['influxdb']>['metadata'];

export const AUDIT_INFLUXDB_ID = 'audit-influxdb';

function metadataOf(config: Config): AuditInfluxMetadata {
  const m = config.auditEvents.destination.influxdb?.metadata;
  if (!m) throw new Error('auditEvents.destination.influxdb.metadata is required when auditEvents.destination.type lists influxdb');
  return m;
}

/** The InfluxDB sink of the audit connection block; writeTimeoutMs only for tests (v15 has no such key for v1/v2). */
export function auditInfluxSink(m: AuditInfluxMetadata, deps: SinkDeps, writeTimeoutMs?: number): Sink {
  const common = { enable: true, host: m.host, port: m.port, version: m.version, maxBatchSize: m.maxBatchSize, writeTimeoutMs };
  const where = 'auditEvents.destination.influxdb.metadata';
  if (m.version === 1) {
    if (!m.v1Config) throw new Error(`${where}.v1Config is required when version is 1`);
    return new InfluxV1Sink({ ...common, v1Config: m.v1Config }, deps);
  }
  if (m.version === 2) {
    if (!m.v2Config) throw new Error(`${where}.v2Config is required when version is 2`);
    return new InfluxV2Sink({ ...common, v2Config: m.v2Config }, deps);
  }
  if (!m.v3Config) throw new Error(`${where}.v3Config is required when version is 3`);
  return new InfluxV3Sink({ ...common, v3Config: m.v3Config }, deps);
}

export const auditInfluxdbDestination: DestinationPlugin = {
  id: AUDIT_INFLUXDB_ID,
  name: 'Audit events to InfluxDB',
  sections: ['auditEvents'],
  errorTypes: ['INFLUXDB_V1_WRITE', 'INFLUXDB_V2_WRITE', 'INFLUXDB_V3_WRITE'] as ErrorType[],
  enabled: (config) => config.auditEvents.enable && config.auditEvents.destination.enable && auditOutputTypes(config.auditEvents).has('influxdb'),
  takes: (_config, kind) => (kind as string) === AUDIT_EVENTS,
  encoding(config) {
    const m = metadataOf(config);
    const encode = createAuditPointEncoder(m);
    const encoders = {
      [AUDIT_EVENTS]: (datum: AuditEventDatum, out: (record: string) => void) => {
        const line = encode(datum);
        if (line !== '') out(line);
      },
    } as unknown as Encoders;
    return { key: `audit-influx-v${m.version}`, encoders };
  },
  create(config, deps) {
    const m = metadataOf(config);
    // writeFrequency: how long a partly filled batch waits (v15 flushed its buffer on this timer).
    return { sink: new RenamedSink(AUDIT_INFLUXDB_ID, auditInfluxSink(m, deps)), delivery: { maxBatchLines: m.maxBatchSize, flushIntervalMs: Math.max(1, m.writeFrequency) } };
  },
  describe(config) {
    const m = metadataOf(config);
    return `Audit events → InfluxDB v${m.version} at ${m.host}:${m.port} (measurement ${m.measurementName})`;
  },
};

