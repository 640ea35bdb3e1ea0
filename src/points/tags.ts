import type { InfluxVersion, Point, Tag } from './point.js';

// Tag helpers shared by the builders: static tag lists from config, v3 tag-value sanitising, and the member
// order each client library writes.

/** A `{name, value}` list from config (`logEvents.tags`, ...); YAML null means none. */
export type NameValueList = ReadonlyArray<{ readonly name: string; readonly value: string }> | null | undefined;

/** Config tag lists as tags, in file order. Entries with an empty name are left out (no tag key can be empty). */
export function configTags(list: NameValueList): Tag[] {
  const out: Tag[] = [];
  if (!list) return out;
  for (const item of list) {
    if (item.name !== '') out.push([item.name, String(item.value)]);
  }
  return out;
}

const LT = 60;
const GT = 62;
const BACKSLASH = 92;
const LF = 10;
const CR = 13;

/**
 * Butler's v3 writers strip `<`, `>`, `\`, CR and LF from most event tag values (docs/compatibility.md D2.9.5).
 * It changes stored values (`<unknown app name>` becomes `unknown app name`), so it is part of the v3 contract.
 */
export function sanitizeV3TagValue(s: string): string {
  const n = s.length;
  let i = 0;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c === LT || c === GT || c === BACKSLASH || c === LF || c === CR) break;
  }
  if (i === n) return s;
  let out = s.slice(0, i);
  let start = i + 1;
  for (i++; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c === LT || c === GT || c === BACKSLASH || c === LF || c === CR) {
      out += s.slice(start, i);
      start = i + 1;
    }
  }
  return out + s.slice(start);
}

function byKey(a: readonly [string, ...unknown[]], b: readonly [string, ...unknown[]]): number {
  return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;
}

/**
 * Puts tags and fields in the order the client library of the version writes them: node-influx (v1) keeps tag
 * insertion order and sorts fields; the v2 and v3 clients sort both. InfluxDB does not care, but the order is
 * visible in files and captured traffic, and matching it keeps Butler SOS's reference lines byte-comparable.
 */
export function orderMembers(p: Point, version: InfluxVersion): Point {
  if (p.fields.length > 1) p.fields.sort(byKey);
  if (version !== 1 && p.tags.length > 1) p.tags.sort(byKey);
  return p;
}
