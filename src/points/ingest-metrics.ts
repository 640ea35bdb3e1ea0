import type { Config } from '../config/schema/index.js';
import { encodeLine } from './line-protocol.js';
import { boolLiteralFor, pushField, pushTag, setTag, type FieldDef, type InfluxVersion, type Point, type Tag } from './point.js';
import { ingestMetricsSchema } from './schema/ingest-metrics.js';
import { configTags, orderMembers } from './tags.js';

// `log_events_queue` / `user_events_queue` (docs/data-model.md#log_events_queue-user_events_queue, names from config):
// one point per socket and write interval. The meaning of every field is documented in schema/ingest-metrics.ts.

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

type QueueMetricsConfig = Config['logEvents']['udpServerConfig']['queueMetrics'];

/** The parts of the configuration the builder reads (a full `Config` fits). */
export interface IngestMetricsPointConfig {
  logEvents: { udpServerConfig: { queueMetrics: { influxdb: Pick<QueueMetricsConfig['influxdb'], 'measurementName' | 'tags'> } } };
  userEvents: { udpServerConfig: { queueMetrics: { influxdb: Pick<QueueMetricsConfig['influxdb'], 'measurementName' | 'tags'> } } };
}

/** Measurement name and static tags of one socket. */
export interface IngestMetricsTarget {
  measurement: string;
  staticTags: readonly Tag[];
}

/** Numeric snapshot members in field order; `messagesDroppedTotal` and `backpressureActive` are derived. */
const COUNTS = [
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
  'ringUtilisationPct',
  'messagesDroppedSource',
  'parseFailures',
  'messagesDroppedRule',
  'messagesExcluded',
  'messagesRejected',
  'bytesReceived',
  'workerCrashes',
] as const satisfies ReadonlyArray<keyof IngestMetricsSnapshot & keyof typeof ingestMetricsSchema.members>;

export function ingestMetricsPoint(target: IngestMetricsTarget, version: InfluxVersion, snap: IngestMetricsSnapshot, timeUs?: number): Point {
  const m = ingestMetricsSchema.v[version];
  const p: Point = { measurement: target.measurement, tags: [], fields: [], timeUs, boolLiteral: boolLiteralFor(version) };
  pushTag(p.tags, m.queueType, snap.socket === 'log' ? 'log_events' : 'user_events');
  pushTag(p.tags, m.host, snap.hostname);
  for (const [key, value] of target.staticTags) setTag(p.tags, key, value);
  for (const key of COUNTS) pushField(p.fields, m[key] as FieldDef | undefined, snap[key]);
  pushField(p.fields, m.messagesDroppedTotal, snap.messagesDroppedSize + snap.messagesDroppedRateLimit + snap.messagesDroppedQueueFull);
  pushField(p.fields, m.backpressureActive, snap.backpressureActive ? 1 : 0);
  return orderMembers(p, version);
}

export function ingestMetricsTarget(config: IngestMetricsPointConfig, socket: 'log' | 'user'): IngestMetricsTarget {
  const section = (socket === 'log' ? config.logEvents : config.userEvents).udpServerConfig.queueMetrics.influxdb;
  return { measurement: section.measurementName, staticTags: configTags(section.tags) };
}

/** The measurement (and static tags) come from the snapshot's socket: `logEvents` or `userEvents` config. */
export function createIngestMetricsEncoder(
  config: IngestMetricsPointConfig,
  version: InfluxVersion,
): (snap: IngestMetricsSnapshot, timeUs: number) => string {
  const targets = { log: ingestMetricsTarget(config, 'log'), user: ingestMetricsTarget(config, 'user') };
  return (snap, timeUs) => encodeLine(ingestMetricsPoint(targets[snap.socket], version, snap, timeUs));
}
