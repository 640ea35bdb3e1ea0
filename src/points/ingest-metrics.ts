import type { Config } from '../config/schema/index.js';
import { encodeLine } from './line-protocol.js';
import { boolLiteralFor, pushField, pushTag, setTag, type FieldDef, type InfluxVersion, type Point, type Tag } from './point.js';
import { ingestMetricsSchema } from './schema/ingest-metrics.js';
import { configTags, orderMembers } from './tags.js';

// `log_events_queue` / `user_events_queue` / `audit_events_queue` (docs/data-model.md#log_events_queue-user_events_queue-audit_events_queue,
// names from config): one point per queue and write interval. The meaning of every field is documented in
// schema/ingest-metrics.ts. The audit API's queue (docs/audit-events.md#queue) has only the fields Butler SOS v15
// writes for every queue; the others describe the UDP ring and parse pool.

/** What the tracker knows about one UDP socket at write time; every number maps to the field of the same name. */
export interface IngestMetricsSnapshot {
  socket: 'log' | 'user';
  /** os.hostname() of the collector (Butler SOS wrote the literal `undefined`). */
  hostname: string;
  queueSize: number;
  queueMaxSize: number;
  queueUtilizationPct: number;
  queueRunning: number;
  messagesReceived: number;
  messagesQueued: number;
  messagesProcessed: number;
  messagesFailed: number;
  messagesDroppedRateLimit: number;
  messagesDroppedQueueFull: number;
  messagesDroppedSize: number;
  processingTimeAvgMs: number;
  processingTimeP95Ms: number;
  processingTimeMaxMs: number;
  rateLimitCurrent: number;
  backpressureActive: boolean;
  ringUtilisationPct: number;
  messagesDroppedSource: number;
  parseFailures: number;
  messagesDroppedRule: number;
  messagesExcluded: number;
  messagesRejected: number;
  bytesReceived: number;
  workerCrashes: number;
}

/** Numeric members every queue point has (Butler SOS v15's queue fields), in field order. */
const QUEUE_COUNTS = [
  'queueSize',
  'queueMaxSize',
  'queueUtilizationPct',
  'queueRunning',
  'messagesReceived',
  'messagesQueued',
  'messagesProcessed',
  'messagesFailed',
  'messagesDroppedRateLimit',
  'messagesDroppedQueueFull',
  'messagesDroppedSize',
  'processingTimeAvgMs',
  'processingTimeP95Ms',
  'processingTimeMaxMs',
  'rateLimitCurrent',
] as const satisfies ReadonlyArray<keyof IngestMetricsSnapshot & keyof typeof ingestMetricsSchema.members>;

/** What every queue reports: v15's queue fields (the audit API's queue has no more). */
export type QueueSnapshot = Pick<IngestMetricsSnapshot, (typeof QUEUE_COUNTS)[number] | 'backpressureActive'>;

/** One sample of the audit API's event queue (http thread), stamped with the host name by the tracker. */
export interface AuditQueueSample extends QueueSnapshot {
  socket: 'audit';
  hostname: string;
}

/** What a QUEUE_METRICS datum carries: a UDP socket's ingest metrics or the audit queue's numbers. */
export type QueueMetricsSample = IngestMetricsSnapshot | AuditQueueSample;

type QueueMetricsInflux = Pick<Config['logEvents']['udpServerConfig']['queueMetrics']['influxdb'], 'measurementName' | 'tags'>;

/** The parts of the configuration the builder reads (a full `Config` fits). */
export interface IngestMetricsPointConfig {
  logEvents: { udpServerConfig: { queueMetrics: { influxdb: QueueMetricsInflux } } };
  userEvents: { udpServerConfig: { queueMetrics: { influxdb: QueueMetricsInflux } } };
  auditEvents: { queue: { queueMetrics: { influxdb: QueueMetricsInflux } } };
}

/** Measurement name and static tags of one socket. */
export interface IngestMetricsTarget {
  measurement: string;
  staticTags: readonly Tag[];
}

/** Numeric snapshot members of a UDP socket in field order; `messagesDroppedTotal` and `backpressureActive` are derived. */
const COUNTS = [
  ...QUEUE_COUNTS,
  'ringUtilisationPct',
  'messagesDroppedSource',
  'parseFailures',
  'messagesDroppedRule',
  'messagesExcluded',
  'messagesRejected',
  'bytesReceived',
  'workerCrashes',
] as const satisfies ReadonlyArray<keyof IngestMetricsSnapshot & keyof typeof ingestMetricsSchema.members>;

const QUEUE_TYPE = { log: 'log_events', user: 'user_events', audit: 'audit_events' } as const;

type QueueName = QueueMetricsSample['socket'];

export function ingestMetricsPoint(target: IngestMetricsTarget, version: InfluxVersion, snap: QueueMetricsSample, timeUs?: number): Point {
  const m = ingestMetricsSchema.v[version];
  const p: Point = { measurement: target.measurement, tags: [], fields: [], timeUs, boolLiteral: boolLiteralFor(version) };
  pushTag(p.tags, m.queueType, QUEUE_TYPE[snap.socket]);
  pushTag(p.tags, m.host, snap.hostname);
  for (const [key, value] of target.staticTags) setTag(p.tags, key, value);
  if (snap.socket === 'audit') for (const key of QUEUE_COUNTS) pushField(p.fields, m[key] as FieldDef | undefined, snap[key]);
  else for (const key of COUNTS) pushField(p.fields, m[key] as FieldDef | undefined, snap[key]);
  pushField(p.fields, m.messagesDroppedTotal, snap.messagesDroppedSize + snap.messagesDroppedRateLimit + snap.messagesDroppedQueueFull);
  pushField(p.fields, m.backpressureActive, snap.backpressureActive ? 1 : 0);
  return orderMembers(p, version);
}

export function ingestMetricsTarget(config: IngestMetricsPointConfig, socket: QueueName): IngestMetricsTarget {
  const section =
    socket === 'audit' ? config.auditEvents.queue.queueMetrics.influxdb : (socket === 'log' ? config.logEvents : config.userEvents).udpServerConfig.queueMetrics.influxdb;
  return { measurement: section.measurementName, staticTags: configTags(section.tags) };
}

/** The measurement (and static tags) come from the sample's queue: `logEvents`, `userEvents` or `auditEvents.queue` config. */
export function createIngestMetricsEncoder(
  config: IngestMetricsPointConfig,
  version: InfluxVersion,
): (snap: QueueMetricsSample, timeUs: number) => string {
  const targets = { log: ingestMetricsTarget(config, 'log'), user: ingestMetricsTarget(config, 'user'), audit: ingestMetricsTarget(config, 'audit') };
  return (snap, timeUs) => encodeLine(ingestMetricsPoint(targets[snap.socket], version, snap, timeUs));
}

/** v15 writes the audit queue's point only while the audit API runs and its queue metrics are on. */
export function auditQueueMetricsOn(config: { auditEvents: { enable: boolean; queue: { queueMetrics: { influxdb: { enable: boolean } } } } }): boolean {
  return config.auditEvents.enable === true && config.auditEvents.queue.queueMetrics.influxdb.enable === true;
}
