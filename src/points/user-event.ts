import type { Config } from '../config/schema/index.js';
import type { UserEvent } from '../events/types.js';
import { encodeLine } from './line-protocol.js';
import { boolLiteralFor, pushField, pushTag, setTag, type InfluxVersion, type Point, type Tag, type TagDef } from './point.js';
import { userEventsSchema } from './schema/user-events.js';
import { configTags, orderMembers, sanitizeV3TagValue } from './tags.js';

// `user_events` points (docs/data-model.md#user_events), one per user event, built per datagram.

/** The parts of the configuration the user-event builder reads (a full `Config` fits). */
export interface UserEventPointConfig {
  userEvents: { tags: Config['userEvents']['tags'] };
}

export interface UserEventContext {
  readonly version: InfluxVersion;
  /** `userEvents.tags` (v3: values already sanitised). */
  readonly staticTags: readonly Tag[];
}

export function userEventContext(config: UserEventPointConfig, version: InfluxVersion): UserEventContext {
  const tags = configTags(config.userEvents.tags);
  return { version, staticTags: version === 3 ? tags.map(([k, v]) => [k, sanitizeV3TagValue(v)] as const) : tags };
}

/** Adds a tag when the value is non-empty; v3 strips `< > \ CR LF` (all user-event tags but userFull). */
function eventTag(tags: Tag[], def: TagDef | undefined, value: string | undefined, v3: boolean): void {
  if (value === undefined || value === '') return;
  pushTag(tags, def, v3 ? sanitizeV3TagValue(value) : value);
}

export function userEventPoint(event: UserEvent, ctx: UserEventContext, timeUs?: number): Point {
  const version = ctx.version;
  const v3 = version === 3;
  const m = userEventsSchema.v[version];
  const p: Point = { measurement: userEventsSchema.measurement, tags: [], fields: [], timeUs, boolLiteral: boolLiteralFor(version) };
  const t = p.tags;
  eventTag(t, m.host, event.host, v3);
  eventTag(t, m.eventAction, event.command, v3);
  eventTag(t, m.userFull, event.user_full, false);
  eventTag(t, m.userDirectory, event.user_directory, v3);
  eventTag(t, m.userId, event.user_id, v3);
  eventTag(t, m.origin, event.origin, v3);
  eventTag(t, m.appId, event.appId, v3);
  eventTag(t, m.appName, event.appName, v3);
  const ua = event.ua;
  if (ua !== undefined) {
    eventTag(t, m.uaBrowserName, ua.browser.name, v3);
    eventTag(t, m.uaBrowserMajorVersion, ua.browser.major, v3);
    eventTag(t, m.uaOsName, ua.os.name, v3);
    eventTag(t, m.uaOsVersion, ua.os.version, v3);
  }
  const statics = ctx.staticTags;
  for (let i = 0; i < statics.length; i++) setTag(t, statics[i][0], statics[i][1]);

  pushField(p.fields, m.userFullField, event.user_full);
  pushField(p.fields, m.userIdField, event.user_id);
  if (event.appId) pushField(p.fields, m.appIdField, event.appId);
  if (event.appName) pushField(p.fields, m.appNameField, event.appName);
  return orderMembers(p, version);
}

export function createUserEventEncoder(
  config: UserEventPointConfig,
  version: InfluxVersion,
): (event: UserEvent, timeUs: number) => string {
  const ctx = userEventContext(config, version);
  return (event, timeUs) => encodeLine(userEventPoint(event, ctx, timeUs));
}
