// Test-side reading of InfluxDB line protocol, independent of src/points' encoder: a char scanner that
// splits a line into measurement, tags, fields (with their line-protocol type) and timestamp the way influxd
// does, and a check of a parsed line against the per-version measurement schemas (src/points/schema).
import { ALL_SCHEMAS } from '../../src/points/schema/all.js';
import { declaredMember, type MeasurementSchema } from '../../src/points/schema/define.js';
import type { FieldType, InfluxVersion } from '../../src/points/point.js';
import { errorEventSchema } from '../../src/errors/error-schema.js';

export interface ParsedLine {
  measurement: string;
  tags: Array<[string, string]>;
  fields: Array<{ key: string; type: FieldType; raw: string }>;
  timestamp: string | undefined;
}

/** Reads an escaped token up to one of the stop characters (outside escapes); returns [value, stopIndex]. */
function token(line: string, at: number, stops: string): [string, number] {
  // influxd unescapes `\,`, `\=` and `\ ` in names and tag values; a backslash before anything else stays.
  let out = '';
  let i = at;
  while (i < line.length) {
    const c = line[i];
    if (c === '\\' && i + 1 < line.length && ',= '.includes(line[i + 1])) {
      out += line[i + 1];
      i += 2;
      continue;
    }
    if (stops.includes(c)) break;
    out += c;
    i++;
  }
  return [out, i];
}

function fieldType(raw: string): FieldType | undefined {
  if (raw.startsWith('"')) return raw.length >= 2 && raw.endsWith('"') ? 'string' : undefined;
  if (/^-?\d+i$/.test(raw)) return 'integer';
  if (/^\d+u$/.test(raw)) return 'uinteger';
  if (/^(t|T|true|True|TRUE|f|F|false|False|FALSE)$/.test(raw)) return 'boolean';
  if (/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(raw)) return 'float';
  return undefined;
}

/** Reads a field value: a quoted string (with \" and \\ escapes) or a bare token up to ',' or ' '. */
function fieldValue(line: string, at: number): [string, number] {
  if (line[at] !== '"') {
    let i = at;
    while (i < line.length && line[i] !== ',' && line[i] !== ' ') i++;
    return [line.slice(at, i), i];
  }
  let i = at + 1;
  while (i < line.length) {
    if (line[i] === '\\') i += 2;
    else if (line[i] === '"') return [line.slice(at, i + 1), i + 1];
    else i++;
  }
  return [line.slice(at), line.length];
}

/** The parsed line, or a reason in influxd's words why it does not parse. */
export function parseLine(line: string): ParsedLine | string {
  const [measurement, afterName] = token(line, 0, ', ');
  if (measurement === '') return 'missing measurement';
  const tags: Array<[string, string]> = [];
  let i = afterName;
  while (line[i] === ',') {
    const [key, eq] = token(line, i + 1, ',= ');
    if (line[eq] !== '=' || key === '') return 'missing tag key';
    const [value, end] = token(line, eq + 1, ', ');
    if (value === '') return 'missing tag value';
    tags.push([key, value]);
    i = end;
  }
  if (line[i] !== ' ') return 'missing fields';
  i++;
  const fields: ParsedLine['fields'] = [];
  for (;;) {
    const [key, eq] = token(line, i, ',= ');
    if (line[eq] !== '=' || key === '') return 'missing field key';
    const [raw, end] = fieldValue(line, eq + 1);
    const type = fieldType(raw);
    if (!type) return `invalid field value: ${raw}`;
    if (fields.some((f) => f.key === key)) return `duplicate field: ${key}`;
    fields.push({ key, type, raw });
    i = end;
    if (line[i] !== ',') break;
    i++;
  }
  if (fields.length === 0) return 'missing fields';
  let timestamp: string | undefined;
  if (line[i] === ' ') {
    timestamp = line.slice(i + 1);
    if (!/^-?\d+$/.test(timestamp)) return 'bad timestamp';
  } else if (i !== line.length) return 'invalid field format';
  return { measurement, tags, fields, timestamp };
}

const SCHEMAS: readonly MeasurementSchema[] = [...ALL_SCHEMAS, errorEventSchema];

function schemaOf(measurement: string): MeasurementSchema | undefined {
  return SCHEMAS.find((s) => s.measurement === measurement || s.aliases.includes(measurement));
}

/** Every way a parsed line breaks the version's schema ([] when it fits). */
export function schemaViolations(p: ParsedLine, version: InfluxVersion): string[] {
  const schema = schemaOf(p.measurement);
  if (!schema) return [`${p.measurement}: unknown measurement`];
  const out: string[] = [];
  const dynamicTagsAllowed = schema.dynamicTags.length > 0;
  for (const [key] of p.tags) {
    if (declaredMember(schema, version, 'tag', key)) continue;
    if (declaredMember(schema, version, 'field', key)) out.push(`${p.measurement}: "${key}" is a field in v${version}, written as a tag`);
    else if (!dynamicTagsAllowed) out.push(`${p.measurement}: tag "${key}" is not declared for v${version}`);
  }
  for (const f of p.fields) {
    const def = declaredMember(schema, version, 'field', f.key);
    if (!def || def.kind !== 'field') out.push(`${p.measurement}: field "${f.key}" is not declared for v${version}`);
    else if (def.type !== f.type) out.push(`${p.measurement}: field "${f.key}" is ${f.type}, v${version} declares ${def.type}`);
  }
  return out;
}
