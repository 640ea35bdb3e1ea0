import type { Config } from '../config/schema/index.js';
import type { UserEvent } from '../events/types.js';
import { encodeLine, escapeMeasurement, escapeTagPart, fieldLiteral, nanosecondsFromMicros } from './line-protocol.js';
import { byName, readyTag, staticPlans, staticsStandApart, tagPart, type TagPlan } from './line-plan.js';
import { asFieldType, boolLiteralFor, pushField, pushTag, setTag, type FieldDef, type InfluxVersion, type Point, type Tag, type TagDef } from './point.js';
import { userEventsSchema } from './schema/user-events.js';
import { configTags, orderMembers, sanitizeV3TagValue } from './tags.js';

// `user_events` points (docs/data-model.md#user_events), one per user event, built per datagram. The members are
// stated once, as data (`userEventLayout`); `userEventPoint` renders them as a `Point` (the reference) and
// `createUserEventEncoder` writes the same line directly (test/unit/points/user-event-line.test.ts).

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

type Get = (e: UserEvent) => string | undefined;

interface UserTagSlot {
  readonly def: TagDef;
  readonly get: Get;
  /** v3 strips `< > \ CR LF` (all user-event tags but userFull). */
  readonly sanitise: boolean;
}

interface UserFieldSlot {
  readonly def: FieldDef;
  readonly get: Get;
  /** Written only when the value is truthy (appId, appName). */
  readonly onlyIfSet: boolean;
}

interface UserEventLayout {
  readonly tags: readonly UserTagSlot[];
  readonly fields: readonly UserFieldSlot[];
  readonly tagNames: ReadonlySet<string>;
}

const layouts = new Map<InfluxVersion, UserEventLayout>();

function userEventLayout(version: InfluxVersion): UserEventLayout {
  let layout = layouts.get(version);
  if (layout === undefined) {
    layout = buildUserEventLayout(version);
    layouts.set(version, layout);
  }
  return layout;
}

/** Every tag is written only when its value is non-empty, in this order (v1 keeps it, v2/v3 sort). */
function buildUserEventLayout(version: InfluxVersion): UserEventLayout {
  const m = userEventsSchema.v[version];
  const v3 = version === 3;
  const tags: UserTagSlot[] = [];
  const tag = (def: TagDef | undefined, get: Get, sanitise = v3): void => {
    if (def !== undefined) tags.push({ def, get, sanitise });
  };
  tag(m.host, (e) => e.host);
  tag(m.eventAction, (e) => e.command);
  tag(m.userFull, (e) => e.user_full, false);
  tag(m.userDirectory, (e) => e.user_directory);
  tag(m.userId, (e) => e.user_id);
  tag(m.origin, (e) => e.origin);
  tag(m.appId, (e) => e.appId);
  tag(m.appName, (e) => e.appName);
  tag(m.uaBrowserName, (e) => e.ua?.browser.name);
  tag(m.uaBrowserMajorVersion, (e) => e.ua?.browser.major);
  tag(m.uaOsName, (e) => e.ua?.os.name);
  tag(m.uaOsVersion, (e) => e.ua?.os.version);
  const fields: UserFieldSlot[] = [];
  const field = (def: FieldDef | undefined, get: Get, onlyIfSet: boolean): void => {
    if (def !== undefined) fields.push({ def, get, onlyIfSet });
  };
  field(m.userFullField, (e) => e.user_full, false);
  field(m.userIdField, (e) => e.user_id, false);
  field(m.appIdField, (e) => e.appId, true);
  field(m.appNameField, (e) => e.appName, true);
  return { tags, fields, tagNames: new Set(tags.map((t) => t.def.name)) };
}

export function userEventPoint(event: UserEvent, ctx: UserEventContext, timeUs?: number): Point {
  const version = ctx.version;
  const layout = userEventLayout(version);
  const p: Point = { measurement: userEventsSchema.measurement, tags: [], fields: [], timeUs, boolLiteral: boolLiteralFor(version) };
  for (const slot of layout.tags) {
    const value = slot.get(event);
    if (value === undefined || value === '') continue;
    pushTag(p.tags, slot.def, slot.sanitise ? sanitizeV3TagValue(value) : value);
  }
  const statics = ctx.staticTags;
  for (let i = 0; i < statics.length; i++) setTag(p.tags, statics[i][0], statics[i][1]);
  for (const slot of layout.fields) {
    const value = slot.get(event);
    if (slot.onlyIfSet && !value) continue;
    pushField(p.fields, slot.def, value as string);
  }
  return orderMembers(p, version);
}

/** One line of line protocol per user event (no trailing newline), for the InfluxDB version given. */
export function createUserEventEncoder(config: UserEventPointConfig, version: InfluxVersion): (event: UserEvent, timeUs: number) => string {
  const ctx = userEventContext(config, version);
  const layout = userEventLayout(version);
  if (!staticsStandApart(ctx.staticTags, layout.tagNames)) return (event, timeUs) => encodeLine(userEventPoint(event, ctx, timeUs));
  const eventTags: TagPlan<UserEvent>[] = layout.tags.map((slot) => {
    const get = slot.get;
    const value = slot.sanitise ? (e: UserEvent) => sanitizeV3TagValue(get(e) ?? '') : (e: UserEvent) => get(e) ?? '';
    return { name: slot.def.name, key: escapeTagPart(slot.def.name), value };
  });
  const statics = staticPlans<UserEvent>(ctx.staticTags);
  // v1 writes the event's tags in push order, then the static ones; v2/v3 sort all by name.
  const tags = (version === 1 ? [...eventTags, ...statics] : [...eventTags, ...statics].sort(byName)).filter((t) => t.key !== '').map(readyTag);
  const fields = [...layout.fields]
    .sort((a, b) => byName(a.def, b.def))
    .map((slot) => {
      const key = escapeTagPart(slot.def.name);
      return { ...slot, key, first: key + '=', next: ',' + key + '=' };
    })
    .filter((f) => f.key !== '');
  const measurement = escapeMeasurement(userEventsSchema.measurement);
  const boolWords = version === 1;
  return (event, timeUs) => {
    let fieldPart = '';
    for (let i = 0; i < fields.length; i++) {
      const f = fields[i];
      const value = f.get(event);
      if (f.onlyIfSet && !value) continue;
      const literal = fieldLiteral(f.def.type, asFieldType(f.def.type, value as string), boolWords);
      if (literal !== '') fieldPart += (fieldPart === '' ? f.first : f.next) + literal;
    }
    if (fieldPart === '') return '';
    let line = measurement;
    for (let i = 0; i < tags.length; i++) line += tagPart(tags[i], event);
    line += ' ' + fieldPart;
    const ns = nanosecondsFromMicros(timeUs);
    return ns === '' ? line : line + ' ' + ns;
  };
}
