// The encoders of every kind of data (producer side). Built once per producer thread and config.
import { hostname } from 'node:os';
import type { Config } from '../../config/schema/index.js';
import type { DestinationEncoding, EncodingContext } from '../../publish/encoding.js';
import { errorEncoder, memoryEncoder, queueMetricsEncoder, rejectedCountEncoder } from './encode-collector-metrics.js';
import { encodeLogEvent, encodeUserEvent } from './encode-events.js';
import { encodeHealth, encodeSessions, eventCountEncoder } from './encode-qlik-metrics.js';
import { collectorResource } from './resources.js';

export function openTelemetryEncoding(config: Config, ctx: EncodingContext): DestinationEncoding {
  const collector = collectorResource(hostname(), ctx.appVersion);
  const counterIntervalMs = config.qlikSenseEvents.influxdb.writeFrequency;
  return {
    key: 'open-telemetry',
    encoders: {
      LOG_EVENTS: encodeLogEvent,
      USER_EVENTS: encodeUserEvent,
      HEALTH_METRICS: encodeHealth,
      PROXY_SESSIONS: encodeSessions,
      EVENT_COUNTS: eventCountEncoder(counterIntervalMs),
      REJECTED_EVENT_COUNTS: rejectedCountEncoder(collector, counterIntervalMs),
      QUEUE_METRICS: queueMetricsEncoder(ctx.appVersion, {
        log: config.logEvents.udpServerConfig.queueMetrics.influxdb.writeFrequency,
        user: config.userEvents.udpServerConfig.queueMetrics.influxdb.writeFrequency,
      }),
      BUTLER_MEMORY: memoryEncoder(collector),
      ERROR_EVENTS: errorEncoder(collector),
    },
  };
}
