// What the MQTT destination takes and how its messages are built: one NDJSON record per MQTT message
// (topic + payload), built in the producer threads (docs/mqtt.md).
import type { Config } from '../../config/schema/index.js';
import { healthMqttRecords, sessionMqttRecord } from './messages/health.js';
import { createLogEventMqttBuilder, createUserEventMqttBuilder } from './messages/events.js';
import { toMqttLine, type MqttRecord } from './messages/record.js';
import type { DestinationEncoding, RecordOut } from '../../publish/encoding.js';
import type { DataKind } from '../../publish/published-data.js';

/** Butler SOS v15's switches, per kind of data (docs/mqtt.md). */
export function mqttTakes(config: Config, kind: DataKind): boolean {
  switch (kind) {
    case 'LOG_EVENTS':
      return config.logEvents.sendToMQTT.enable === true;
    case 'USER_EVENTS':
      return config.userEvents.enable === true && config.userEvents.sendToMQTT.enable === true;
    case 'HEALTH_METRICS':
    case 'PROXY_SESSIONS':
      return true;
    default:
      return false;
  }
}

function outRecords(records: readonly MqttRecord[], out: RecordOut): void {
  for (const r of records) out(JSON.stringify(toMqttLine(r)));
}

export function mqttEncoding(config: Config): DestinationEncoding {
  const baseTopic = config.mqttConfig.baseTopic ?? '';
  const log = createLogEventMqttBuilder(config);
  const user = createUserEventMqttBuilder(config);
  return {
    key: 'mqtt',
    encoders: {
      LOG_EVENTS: (d, out) => outRecords(log(d.event), out),
      USER_EVENTS: (d, out) => outRecords(user(d.event), out),
      HEALTH_METRICS: (d, out) => outRecords(healthMqttRecords(baseTopic, d.server.host, d.body), out),
      // The QPS response as received: MQTT gets it unfiltered (docs/mqtt.md).
      PROXY_SESSIONS: (d, out) => outRecords([sessionMqttRecord(baseTopic, d.sessionHost, d.virtualProxy, d.rawBody)], out),
    },
  };
}
