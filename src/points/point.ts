// The neutral point model every InfluxDB-bound builder produces and the line-protocol encoder consumes.
// Field values carry their line-protocol type explicitly: InfluxDB rejects a write whose field type differs from
// what is already stored ("field type conflict"), so the type is decided once, by the schema, never guessed.

export type InfluxVersion = 1 | 2 | 3;

export const INFLUX_VERSIONS: readonly InfluxVersion[] = [1, 2, 3];

/** Line-protocol field types: `12i`, `12u`, `12` (float), `"x"`, booleans. */
export type FieldType = 'integer' | 'uinteger' | 'float' | 'string' | 'boolean';

export type Tag = readonly [key: string, value: string];

export type NumericField = readonly [key: string, type: 'integer' | 'uinteger' | 'float', value: number];
export type StringField = readonly [key: string, type: 'string', value: string];
export type BooleanField = readonly [key: string, type: 'boolean', value: boolean];
/**
 * A string field whose value is already a complete, escaped line-protocol literal (`"…"`). Only built by
 * `pushJsonField`: the hot `raw_event` field is escaped natively by JSON.stringify instead of char by char.
 */
export type QuotedField = readonly [key: string, type: 'quoted', value: string];
export type Field = NumericField | StringField | BooleanField | QuotedField;

/**
 * How booleans are spelled. node-influx (v1) type-guesses booleans and writes `true`/`false`; the v2 and v3
 * clients write `T`/`F`. InfluxDB reads both as the same type; we keep each library's spelling anyway.
 */
export type BoolLiteral = 'true/false' | 'T/F';

export interface Point {
  measurement: string;
  /** Tags with an empty key or value are left out by the encoder (InfluxDB 1.x rejects `tag=`). */
  tags: Tag[];
  fields: Field[];
  /** Integer microseconds since the epoch; written as nanoseconds. Absent: the server assigns the time. */
  timeUs?: number;
  /** Default `T/F`. */
  boolLiteral?: BoolLiteral;
}

/** A schema member resolved for one InfluxDB version: the name written and, for fields, the type. */
export interface TagDef {
  readonly kind: 'tag';
  readonly name: string;
}

export interface FieldDef {
  readonly kind: 'field';
  readonly name: string;
  readonly type: FieldType;
}

/** The boolean spelling of the client library Butler SOS uses for a version. */
export function boolLiteralFor(version: InfluxVersion): BoolLiteral {
  return version === 1 ? 'true/false' : 'T/F';
}

/** Adds a tag when the member exists in this version. Empty values are kept here and dropped by the encoder. */
export function pushTag(tags: Tag[], def: TagDef | undefined, value: string): void {
  if (def !== undefined) tags.push([def.name, value]);
}

/**
 * Sets a tag whose key comes from configuration or categorisation: a later value replaces an earlier tag with the
 * same key, as assigning to Butler's tag object (or calling the clients' setTag) does.
 */
export function setTag(tags: Tag[], key: string, value: string): void {
  for (let i = 0; i < tags.length; i++) {
    if (tags[i][0] === key) {
      tags[i] = [key, value];
      return;
    }
  }
  tags.push([key, value]);
}

/**
 * Adds a field with the type the schema declares for this version, converting the value to that type.
 * A member absent in this version (def undefined) is skipped, which is how per-version presence is expressed.
 */
export function pushField(fields: Field[], def: FieldDef | undefined, value: number | string | boolean): void {
  if (def === undefined) return;
  fields.push([def.name, def.type, asFieldType(def.type, value)] as Field);
}

/** A member value converted to its field type's JavaScript type (string, boolean, or number). */
export function asFieldType(type: FieldType, v: number | string | boolean): string | number | boolean {
  if (type === 'string') return typeof v === 'string' ? v : String(v);
  if (type === 'boolean') return v === true;
  return typeof v === 'number' ? v : Number(v);
}

/**
 * Adds a string field holding JSON text. JSON.stringify of the JSON text escapes exactly `"` and `\` (the text has
 * no raw control characters left: the inner JSON.stringify escaped them), which is the line-protocol string
 * escaping, so the result is the finished literal. Several times faster than escaping ~600 characters in JS.
 */
export function pushJsonField(fields: Field[], def: FieldDef | undefined, json: string): void {
  if (def === undefined) return;
  if (def.type !== 'string') throw new Error(`pushJsonField: field ${def.name} is ${def.type}, not string`);
  fields.push([def.name, 'quoted', JSON.stringify(json)]);
}
