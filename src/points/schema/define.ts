import type { FieldDef, FieldType, InfluxVersion, TagDef } from '../point.js';

// Declarative measurement schemas. Each member (tag or field) is declared once with its name and type per
// InfluxDB version; builders resolve members through `schema.v[version]`, and the markdown documentation is
// rendered from the same declarations, so names and types cannot drift between code and docs.

/** A field's name and type in one version, or null when the version does not write it. */
export type VersionColumn = readonly [name: string, type: FieldType] | null;

type PerVersion<D> = readonly [v1: D | undefined, v2: D | undefined, v3: D | undefined];

export interface TagSpec {
  readonly kind: 'tag';
  readonly when: string;
  readonly description: string;
  readonly defs: PerVersion<TagDef>;
}

export interface FieldSpec {
  readonly kind: 'field';
  readonly when: string;
  readonly description: string;
  readonly defs: PerVersion<FieldDef>;
}

export type MemberSpec = TagSpec | FieldSpec;

/** Tags whose keys come from configuration or from the event (custom server tags, static tags, categories). */
export interface DynamicTagGroup {
  readonly label: string;
  readonly description: string;
}

export type ResolvedMembers<T extends Record<string, MemberSpec>> = {
  readonly [K in keyof T]: T[K] extends TagSpec ? TagDef | undefined : FieldDef | undefined;
};

export interface MeasurementSchema<T extends Record<string, MemberSpec> = Record<string, MemberSpec>> {
  /** Default measurement name. */
  readonly measurement: string;
  /** Other default names sharing this schema (the three queue measurements). */
  readonly aliases: readonly string[];
  /** Config key that renames the measurement, when configurable. */
  readonly nameConfigKey?: string;
  readonly description: string;
  readonly members: T;
  readonly dynamicTags: readonly DynamicTagGroup[];
  /** Members resolved per version: `v[2].handle` is the FieldDef Butler's v2 writer uses. */
  readonly v: Readonly<Record<InfluxVersion, ResolvedMembers<T>>>;
}

const ALL_VERSIONS: readonly InfluxVersion[] = [1, 2, 3];

export function tag(
  name: string,
  when: string,
  description: string,
  versions: readonly InfluxVersion[] = ALL_VERSIONS,
): TagSpec {
  const def = (v: InfluxVersion): TagDef | undefined => (versions.includes(v) ? { kind: 'tag', name } : undefined);
  return { kind: 'tag', when, description, defs: [def(1), def(2), def(3)] };
}

export function field(description: string, when: string, v1: VersionColumn, v2: VersionColumn, v3: VersionColumn): FieldSpec {
  const def = (c: VersionColumn): FieldDef | undefined => (c === null ? undefined : { kind: 'field', name: c[0], type: c[1] });
  return { kind: 'field', when, description, defs: [def(v1), def(v2), def(v3)] };
}

/** The same name and type in all three versions, for spreading into `field()`. */
export function same(name: string, type: FieldType): [VersionColumn, VersionColumn, VersionColumn] {
  return [[name, type], [name, type], [name, type]];
}

export interface MeasurementOptions {
  aliases?: readonly string[];
  nameConfigKey?: string;
  dynamicTags?: readonly DynamicTagGroup[];
}

export function defineMeasurement<T extends Record<string, MemberSpec>>(
  measurement: string,
  description: string,
  members: T,
  options: MeasurementOptions = {},
): MeasurementSchema<T> {
  const resolve = (index: 0 | 1 | 2): ResolvedMembers<T> => {
    const out: Record<string, TagDef | FieldDef | undefined> = {};
    for (const key of Object.keys(members)) out[key] = members[key].defs[index];
    return Object.freeze(out) as ResolvedMembers<T>;
  };
  return {
    measurement,
    aliases: options.aliases ?? [],
    nameConfigKey: options.nameConfigKey,
    description,
    members,
    dynamicTags: options.dynamicTags ?? [],
    v: { 1: resolve(0), 2: resolve(1), 3: resolve(2) },
  };
}

/** The declared member of a measurement with this kind and written name in a version, if any. */
export function declaredMember(
  schema: MeasurementSchema,
  version: InfluxVersion,
  kind: 'tag' | 'field',
  name: string,
): TagDef | FieldDef | undefined {
  for (const spec of Object.values(schema.members)) {
    const def = spec.defs[version - 1];
    if (def !== undefined && def.kind === kind && def.name === name) return def;
  }
  return undefined;
}
