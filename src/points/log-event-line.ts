import type { Category, LogEvent } from '../events/types.js';
import { logEventLayouts, type AnyLogEvent, type SourceLayout } from './log-event-layout.js';
import { logEventContext, logEventPoint, type LogEventPointConfig } from './log-event.js';
import { rawEventLiteral, rawEventTags } from './raw-event.js';
import { encodeLine, escapeBackslashes, escapeMeasurement, escapeTagPart, fieldLiteral, nanosecondsFromMicros } from './line-protocol.js';
import { byName, readyTag, staticPlans, staticsStandApart, tagPart, type ReadyTagPlan, type TagPlan } from './line-plan.js';
import { asFieldType, type FieldType, type InfluxVersion } from './point.js';
import { logEventSchema } from './schema/log-event.js';
import { sanitizeV3TagValue } from './tags.js';

// The `log_event` line of one event, written straight from the member tables (src/points/log-event-layout.ts)
// without building a `Point`: no tag and field arrays, no sorting, no escaping of constant keys per event.
// Everything that depends only on the configuration and the version (member order, escaped keys, the static
// tags) is worked out once per source here. The output is byte for byte what `encodeLine(logEventPoint(…))`
// writes (test/unit/points/log-event-line.test.ts); the rare event whose category names coincide with a base or
// static tag (where v15 replaced the earlier tag in place) is rendered by that reference path.

interface FieldPlan {
  readonly key: string;
  /** `key=` for the first field written, `,key=` after it. */
  readonly first: string;
  readonly next: string;
  readonly type: FieldType;
  readonly value: (e: AnyLogEvent) => string | number;
  readonly json: boolean;
}

interface SourcePlan {
  /** v1: base tags in push order (statics are `staticPart`); v2/v3: base and static tags sorted by name. */
  readonly tags: readonly ReadyTagPlan<AnyLogEvent>[];
  readonly fields: readonly FieldPlan[];
}

function planFields(layout: SourceLayout): FieldPlan[] {
  return [...layout.fields]
    .sort((a, b) => byName(a.def, b.def))
    .map((slot) => {
      const key = escapeTagPart(slot.def.name);
      return { key, first: key + '=', next: ',' + key + '=', type: slot.def.type, value: slot.value, json: slot.json };
    })
    .filter((f) => f.key !== '');
}

function planSource(layout: SourceLayout, statics: readonly TagPlan<AnyLogEvent>[], sorted: boolean): SourcePlan {
  const base: TagPlan<AnyLogEvent>[] = layout.tags
    .map((slot) => ({ name: slot.def.name, key: escapeTagPart(slot.def.name), value: slot.value }))
    .filter((t) => t.key !== '');
  return { tags: (sorted ? [...base, ...statics].sort(byName) : base).map(readyTag), fields: planFields(layout) };
}

/** Whether the categories can be written without the reference path: no name repeats or shadows another tag. */
function categoriesFit(categories: readonly Category[], reserved: ReadonlySet<string>): boolean {
  for (let i = 0; i < categories.length; i++) {
    const name = categories[i].name;
    if (reserved.has(name)) return false;
    for (let j = 0; j < i; j++) if (categories[j].name === name) return false;
  }
  return true;
}

/** `,key=value` of one category, or '' when it writes nothing. */
function categoryTag(c: Category, v3: boolean): string {
  if (c.name === '' || c.value === '') return '';
  const key = escapeTagPart(c.name);
  const value = escapeTagPart(v3 ? sanitizeV3TagValue(c.value) : c.value);
  return key === '' || value === '' ? '' : ',' + key + '=' + value;
}

/** v2/v3: base and static tags (sorted) merged with the event's categories (sorted here) by name. */
function sortedTags(plans: readonly ReadyTagPlan<AnyLogEvent>[], categories: readonly Category[] | undefined, e: AnyLogEvent, v3: boolean): string {
  let out = '';
  if (categories === undefined || categories.length === 0) {
    for (let i = 0; i < plans.length; i++) out += tagPart(plans[i], e);
    return out;
  }
  const cats = categories.length === 1 ? categories : [...categories].sort(byName);
  let c = 0;
  for (let i = 0; i < plans.length; i++) {
    const name = plans[i].name;
    while (c < cats.length && cats[c].name < name) out += categoryTag(cats[c++], v3);
    out += tagPart(plans[i], e);
  }
  while (c < cats.length) out += categoryTag(cats[c++], v3);
  return out;
}

/**
 * One line of line protocol per event (no trailing newline), for the InfluxDB version given. `plain`: the event's
 * strings are known to need no escaping other than of backslashes (LogEventOutcome.plain); it only saves work.
 */
export function createLogEventEncoder(config: LogEventPointConfig, version: InfluxVersion): (event: LogEvent, timeUs: number, plain?: boolean) => string {
  const ctx = logEventContext(config, version);
  const reference = (event: LogEvent, timeUs: number): string => encodeLine(logEventPoint(event, ctx, timeUs));
  const layouts = logEventLayouts(version);
  // Rare enough to leave to the reference path for every event.
  if (!staticsStandApart(ctx.staticTags, layouts.baseTagNames)) return reference;
  const statics = staticPlans<AnyLogEvent>(ctx.staticTags);
  const staticNames = ctx.staticTags.map(([name]) => name);

  const sorted = version !== 1;
  const v3 = version === 3;
  const boolWords = version === 1;
  const reserved = new Set([...layouts.baseTagNames, ...staticNames]);
  const staticPart = statics.map((t) => ',' + t.key + '=' + t.fixed).join('');
  const engine = planSource(layouts.engine, statics, sorted);
  const proxyRepository = planSource(layouts.proxyRepository, statics, sorted);
  const scheduler = planSource(layouts.scheduler, statics, sorted);
  const qixPerf = planSource(layouts.qixPerf, statics, sorted);
  const planOf = (source: LogEvent['source']): SourcePlan =>
    source === 'qseow-qix-perf' ? qixPerf : source === 'qseow-engine' ? engine : source === 'qseow-scheduler' ? scheduler : proxyRepository;
  const measurement = escapeMeasurement(logEventSchema.measurement);
  const rawTags = rawEventTags(ctx.rawEventTagsJson);

  return (event, timeUs, plain = false) => {
    const categories = event.category;
    if (categories !== undefined && categories.length > 0 && !categoriesFit(categories, reserved)) return reference(event, timeUs);
    const plan = planOf(event.source);
    const e = event as AnyLogEvent;

    let fields = '';
    const fieldPlans = plan.fields;
    for (let i = 0; i < fieldPlans.length; i++) {
      const f = fieldPlans[i];
      let literal: string;
      if (f.json) literal = rawEventLiteral(event, rawTags, plain);
      else if (plain && f.type === 'string') literal = '"' + escapeBackslashes(asFieldType('string', f.value(e)) as string) + '"';
      else literal = fieldLiteral(f.type, asFieldType(f.type, f.value(e)), boolWords);
      if (literal === '') continue;
      fields += (fields === '' ? f.first : f.next) + literal;
    }
    if (fields === '') return '';

    let line = measurement;
    if (sorted) line += sortedTags(plan.tags, categories, e, v3);
    else {
      const tags = plan.tags;
      for (let i = 0; i < tags.length; i++) line += tagPart(tags[i], e);
      if (categories !== undefined) for (let i = 0; i < categories.length; i++) line += categoryTag(categories[i], v3);
      line += staticPart;
    }
    line += ' ' + fields;
    const ns = nanosecondsFromMicros(timeUs);
    return ns === '' ? line : line + ' ' + ns;
  };
}
