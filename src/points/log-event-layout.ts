import type { LogEvent, QixPerfLogEvent } from '../events/types.js';
import type { FieldDef, InfluxVersion, TagDef } from './point.js';
import { logEventSchema } from './schema/log-event.js';
import { sanitizeV3TagValue } from './tags.js';

// The `log_event` members of each log source, per InfluxDB version, as data: which tags and fields, in Butler
// SOS's push order, with the value each takes from the event. Both renderers read these tables: the `Point`
// builder (src/points/log-event.ts) and the direct line writer (src/points/log-event-line.ts), so the rules
// are stated once (docs/data-model.md#log_event).

export type AnyLogEvent = LogEvent & Record<string, unknown>;

/**
 * One base tag. `value` gives the written value ('' = no tag). `presentIf`: the event property that must be
 * non-empty for the builder to push the tag at all; absent, the tag is always pushed, even empty (the encoder
 * then drops it). That decides where a category or static tag of the same name lands in v1.
 */
export interface TagSlot {
  readonly def: TagDef;
  readonly value: (e: AnyLogEvent) => string;
  readonly presentIf?: string;
}

/** One field; `json` marks raw_event, whose value the renderer supplies. */
export interface FieldSlot {
  readonly def: FieldDef;
  readonly value: (e: AnyLogEvent) => string | number;
  readonly json: boolean;
}

export interface SourceLayout {
  readonly tags: readonly TagSlot[];
  readonly fields: readonly FieldSlot[];
}

/** Layouts per source: appender sources (engine, proxy/repository, scheduler) and qix-perf. */
export interface LogEventLayouts {
  readonly engine: SourceLayout;
  readonly proxyRepository: SourceLayout;
  readonly scheduler: SourceLayout;
  readonly qixPerf: SourceLayout;
  /** Every tag name any source writes in this version (a category or static tag of such a name replaces it). */
  readonly baseTagNames: ReadonlySet<string>;
}

type Members = (typeof logEventSchema.v)[InfluxVersion];

const prop =
  (name: string) =>
  (e: AnyLogEvent): string =>
    e[name] as string;
const sanitised =
  (name: string) =>
  (e: AnyLogEvent): string =>
    sanitizeV3TagValue(e[name] as string);

class LayoutBuilder {
  readonly tags: TagSlot[] = [];
  readonly fields: FieldSlot[] = [];

  tag(def: TagDef | undefined, value: (e: AnyLogEvent) => string, presentIf?: string): this {
    if (def !== undefined) this.tags.push(presentIf === undefined ? { def, value } : { def, value, presentIf });
    return this;
  }

  /** A tag written only when the event's value is non-empty; v3 strips `< > \ CR LF` when `sanitise`. */
  optional(def: TagDef | undefined, name: string, sanitise: boolean): this {
    return this.tag(def, sanitise ? sanitised(name) : prop(name), name);
  }

  field(def: FieldDef | undefined, value: (e: AnyLogEvent) => string | number): this {
    if (def !== undefined) this.fields.push({ def, value, json: false });
    return this;
  }

  raw(def: FieldDef | undefined): this {
    if (def !== undefined) this.fields.push({ def, value: () => '', json: true });
    return this;
  }

  done(): SourceLayout {
    return { tags: this.tags, fields: this.fields };
  }
}

/** Base tags of engine, proxy, repository and scheduler events: written as they are (v3: empty subsystem `n/a`). */
function appenderBase(m: Members, v3: boolean): LayoutBuilder {
  return new LayoutBuilder()
    .tag(m.host, prop('host'))
    .tag(m.level, prop('level'))
    .tag(m.source, prop('source'))
    .tag(m.logRow, (e) => String(e.log_row))
    .tag(m.subsystem, v3 ? (e) => (e.subsystem === '' ? 'n/a' : e.subsystem) : prop('subsystem'))
    .optional(m.userFull, 'user_full', false)
    .optional(m.userDirectory, 'user_directory', v3)
    .optional(m.userId, 'user_id', v3);
}

function engineLayout(m: Members, version: InfluxVersion): SourceLayout {
  const v3 = version === 3;
  const b = appenderBase(m, v3)
    .optional(m.windowsUser, 'windows_user', v3)
    .optional(m.appId, 'app_id', v3)
    .optional(m.engineExeVersion, 'engine_exe_version', v3)
    .field(m.message, prop('message'));
  // The engine event has no exception/command/result/origin/context: node-influx (v1) skipped the undefined
  // values, the v2/v3 writers wrote "" for them.
  if (version !== 1) {
    const empty = (): string => '';
    b.field(m.exceptionMessage, empty).field(m.command, empty).field(m.resultCodeField, empty).field(m.origin, empty).field(m.context, empty);
  }
  return b.field(m.sessionIdField, prop('session_id')).raw(m.rawEvent).done();
}

function proxyRepositoryLayout(m: Members, v3: boolean): SourceLayout {
  return appenderBase(m, v3)
    .optional(m.resultCode, 'result_code', v3)
    .field(m.message, prop('message'))
    .field(m.exceptionMessage, prop('exception_message'))
    .field(m.command, prop('command'))
    .field(m.resultCodeField, prop('result_code'))
    .field(m.origin, prop('origin'))
    .field(m.context, prop('context'))
    .raw(m.rawEvent)
    .done();
}

function schedulerLayout(m: Members, v3: boolean): SourceLayout {
  return appenderBase(m, v3)
    .optional(m.taskId, 'task_id', v3)
    .optional(m.taskName, 'task_name', v3)
    .field(m.message, prop('message'))
    .field(m.exceptionMessage, prop('exception_message'))
    .field(m.appNameField, prop('app_name'))
    .field(m.appIdField, prop('app_id'))
    .field(m.executionId, prop('execution_id'))
    .raw(m.rawEvent)
    .done();
}

/** A tag that is always written: an empty value becomes the version's placeholder; v3 sanitises when asked. */
function defaulted(name: string, placeholder: string, sanitise: boolean): (e: AnyLogEvent) => string {
  return (e) => {
    const raw = e[name] as string;
    const v = raw === '' ? placeholder : raw;
    return sanitise ? sanitizeV3TagValue(v) : v;
  };
}

/** qix-perf tags: v1 fills empty values with `<Unknown>`/`-1`, v3 with `Unknown`/`-1`, v2 leaves them out. */
function qixPerfLayout(m: Members, version: InfluxVersion): SourceLayout {
  const unknown = version === 1 ? '<Unknown>' : version === 3 ? 'Unknown' : '';
  const noId = version === 2 ? '' : '-1';
  const v3 = version === 3;
  const num = (name: keyof QixPerfLogEvent) => (e: AnyLogEvent) => e[name] as number;
  return new LayoutBuilder()
    .tag(m.host, defaulted('host', unknown, v3))
    .tag(m.level, defaulted('level', unknown, v3))
    .tag(m.source, defaulted('source', unknown, v3))
    .tag(m.logRow, (e) => String(e.log_row))
    .tag(m.subsystem, defaulted('subsystem', unknown, v3))
    .tag(m.method, defaulted('method', unknown, v3))
    .tag(m.objectType, defaulted('object_type', unknown, v3))
    .tag(m.proxySessionId, defaulted('proxy_session_id', noId, false))
    .tag(m.sessionId, defaulted('session_id', noId, false))
    .tag(m.eventActivitySource, defaulted('event_activity_source', unknown, v3))
    .optional(m.userFull, 'user_full', false)
    .optional(m.userDirectory, 'user_directory', v3)
    .optional(m.userId, 'user_id', v3)
    .optional(m.appId, 'app_id', v3)
    .optional(m.appName, 'app_name', v3)
    .optional(m.objectId, 'object_id', v3)
    .field(m.appIdField, prop('app_id'))
    // NaN times (Qlik sent no number) are left out by the encoder, as Butler's v3 writer does.
    .field(m.processTime, num('process_time'))
    .field(m.workTime, num('work_time'))
    .field(m.lockTime, num('lock_time'))
    .field(m.validateTime, num('validate_time'))
    .field(m.traverseTime, num('traverse_time'))
    .field(m.handle, num('handle'))
    .field(m.netRam, num('net_ram'))
    .field(m.peakRam, num('peak_ram'))
    .raw(m.rawEvent)
    .done();
}

const cache = new Map<InfluxVersion, LogEventLayouts>();

/** The layouts of one InfluxDB version (built once). */
export function logEventLayouts(version: InfluxVersion): LogEventLayouts {
  let layouts = cache.get(version);
  if (layouts === undefined) {
    const m = logEventSchema.v[version];
    const v3 = version === 3;
    const baseTagNames = new Set<string>();
    for (const spec of Object.values(logEventSchema.members)) {
      const def = spec.defs[version - 1];
      if (def !== undefined && def.kind === 'tag') baseTagNames.add(def.name);
    }
    layouts = {
      engine: engineLayout(m, version),
      proxyRepository: proxyRepositoryLayout(m, v3),
      scheduler: schedulerLayout(m, v3),
      qixPerf: qixPerfLayout(m, version),
      baseTagNames,
    };
    cache.set(version, layouts);
  }
  return layouts;
}

/** The layout of an event's source. */
export function layoutOf(layouts: LogEventLayouts, source: LogEvent['source']): SourceLayout {
  switch (source) {
    case 'qseow-engine':
      return layouts.engine;
    case 'qseow-proxy':
    case 'qseow-repository':
      return layouts.proxyRepository;
    case 'qseow-scheduler':
      return layouts.scheduler;
    default:
      return layouts.qixPerf;
  }
}
