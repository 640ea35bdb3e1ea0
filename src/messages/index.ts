// Pure builders: parsed events, health and session data → MQTT messages and New Relic items
// (docs/mqtt.md, docs/new-relic.md), plus the NDJSON body format both destinations receive.
export { encodeRecordLines, decodeRecordLines, type DecodedLines } from './record-lines.js';
export { toMqttLine, isMqttLine, invalidTopicReason, type MqttRecord, type MqttRecordLine } from './mqtt-record.js';
export { healthMqttRecords, sessionMqttRecord } from './mqtt-health.js';
export {
  createUserEventMqttBuilder,
  createLogEventMqttBuilder,
  userEventMqttPayload,
  subsystemTopic,
  tagObject,
  type UserEventMqttConfig,
  type LogEventMqttConfig,
} from './mqtt-events.js';
export { isNrEvent, isNrMetricData, isNrItem, type NrEvent, type NrMetric, type NrMetricData, type NrItem, type NrAttributes } from './new-relic-items.js';
export {
  healthMetricData,
  healthMetrics,
  sessionMetricData,
  uptimeMetricData,
  serverAttributes,
  type NrMetricConfig,
  type NrUptimeConfig,
  type SessionTarget,
  type CollectorMemorySample,
} from './new-relic-metrics.js';
export { createUserEventNrBuilder, createLogEventNrBuilder, logEventGoesToNewRelic, scrambled, type UserEventNrConfig, type LogEventNrConfig } from './new-relic-events.js';
