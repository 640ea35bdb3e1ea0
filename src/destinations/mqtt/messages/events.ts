// User and log events → MQTT (docs/mqtt.md#what-is-published). Gating (mqttConfig.enable and
// sendToMQTT.enable) is the destination's `takes` (../encoding.ts); these only build the messages.
import { optionalUserEventFields } from '../../../events/user-fields.js';
import type { Config } from '../../../config/schema/index.js';
import type { LogEvent, UserEvent } from '../../../events/types.js';
import type { MqttRecord } from './record.js';

type NameValues = ReadonlyArray<{ readonly name: string; readonly value: string }> | null | undefined;

/** The configuration the user-event builder reads (a full `Config` fits). */
export interface UserEventMqttConfig {
  userEvents: { tags: Config['userEvents']['tags']; sendToMQTT: { postTo: Config['userEvents']['sendToMQTT']['postTo'] } };
}

/** The configuration the log-event builder reads (a full `Config` fits). */
export interface LogEventMqttConfig {
  logEvents: { tags: Config['logEvents']['tags']; sendToMQTT: Pick<Config['logEvents']['sendToMQTT'], 'baseTopic' | 'postTo'> };
}

/** `[{name, value}]` → `{name: value}`; later duplicates win, as in Butler SOS. */
export function tagObject(list: NameValues): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of list ?? []) out[item.name] = item.value;
  return out;
}

/**
 * The JSON payload of a user event (docs/mqtt.md#what-is-published), keys in Butler's order; optional keys only when
 * non-empty.
 */
export function userEventMqttPayload(event: UserEvent, tags: Record<string, string>): Record<string, unknown> {
  const payload: Record<string, unknown> = {
    messageType: event.messageType,
    host: event.host,
    command: event.command,
    userDir: event.user_directory,
    userId: event.user_id,
    origin: event.origin,
    context: event.context,
    message: event.message,
    tags,
  };
  Object.assign(payload, optionalUserEventFields(event));
  return payload;
}

const COMMAND_TOPICS = [
  ['sessionStartTopic', 'Start session'],
  ['sessionStopTopic', 'Stop session'],
  ['connectionOpenTopic', 'Open connection'],
  ['connectionCloseTopic', 'Close connection'],
] as const;

/** Builds the user-event builder once per config: everything-topic first, then the command's own topic. */
export function createUserEventMqttBuilder(config: UserEventMqttConfig): (event: UserEvent) => MqttRecord[] {
  const tags = tagObject(config.userEvents.tags);
  const postTo = config.userEvents.sendToMQTT.postTo;
  return (event) => {
    const payload = JSON.stringify(userEventMqttPayload(event, tags));
    const out: MqttRecord[] = [];
    if (postTo.everythingTopic.enable) out.push({ topic: postTo.everythingTopic.topic, payload });
    for (const [key, command] of COMMAND_TOPICS) {
      if (postTo[key].enable && event.command === command) out.push({ topic: postTo[key].topic, payload });
    }
    return out;
  };
}

/** `<base>/<subsystem split on '.', lower-cased, joined by '/'>`; a base ending in '/' is not doubled. */
export function subsystemTopic(baseTopic: string, subsystem: string): string {
  const base = baseTopic.endsWith('/') ? baseTopic : `${baseTopic}/`;
  return base + subsystem.split('.').map((part) => part.toLowerCase()).join('/');
}

/**
 * Builds the log-event builder once per config. The payload is the parsed event with a `tags` object added.
 * Unlike Butler SOS the shared event object is not mutated (a copy gets the tags), so what InfluxDB and New
 * Relic receive no longer depends on whether MQTT forwarding is on (docs/compatibility.md D10.10).
 */
export function createLogEventMqttBuilder(config: LogEventMqttConfig): (event: LogEvent) => MqttRecord[] {
  const tags = tagObject(config.logEvents.tags);
  const { baseTopic, postTo } = config.logEvents.sendToMQTT;
  return (event) => {
    const payload = JSON.stringify({ ...event, tags });
    const out: MqttRecord[] = [];
    if (postTo.baseTopic) out.push({ topic: baseTopic, payload });
    if (postTo.subsystemTopics) out.push({ topic: subsystemTopic(baseTopic, event.subsystem), payload });
    return out;
  };
}
