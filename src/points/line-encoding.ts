// Every kind of published data as InfluxDB line protocol of one version: the encoding the InfluxDB
// destinations and the file destination share (one pass per version, whatever number of destinations).
import type { Config } from '../config/schema/index.js';
import type { EventCountKey } from '../events/types.js';
import { encodeErrorLine } from '../errors/error-point.js';
import type { DestinationEncoding, EncodingContext, RecordOut } from '../publish/encoding.js';
import { createEventCountEncoder, createRejectedCountEncoder } from './event-counts.js';
import { healthPoints } from './health.js';
import { auditQueueMetricsOn, createIngestMetricsEncoder } from './ingest-metrics.js';
import { encodeLine } from './line-protocol.js';
import { createLogEventEncoder } from './log-event-line.js';
import { memoryUsagePoint } from './memory.js';
import type { InfluxVersion, Point } from './point.js';
import { sessionPoints } from './sessions.js';
import { createUserEventEncoder } from './user-event.js';

function outPoints(points: readonly Point[], out: RecordOut): void {
  for (let i = 0; i < points.length; i++) out(encodeLine(points[i]));
}

export function lineProtocolEncoding(config: Config, version: InfluxVersion, ctx: EncodingContext): DestinationEncoding {
  const log = createLogEventEncoder(config, version);
  const user = createUserEventEncoder(config, version);
  const eventCount = createEventCountEncoder(config, version);
  const rejectedCount = createRejectedCountEncoder(config, version);
  const ingest = createIngestMetricsEncoder(config, version);
  const includeFields = config.influxdbConfig.includeFields;
  const appNameExtract = config.appNames.enableAppNameExtract === true;
  const excludeUser = config.userSessions.excludeUser;
  const instanceTag = config.uptimeMonitor.storeInInfluxdb.instanceTag;
  // Each queue's metrics have their own switch (Butler SOS v15), so the encoder skips a queue that is off.
  const queueOn = {
    log: config.logEvents.udpServerConfig.queueMetrics.influxdb.enable === true,
    user: config.userEvents.udpServerConfig.queueMetrics.influxdb.enable === true,
    audit: auditQueueMetricsOn(config),
  };
  const errorPoints = { measurement: config.errorTracking.influxdb.measurementName, version };
  return {
    key: `line-protocol-v${version}`,
    encoders: {
      LOG_EVENTS: (d, out) => out(log(d.event, d.timeUs, d.plain === true)),
      USER_EVENTS: (d, out) => out(user(d.event, d.timeUs)),
      HEALTH_METRICS: (d, out) => outPoints(healthPoints(d.body, d.server, version, { includeFields, appNameExtract, appName: d.appName }, d.timeUs), out),
      PROXY_SESSIONS: (d, out) =>
        outPoints(sessionPoints(d.sessions, { server: d.server, virtualProxy: d.virtualProxy, sessionHost: d.sessionHost, excludeUser }, version, d.timeUs), out),
      EVENT_COUNTS: (d, out) => out(eventCount(d.row as EventCountKey, d.row.counter, d.timeUs)),
      REJECTED_EVENT_COUNTS: (d, out) => out(rejectedCount(d.row, d.row.counter, d.row.processTime, d.timeUs)),
      QUEUE_METRICS: (d, out) => {
        if (queueOn[d.sample.socket]) out(ingest(d.sample, d.timeUs));
      },
      BUTLER_MEMORY: (d, out) => out(encodeLine(memoryUsagePoint(d.sample, instanceTag, ctx.appVersion, version, d.timeUs))),
      ERROR_EVENTS: (d, out) => out(encodeErrorLine(d.report, d.category, errorPoints)),
    },
  };
}
