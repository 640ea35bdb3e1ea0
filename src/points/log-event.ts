import type { Config } from '../config/schema/index.js';
import type { Category, LogEvent, QixPerfLogEvent } from '../events/types.js';
import { encodeLine } from './line-protocol.js';
import { boolLiteralFor, pushField, pushJsonField, pushTag, setTag, type InfluxVersion, type Point, type Tag, type TagDef } from './point.js';
import { logEventSchema } from './schema/log-event.js';
import { configTags, orderMembers, sanitizeV3TagValue } from './tags.js';

// `log_event` points (docs/data-model.md#log_event), one per accepted log event, built per datagram at 50k+/s:
// everything derived from config is computed once in the encoder factory.

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

type Members = (typeof logEventSchema.v)[InfluxVersion];

/** A conditional tag: written only when the value is non-empty; v3 strips `< > \ CR LF` unless told not to. */
function optionalTag(tags: Tag[], def: TagDef | undefined, value: string | undefined, sanitise: boolean): void {
  if (value === undefined || value === '') return;
  pushTag(tags, def, sanitise ? sanitizeV3TagValue(value) : value);
}

function rawEvent(event: LogEvent, ctx: LogEventContext): string {
  const json = JSON.stringify(event);
  if (ctx.rawEventTagsJson === null) return json;
  return json.slice(0, -1) + ',"tags":' + ctx.rawEventTagsJson + '}';
}

/** Engine, proxy, repository and scheduler: base tags written as they are, conditional tags per source. */
function appenderTags(tags: Tag[], e: Exclude<LogEvent, QixPerfLogEvent>, m: Members, v3: boolean): void {
  pushTag(tags, m.host, e.host);
  pushTag(tags, m.level, e.level);
  pushTag(tags, m.source, e.source);
  pushTag(tags, m.logRow, String(e.log_row));
  pushTag(tags, m.subsystem, v3 && e.subsystem === '' ? 'n/a' : e.subsystem);
  optionalTag(tags, m.userFull, e.user_full, false);
  optionalTag(tags, m.userDirectory, e.user_directory, v3);
  optionalTag(tags, m.userId, e.user_id, v3);
  switch (e.source) {
    case 'qseow-engine':
      optionalTag(tags, m.windowsUser, e.windows_user, v3);
      optionalTag(tags, m.appId, e.app_id, v3);
      optionalTag(tags, m.engineExeVersion, e.engine_exe_version, v3);
      return;
    case 'qseow-proxy':
    case 'qseow-repository':
      optionalTag(tags, m.resultCode, e.result_code, v3);
      return;
    case 'qseow-scheduler':
      optionalTag(tags, m.taskId, e.task_id, v3);
      optionalTag(tags, m.taskName, e.task_name, v3);
      return;
  }
}

function appenderFields(p: Point, e: Exclude<LogEvent, QixPerfLogEvent>, m: Members, version: InfluxVersion, raw: string): void {
  const f = p.fields;
  pushField(f, m.message, e.message);
  switch (e.source) {
    case 'qseow-engine':
      // The engine event has no exception/command/result/origin/context: node-influx (v1) skipped the undefined
      // values, the v2/v3 writers wrote "" for them.
      if (version !== 1) {
        pushField(f, m.exceptionMessage, '');
        pushField(f, m.command, '');
        pushField(f, m.resultCodeField, '');
        pushField(f, m.origin, '');
        pushField(f, m.context, '');
      }
      pushField(f, m.sessionIdField, e.session_id);
      break;
    case 'qseow-proxy':
    case 'qseow-repository':
      pushField(f, m.exceptionMessage, e.exception_message);
      pushField(f, m.command, e.command);
      pushField(f, m.resultCodeField, e.result_code);
      pushField(f, m.origin, e.origin);
      pushField(f, m.context, e.context);
      break;
    case 'qseow-scheduler':
      pushField(f, m.exceptionMessage, e.exception_message);
      pushField(f, m.appNameField, e.app_name);
      pushField(f, m.appIdField, e.app_id);
      pushField(f, m.executionId, e.execution_id);
      break;
  }
  pushJsonField(f, m.rawEvent, raw);
}

/** A tag that is always written: an empty value becomes the version's placeholder ('' = left out). */
function defaultedTag(tags: Tag[], def: TagDef | undefined, value: string, placeholder: string, sanitise: boolean): void {
  const v = value === '' ? placeholder : value;
  pushTag(tags, def, sanitise ? sanitizeV3TagValue(v) : v);
}

/** qix-perf tags: v1 fills empty values with `<Unknown>`/`-1`, v3 with `Unknown`/`-1`, v2 leaves them out. */
function perfTags(tags: Tag[], e: QixPerfLogEvent, m: Members, version: InfluxVersion): void {
  const unknown = version === 1 ? '<Unknown>' : version === 3 ? 'Unknown' : '';
  const noId = version === 2 ? '' : '-1';
  const v3 = version === 3;
  defaultedTag(tags, m.host, e.host, unknown, v3);
  defaultedTag(tags, m.level, e.level, unknown, v3);
  defaultedTag(tags, m.source, e.source, unknown, v3);
  pushTag(tags, m.logRow, String(e.log_row));
  defaultedTag(tags, m.subsystem, e.subsystem, unknown, v3);
  defaultedTag(tags, m.method, e.method, unknown, v3);
  defaultedTag(tags, m.objectType, e.object_type, unknown, v3);
  defaultedTag(tags, m.proxySessionId, e.proxy_session_id, noId, false);
  defaultedTag(tags, m.sessionId, e.session_id, noId, false);
  defaultedTag(tags, m.eventActivitySource, e.event_activity_source, unknown, v3);
  optionalTag(tags, m.userFull, e.user_full, false);
  optionalTag(tags, m.userDirectory, e.user_directory, v3);
  optionalTag(tags, m.userId, e.user_id, v3);
  optionalTag(tags, m.appId, e.app_id, v3);
  optionalTag(tags, m.appName, e.app_name, v3);
  optionalTag(tags, m.objectId, e.object_id, v3);
}

function perfFields(p: Point, e: QixPerfLogEvent, m: Members, raw: string): void {
  const f = p.fields;
  pushField(f, m.appIdField, e.app_id);
  // NaN times (Qlik sent no number) are left out by the encoder, as Butler's v3 writer does.
  pushField(f, m.processTime, e.process_time);
  pushField(f, m.workTime, e.work_time);
  pushField(f, m.lockTime, e.lock_time);
  pushField(f, m.validateTime, e.validate_time);
  pushField(f, m.traverseTime, e.traverse_time);
  pushField(f, m.handle, e.handle);
  pushField(f, m.netRam, e.net_ram);
  pushField(f, m.peakRam, e.peak_ram);
  pushJsonField(f, m.rawEvent, raw);
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
  const m = logEventSchema.v[version];
  const p: Point = { measurement: logEventSchema.measurement, tags: [], fields: [], timeUs, boolLiteral: boolLiteralFor(version) };
  const raw = rawEvent(event, ctx);
  if (event.source === 'qseow-qix-perf') {
    perfTags(p.tags, event, m, version);
    perfFields(p, event, m, raw);
  } else {
    appenderTags(p.tags, event, m, version === 3);
    appenderFields(p, event, m, version, raw);
  }
  categoryTags(p.tags, event.category, version === 3);
  const statics = ctx.staticTags;
  for (let i = 0; i < statics.length; i++) setTag(p.tags, statics[i][0], statics[i][1]);
  return orderMembers(p, version);
}

/** One line of line protocol per event (no trailing newline), for the InfluxDB version given. */
export function createLogEventEncoder(
  config: LogEventPointConfig,
  version: InfluxVersion,
): (event: LogEvent, timeUs: number) => string {
  const ctx = logEventContext(config, version);
  return (event, timeUs) => encodeLine(logEventPoint(event, ctx, timeUs));
}
