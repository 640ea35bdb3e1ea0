import type { Category, LogEvent, LogSource } from '../events/types.js';

// The `raw_event` field of a log event as a finished line-protocol literal: the JSON of the parsed event (Butler
// SOS v15's key order, src/events/types.ts) inside a quoted string field, so escaped twice. Done the obvious way,
// JSON.stringify(JSON.stringify(event)), this was the largest single cost of a log event (two native passes over
// ~600 characters, ~20 % of a parse worker's time). Here the keys and punctuation, escaped as the outer
// JSON.stringify escapes them, are constants per source, and values are copied as they are: the only character
// in real events that needs escaping is the backslash of Windows accounts (`LAB\joe` → `LAB\\\\joe`, once per
// JSON.stringify). An event with a quote, a control character or a lone surrogate anywhere in its strings, a
// value of an unexpected type or a key the shape does not have takes the JSON.stringify path, so the bytes are
// always those of JSON.stringify (test/unit/points/raw-event.test.ts).

type Kind = 's' | 'n';
type Shape = ReadonlyArray<readonly [key: string, kind: Kind]>;

const BASE: Shape = [
  ['source', 's'], ['log_row', 'n'], ['ts_iso', 's'], ['ts_local', 's'], ['level', 's'], ['host', 's'], ['subsystem', 's'], ['windows_user', 's'],
];

const SHAPES: Readonly<Record<LogSource, Shape>> = {
  'qseow-engine': [
    ...BASE, ['message', 's'], ['proxy_session_id', 's'], ['user_directory', 's'], ['user_id', 's'], ['engine_ts', 's'], ['process_id', 's'],
    ['engine_exe_version', 's'], ['server_started', 's'], ['entry_type', 's'], ['session_id', 's'], ['app_id', 's'], ['user_full', 's'],
  ],
  'qseow-proxy': proxyRepository(),
  'qseow-repository': proxyRepository(),
  'qseow-scheduler': [
    ...BASE, ['message', 's'], ['exception_message', 's'], ['user_directory', 's'], ['user_id', 's'], ['user_full', 's'], ['task_name', 's'],
    ['app_name', 's'], ['task_id', 's'], ['app_id', 's'], ['execution_id', 's'],
  ],
  'qseow-qix-perf': [
    ...BASE, ['proxy_session_id', 's'], ['user_directory', 's'], ['user_id', 's'], ['engine_ts', 's'], ['session_id', 's'], ['app_id', 's'],
    ['app_name', 's'], ['request_id', 'n'], ['method', 's'], ['process_time', 'n'], ['work_time', 'n'], ['lock_time', 'n'],
    ['validate_time', 'n'], ['traverse_time', 'n'], ['handle', 'n'], ['object_id', 's'], ['net_ram', 'n'], ['peak_ram', 'n'],
    ['object_type', 's'], ['event_activity_source', 's'], ['user_full', 's'],
  ],
};

function proxyRepository(): Shape {
  return [
    ...BASE, ['message', 's'], ['exception_message', 's'], ['user_directory', 's'], ['user_id', 's'], ['command', 's'], ['result_code', 's'],
    ['origin', 's'], ['context', 's'], ['user_full', 's'],
  ];
}

/** JSON text as it appears inside the quoted field: what the outer JSON.stringify does, without its quotes. */
function escapeOnce(jsonText: string): string {
  return JSON.stringify(jsonText).slice(1, -1);
}

interface CompiledShape {
  readonly keys: readonly string[];
  readonly kinds: readonly Kind[];
  /** Before each value: `{\"key\":` or `,\"key\":`, with `\"` opening a string value. */
  readonly prefixes: readonly string[];
  /** How many own enumerable keys an event of this shape has (without `category`). */
  readonly size: number;
}

const COMPILED = new Map<LogSource, CompiledShape>();
for (const [source, shape] of Object.entries(SHAPES) as Array<[LogSource, Shape]>) {
  COMPILED.set(source, {
    keys: shape.map(([k]) => k),
    kinds: shape.map(([, kind]) => kind),
    prefixes: shape.map(([k, kind], i) => escapeOnce((i === 0 ? '{' : ',') + JSON.stringify(k) + ':' + (kind === 's' ? '"' : ''))),
    size: shape.length,
  });
}

// What JSON.stringify escapes besides the backslash: the quote, control characters and (well-formed
// JSON.stringify) lone surrogates; any surrogate sends the event to the exact path.
const NEEDS_JSON = /["\u0000-\u001f\ud800-\udfff]/;
const BACKSLASH = /\\/g;

/** A string value escaped twice when it only has backslashes to escape. */
function plain(v: string): string {
  return v.indexOf('\\') < 0 ? v : v.replace(BACKSLASH, '\\\\\\\\');
}

// Category lists are shared and frozen per rule (src/events/categorise.ts): their part is built once.
const categoryParts = new WeakMap<readonly Category[], string>();

function categoryPart(categories: readonly Category[]): string {
  let part = categoryParts.get(categories);
  if (part === undefined) {
    part = escapeOnce(',"category":' + JSON.stringify(categories));
    categoryParts.set(categories, part);
  }
  return part;
}

/** A JSON number as JSON.stringify writes it (non-finite: null). */
function jsonNumber(v: number): string {
  return Number.isFinite(v) ? String(v) : 'null';
}

/**
 * The JSON text of `raw_event`: the event, plus the `tags` object Butler's MQTT log forwarding added to the event
 * before InfluxDB serialised it (`tagsJson`; null when MQTT log forwarding is off).
 */
export function rawEventJson(event: LogEvent, tagsJson: string | null): string {
  const json = JSON.stringify(event);
  if (tagsJson === null) return json;
  return json.slice(0, -1) + ',"tags":' + tagsJson + '}';
}

/** The twice-escaped tail `rawEventLiteral` needs for `tagsJson` (see rawEventJson). */
export interface RawEventTags {
  readonly json: string | null;
  readonly tail: string;
}

export function rawEventTags(tagsJson: string | null): RawEventTags {
  return { json: tagsJson, tail: tagsJson === null ? '' : escapeOnce(',"tags":' + tagsJson) };
}

function exactLiteral(event: LogEvent, tags: RawEventTags): string {
  return JSON.stringify(rawEventJson(event, tags.json));
}

/**
 * The quoted `raw_event` literal of an event: JSON.stringify(rawEventJson(event, tags.json)), byte for byte.
 * `knownPlain`: the caller knows that no string of the event has a quote, control character or surrogate (the parser
 * checked the whole datagram once: src/events/text-field.ts isPlainText), so the values are not checked again.
 */
export function rawEventLiteral(event: LogEvent, tags: RawEventTags, knownPlain = false): string {
  const shape = COMPILED.get(event.source);
  const e = event as unknown as Record<string, unknown>;
  if (shape === undefined) return exactLiteral(event, tags);
  const { keys, kinds, prefixes } = shape;
  let strings = '';
  for (let i = 0; i < keys.length; i++) {
    const v = e[keys[i]];
    if (kinds[i] === 's') {
      if (typeof v !== 'string') return exactLiteral(event, tags);
      if (!knownPlain) strings += v;
    } else if (typeof v !== 'number') return exactLiteral(event, tags);
  }
  // Concatenating the values and testing the result once is cheaper than a test per value, and no work at all
  // when the parser vouches for them.
  if (!knownPlain && NEEDS_JSON.test(strings)) return exactLiteral(event, tags);
  const categories = event.category;
  if (!sameKeys(e, shape, categories !== undefined)) return exactLiteral(event, tags);
  let out = '"';
  for (let i = 0; i < keys.length; i++) {
    const v = e[keys[i]];
    out += kinds[i] === 's' ? prefixes[i] + plain(v as string) + '\\"' : prefixes[i] + jsonNumber(v as number);
  }
  if (categories !== undefined) out += categoryPart(categories);
  return out + tags.tail + '}"';
}

/** The event has exactly the shape's keys (plus `category` when set): JSON.stringify would write no others. */
function sameKeys(e: Record<string, unknown>, shape: CompiledShape, withCategory: boolean): boolean {
  let n = 0;
  for (const _key in e) n++;
  return n === shape.size + (withCategory ? 1 : 0);
}
