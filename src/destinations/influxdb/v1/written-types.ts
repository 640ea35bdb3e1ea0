import { errorEventSchema } from '../../../errors/error-schema.js';
import type { FieldType } from '../../../points/point.js';
import { ALL_SCHEMAS } from '../../../points/schema/all.js';
import type { MeasurementSchema } from '../../../points/schema/define.js';

// The InfluxDB 1.x field types this collector writes, per measurement name as configured: what the field
// type check at start (field-types.ts) compares an existing database against.

/** measurement name → field name → the type we write. */
export type WrittenFieldTypes = ReadonlyMap<string, ReadonlyMap<string, FieldType>>;

const V1_SCHEMAS: readonly MeasurementSchema[] = [...ALL_SCHEMAS, errorEventSchema];

/**
 * Values of a schema's `nameConfigKey` in the config: one key, `{a,b}.rest` (one key under each of a and b), or
 * several of those separated by ', ' (the queue measurements: the UDP sockets' and the audit queue's).
 */
function configuredNames(config: unknown, key: string | undefined): string[] {
  if (!key) return [];
  const paths = key.split(', ').flatMap((one) => {
    const braces = /^\{([^}]*)\}\.(.*)$/.exec(one);
    return braces ? braces[1].split(',').map((p) => `${p}.${braces[2]}`) : [one];
  });
  const values = paths.map((p) => p.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], config));
  return values.filter((v): v is string => typeof v === 'string' && v !== '');
}

/** Our v1 field types for every measurement name we may write: the defaults and the configured names. */
export function writtenV1FieldTypes(config: unknown): WrittenFieldTypes {
  const out = new Map<string, Map<string, FieldType>>();
  for (const schema of V1_SCHEMAS) {
    const fields = new Map<string, FieldType>();
    for (const def of Object.values(schema.v[1])) if (def?.kind === 'field' && !fields.has(def.name)) fields.set(def.name, def.type);
    for (const name of [schema.measurement, ...schema.aliases, ...configuredNames(config, schema.nameConfigKey)]) out.set(name, fields);
  }
  return out;
}
