// Health and session polls for the record destinations (MQTT, New Relic): which of them take each kind of
// poll data (docs/configuration.md#which-switches-send-what), and the records one poll becomes
// (docs/mqtt.md#what-is-published, docs/new-relic.md#payloads).
import type { Config, ServerConfig } from '../config/schema/index.js';
import { healthMqttRecords, sessionMqttRecord } from '../messages/mqtt-health.js';
import { toMqttLine } from '../messages/mqtt-record.js';
import { healthMetricData, sessionMetricData, type NrMetricConfig } from '../messages/new-relic-metrics.js';
import type { EngineHealthBody } from '../points/health.js';
import { recordModuleEnabled, type RecordDest, type RecordRoute } from '../pipeline/routes.js';
import type { DataModule } from '../threads/messages.js';

/** Writer index of each record destination that takes one kind of poll data. */
export interface RecordWriters {
  mqtt?: number;
  newRelic?: number;
}

/** What the pollers need to build records; absent (or empty writers) means no record destination. */
export interface PollRecordTargets {
  health: RecordWriters;
  sessions: RecordWriters;
  /** `mqttConfig.baseTopic` (documented to end with '/'). */
  mqttBaseTopic: string;
  nrMetric: NrMetricConfig;
  /** Butler SOS version for the `butlerSosVersion` attribute. */
  appVersion: string;
}

function writersFor(config: Config, routes: readonly RecordRoute[], module: DataModule): RecordWriters {
  const writerOf = (dest: RecordDest): number | undefined =>
    recordModuleEnabled(config, dest, module) ? routes.find((r) => r.dest === dest)?.writer : undefined;
  const out: RecordWriters = {};
  const mqtt = writerOf('mqtt');
  if (mqtt !== undefined) out.mqtt = mqtt;
  const nr = writerOf('new-relic');
  if (nr !== undefined) out.newRelic = nr;
  return out;
}

/** Built by the poller thread from the full config and the supervisor's record routes. */
export function pollRecordTargets(config: Config, routes: readonly RecordRoute[] | undefined, appVersion: string): PollRecordTargets {
  const r = routes ?? [];
  return {
    health: writersFor(config, r, 'HEALTH_METRICS'),
    sessions: writersFor(config, r, 'PROXY_SESSIONS'),
    mqttBaseTopic: config.mqttConfig.baseTopic ?? '',
    nrMetric: { newRelic: { metric: config.newRelic.metric }, serversToMonitor: config.serversToMonitor, userSessions: config.userSessions },
    appVersion,
  };
}

/** One batch to post: destination, owning writer and its records (one NDJSON line each). */
export interface RecordBatch {
  dest: RecordDest;
  writer: number;
  records: unknown[];
}

/** The records of one health poll: 21-22 MQTT messages and one Metric API data object. */
export function healthRecordBatches(t: PollRecordTargets, server: ServerConfig, body: EngineHealthBody, timeMs: number): RecordBatch[] {
  const out: RecordBatch[] = [];
  if (t.health.mqtt !== undefined) {
    out.push({ dest: 'mqtt', writer: t.health.mqtt, records: healthMqttRecords(t.mqttBaseTopic, server.host, body).map(toMqttLine) });
  }
  if (t.health.newRelic !== undefined) {
    const data = healthMetricData(t.nrMetric, server, body, timeMs, t.appVersion);
    // Every metric group switched off: Butler posted an empty list; nothing worth a request here.
    if (data.metrics.length > 0) out.push({ dest: 'new-relic', writer: t.health.newRelic, records: [data] });
  }
  return out;
}

export interface SessionPollResult {
  server: ServerConfig;
  virtualProxy: string;
  /** `userSessions.host` including the port. */
  sessionHost: string;
  /** The QPS response as received: MQTT gets it unfiltered (docs/mqtt.md#what-is-published). */
  rawBody: unknown;
  sessionCount: number;
}

/** The records of one session poll of one virtual proxy: one MQTT message and one Metric API data object. */
export function sessionRecordBatches(t: PollRecordTargets, poll: SessionPollResult, timeMs: number): RecordBatch[] {
  const out: RecordBatch[] = [];
  if (t.sessions.mqtt !== undefined) {
    const record = sessionMqttRecord(t.mqttBaseTopic, poll.sessionHost, poll.virtualProxy, poll.rawBody);
    out.push({ dest: 'mqtt', writer: t.sessions.mqtt, records: [toMqttLine(record)] });
  }
  if (t.sessions.newRelic !== undefined) {
    const target = { server: poll.server, userSessionsHost: poll.sessionHost, virtualProxy: poll.virtualProxy };
    const data = sessionMetricData(t.nrMetric, target, poll.sessionCount, timeMs, t.appVersion);
    if (data) out.push({ dest: 'new-relic', writer: t.sessions.newRelic, records: [data] });
  }
  return out;
}
