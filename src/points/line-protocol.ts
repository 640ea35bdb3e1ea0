import type { Field, FieldType, Point } from './point.js';

// InfluxDB line protocol, written for every event at 50,000+/s: char-code scans with a no-escape fast path,
// plain string concatenation, no regular expressions, no per-line arrays.
//
// Escaping follows what InfluxDB 1.x/2.x (models/points.go) actually unescapes, which is also what the client
// libraries Butler SOS uses write:
// - measurement: `,` and space; tag keys, tag values, field keys: `,` `=` and space. Backslashes are written
//   as they are: the server does not unescape `\\` in these positions, so `LAB\joe` must go out as `LAB\joe`
//   (node-influx, the v2 and the v3 client all do this) or stored tag values would change.
// - A trailing backslash would escape the separator after it and corrupt the line; it is dropped.
// - In tag keys, tag values and field keys, an odd run of backslashes right before an escaped `,` `=` or
//   space gets one more backslash (stored: one backslash more than sent): influxd's line splitter pairs
//   backslashes, its tag reader does not, and the disagreement made it merge lines and refuse a whole batch
//   (found by test/integration/fuzz/line-protocol-influxd.test.ts).
// - CR and LF in names and tag values are written as the two-character sequences `\r` `\n`, as the v2/v3
//   clients do (node-influx would write them raw and break the line).
// - String field values: `"` and `\` are backslash-escaped; CR and LF are removed, so one point is always one
//   physical line (the UDP sanitiser deletes them from event fields the same way, and Butler's v3 writer strips
//   them from raw_event).
// - Tags with an empty key or value are left out (InfluxDB 1.x rejects `tag=`, the v2/v3 clients drop them).
// - Fields that InfluxDB cannot store are left out: non-finite numbers (NaN, ±Infinity) and integers outside
//   the 64-bit range; a negative unsigned value is written as 0 (the v2 client would throw, Butler's v3 writer
//   clamps). A point left without fields produces no line ('').

const COMMA = 44;
const EQUALS = 61;
const SPACE = 32;
const LF = 10;
const CR = 13;
const BACKSLASH = 92;
const QUOTE = 34;

// Integers at or beyond these (as doubles) do not fit a 64-bit field.
const INT64_LIMIT = 2 ** 63;
const UINT64_LIMIT = 2 ** 64;
const MAX_TIME_US = 2 ** 63 / 1000;

function endWithoutTrailingBackslashes(s: string): number {
  let end = s.length;
  while (end > 0 && s.charCodeAt(end - 1) === BACKSLASH) end--;
  return end;
}

function oddBackslashRunBefore(s: string, at: number): boolean {
  let n = 0;
  while (at - n - 1 >= 0 && s.charCodeAt(at - n - 1) === BACKSLASH) n++;
  return n % 2 === 1;
}

function escapeName(s: string, escapeEquals: boolean): string {
  const end = endWithoutTrailingBackslashes(s);
  let i = 0;
  for (; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c === COMMA || c === SPACE || c === LF || c === CR || (c === EQUALS && escapeEquals)) break;
  }
  if (i === end) return end === s.length ? s : s.slice(0, end);
  let out = s.slice(0, i);
  let start = i;
  for (; i < end; i++) {
    const c = s.charCodeAt(i);
    let replacement: string;
    if (c === COMMA) replacement = '\\,';
    else if (c === SPACE) replacement = '\\ ';
    else if (c === EQUALS && escapeEquals) replacement = '\\=';
    else if (c === LF) replacement = '\\n';
    else if (c === CR) replacement = '\\r';
    else continue;
    // influxd's line splitter pairs backslashes (`\\` skips two characters) while its tag reader keeps them:
    // an odd run right before an escaped character would leave that character unescaped for the splitter,
    // which then misreads quotes and merges lines, refusing the whole batch. One more backslash evens it.
    if (escapeEquals && c !== LF && c !== CR && oddBackslashRunBefore(s, i)) replacement = '\\' + replacement;
    out += s.slice(start, i) + replacement;
    start = i + 1;
  }
  return out + s.slice(start, end);
}

// Most names, tag values and strings need no escaping at all. A regular expression finds that out in native code,
// several times faster than a charCodeAt loop on a 200-character message (0.3 against 1.6 µs on the bench
// machine); only a string that has one of the characters (a backslash included, for the trailing and odd-run
// rules) takes the character-by-character path below, so the output is the same.
const MEASUREMENT_SPECIALS = /[, \r\n\\]/;
const TAG_PART_SPECIALS = /[,= \r\n\\]/;
const STRING_SPECIALS = /["\\\r\n]/;

/** Measurement names: `,` and space escaped. */
export function escapeMeasurement(s: string): string {
  return MEASUREMENT_SPECIALS.test(s) ? escapeName(s, false) : s;
}

/** Tag keys, tag values and field keys: `,`, `=` and space escaped. */
export function escapeTagPart(s: string): string {
  return TAG_PART_SPECIALS.test(s) ? escapeName(s, true) : s;
}

/** The inside of a quoted string field value: `"` and `\` escaped, CR/LF removed. */
export function escapeStringValue(s: string): string {
  return STRING_SPECIALS.test(s) ? escapeStringSlow(s) : s;
}

/** escapeStringValue of text known to have no quote, CR or LF (a plain event's strings): backslashes only. */
export function escapeBackslashes(s: string): string {
  return s.indexOf('\\') < 0 ? s : s.replace(BACKSLASHES, '\\\\');
}

const BACKSLASHES = /\\/g;

function escapeStringSlow(s: string): string {
  const n = s.length;
  let i = 0;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c === QUOTE || c === BACKSLASH || c === LF || c === CR) break;
  }
  if (i === n) return s;
  let out = s.slice(0, i);
  let start = i;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c === QUOTE || c === BACKSLASH) {
      // The character itself stays in the next slice; only the backslash before it is added.
      out += s.slice(start, i) + '\\';
      start = i;
    } else if (c === LF || c === CR) {
      out += s.slice(start, i);
      start = i + 1;
    }
  }
  return out + s.slice(start);
}

/** The encoded value of a field, or '' when InfluxDB could not store it. */
function encodeFieldValue(f: Field, boolWords: boolean): string {
  return f[1] === 'quoted' ? f[2] : fieldLiteral(f[1], f[2], boolWords);
}

/**
 * A field value of the given type as line protocol (`"…"`, `1.5`, `7i`, `7u`, `true`/`T`), or '' when InfluxDB
 * could not store it. The value must already have the type's JavaScript type (string, number, boolean).
 */
export function fieldLiteral(type: FieldType, value: string | number | boolean, boolWords: boolean): string {
  switch (type) {
    case 'string':
      return '"' + escapeStringValue(value as string) + '"';
    case 'float':
      return Number.isFinite(value) ? String(value) : '';
    case 'integer': {
      const v = value as number;
      if (!Number.isFinite(v)) return '';
      const n = Math.floor(v);
      if (n >= INT64_LIMIT || n < -INT64_LIMIT) return '';
      return String(n) + 'i';
    }
    case 'uinteger': {
      const v = value as number;
      if (!Number.isFinite(v)) return '';
      if (v <= 0) return '0u';
      const n = Math.floor(v);
      return n >= UINT64_LIMIT ? '' : String(n) + 'u';
    }
    case 'boolean':
      if (boolWords) return value ? 'true' : 'false';
      return value ? 'T' : 'F';
  }
}

/**
 * Nanoseconds from integer microseconds, built as a string: timeUs * 1000 would exceed 2^53 and lose precision.
 * '' when the time is not a finite number or outside InfluxDB's time range.
 */
export function nanosecondsFromMicros(timeUs: number): string {
  // Beyond ±2^63 ns InfluxDB has no time (and String() would write an exponent).
  if (!Number.isFinite(timeUs) || Math.abs(timeUs) >= MAX_TIME_US) return '';
  const us = Math.floor(timeUs);
  return us === 0 ? '0' : String(us) + '000';
}

/** One line of line protocol, without a trailing newline; '' when the point has nothing InfluxDB could store. */
export function encodeLine(p: Point): string {
  const boolWords = p.boolLiteral === 'true/false';
  const fields = p.fields;
  let fieldPart = '';
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i];
    const value = encodeFieldValue(f, boolWords);
    if (value === '') continue;
    const key = escapeTagPart(f[0]);
    if (key === '') continue;
    fieldPart += (fieldPart === '' ? key : ',' + key) + '=' + value;
  }
  if (fieldPart === '') return '';
  let line = escapeMeasurement(p.measurement);
  if (line === '') return '';
  const tags = p.tags;
  for (let i = 0; i < tags.length; i++) {
    const t = tags[i];
    if (t[1] === '' || t[0] === '') continue;
    const key = escapeTagPart(t[0]);
    const value = escapeTagPart(t[1]);
    if (key === '' || value === '') continue;
    line += ',' + key + '=' + value;
  }
  line += ' ' + fieldPart;
  if (p.timeUs !== undefined) {
    const ns = nanosecondsFromMicros(p.timeUs);
    if (ns !== '') line += ' ' + ns;
  }
  return line;
}

/** Lines joined by '\n' (no trailing newline); points that encode to nothing are skipped. */
export function encodeLines(points: readonly Point[]): string {
  let out = '';
  for (let i = 0; i < points.length; i++) {
    const line = encodeLine(points[i]);
    if (line === '') continue;
    out += out === '' ? line : '\n' + line;
  }
  return out;
}
