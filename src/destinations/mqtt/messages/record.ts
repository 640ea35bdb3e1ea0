// An MQTT message as producers hand it to the MQTT destination: topic and UTF-8 payload text.
// On the wire between threads it is the two-element JSON array [topic, payload] (see record-lines.ts).

export interface MqttRecord {
  topic: string;
  payload: string;
}

export type MqttRecordLine = [topic: string, payload: string];

export function toMqttLine(r: MqttRecord): MqttRecordLine {
  return [r.topic, r.payload];
}

export function isMqttLine(value: unknown): value is MqttRecordLine {
  return Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && typeof value[1] === 'string';
}

/**
 * Why a topic cannot be published, or undefined when it can (MQTT 3.1.1 standard, section 4.7 "Topic Names and Topic
 * Filters"): not empty, no wildcards, no NUL, at most 65535 UTF-8 bytes. mqtt.js would otherwise fail the publish or
 * the broker drop the client.
 */
export function invalidTopicReason(topic: string): string | undefined {
  if (topic.length === 0) return 'empty topic';
  if (topic.includes('+') || topic.includes('#')) return 'wildcard (+ or #) in a publish topic';
  if (topic.includes('\u0000')) return 'NUL character in topic';
  if (Buffer.byteLength(topic, 'utf8') > 65535) return 'topic longer than 65535 bytes';
  return undefined;
}
