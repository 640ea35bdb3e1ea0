import type { Config } from '../config/schema/index.js';
import type { Category, LogEvent } from '../events/types.js';
import { layoutOf, logEventLayouts, type AnyLogEvent } from './log-event-layout.js';
import { boolLiteralFor, pushField, pushJsonField, setTag, type InfluxVersion, type Point, type Tag } from './point.js';
import { rawEventJson } from './raw-event.js';
import { logEventSchema } from './schema/log-event.js';
import { configTags, orderMembers, sanitizeV3TagValue } from './tags.js';

// `log_event` points (docs/data-model.md#log_event) as the neutral `Point`: the reference rendering of the
// member tables in src/points/log-event-layout.ts. The hot path writes the same line without the `Point`
// (src/points/log-event-line.ts); the unit tests hold the two to the same bytes.

/** The parts of the configuration the log-event builder reads (a full `Config` fits). */
export interface LogEventPointConfig {
  logEvents: { tags: Config['logEvents']['tags']; sendToMQTT: { enable: boolean } };
  mqttConfig: { enable: boolean };
}

/** What the builder needs besides the event, resolved once per configuration and version. */
export interface LogEventContext {
  readonly version: InfluxVersion;
  /** `logEvents.tags` (v3: values already sanitised). */
  readonly staticTags: readonly Tag[];
  /**
   * JSON of the `tags` object Butler's MQTT log forwarding added to the event before InfluxDB serialised it, or
   * null when MQTT log forwarding is off (then `raw_event` has no `tags` key).
   */
  readonly rawEventTagsJson: string | null;
}

export function logEventContext(config: LogEventPointConfig, version: InfluxVersion): LogEventContext {
  const list = config.logEvents.tags;
  const tags = configTags(list);
  const staticTags: Tag[] = version === 3 ? tags.map(([k, v]) => [k, sanitizeV3TagValue(v)] as const) : tags;
  let rawEventTagsJson: string | null = null;
  if (config.mqttConfig.enable === true && config.logEvents.sendToMQTT.enable === true) {
    const obj: Record<string, string> = {};
    for (const item of list ?? []) obj[item.name] = String(item.value);
    rawEventTagsJson = JSON.stringify(obj);
  }
  return { version, staticTags, rawEventTagsJson };
}

function categoryTags(tags: Tag[], categories: Category[] | undefined, v3: boolean): void {
  if (categories === undefined) return;
  for (let i = 0; i < categories.length; i++) {
    const c = categories[i];
    setTag(tags, c.name, v3 ? sanitizeV3TagValue(c.value) : c.value);
  }
}

/** The `log_event` point of one event. Tag precedence: base → conditional → categories → `logEvents.tags`. */
export function logEventPoint(event: LogEvent, ctx: LogEventContext, timeUs?: number): Point {
  const version = ctx.version;
  const layout = layoutOf(logEventLayouts(version), event.source);
  const p: Point = { measurement: logEventSchema.measurement, tags: [], fields: [], timeUs, boolLiteral: boolLiteralFor(version) };
  const e = event as AnyLogEvent;
  for (const slot of layout.tags) {
    if (slot.presentIf !== undefined) {
      const present = e[slot.presentIf];
      if (present === undefined || present === '') continue;
    }
    p.tags.push([slot.def.name, slot.value(e)]);
  }
  for (const slot of layout.fields) {
    if (slot.json) pushJsonField(p.fields, slot.def, rawEventJson(event, ctx.rawEventTagsJson));
    else pushField(p.fields, slot.def, slot.value(e));
  }
  categoryTags(p.tags, event.category, version === 3);
  const statics = ctx.staticTags;
  for (let i = 0; i < statics.length; i++) setTag(p.tags, statics[i][0], statics[i][1]);
  return orderMembers(p, version);
}
