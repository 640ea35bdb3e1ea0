import type { FieldType } from '../../../points/point.js';
import type { WrittenFieldTypes } from './written-types.js';

// Migrating sites point us at the InfluxDB 1.x database Butler SOS filled, where some fields have other types
// than ours (Butler's v1 writer stored the butler_sos_errors numbers as floats). InfluxDB refuses a point whose
// field type differs from the one the shard holds ("field type conflict", HTTP 400). So at start the
// provisioner reads the existing types (SHOW FIELD KEYS) and the sink converts our values to them.

/** InfluxQL's names for field types (SHOW FIELD KEYS). */
type InfluxFieldType = 'float' | 'integer' | 'unsigned' | 'string' | 'boolean';

/** measurement → field → type the database already holds and we convert to. */
export type FieldTypeOverrides = ReadonlyMap<string, ReadonlyMap<string, InfluxFieldType>>;

export interface FieldKeySeries {
  name: string;
  values: ReadonlyArray<readonly unknown[]>;
}

const AS_INFLUX: Record<FieldType, InfluxFieldType> = { integer: 'integer', uinteger: 'unsigned', float: 'float', string: 'string', boolean: 'boolean' };

/** Which existing types our values can be written as: numbers widen, narrow (rounded) or become strings. */
function convertible(from: InfluxFieldType, to: InfluxFieldType): boolean {
  if (from === 'boolean' || from === 'string') return to === 'string';
  return to !== 'boolean';
}

/**
 * The fields whose existing type differs from ours and can take our values. A field listed with several types
 * (different shards) is left alone when ours is one of them.
 */
export function fieldTypeOverrides(existing: readonly FieldKeySeries[], ours: WrittenFieldTypes): FieldTypeOverrides {
  const out = new Map<string, Map<string, InfluxFieldType>>();
  for (const series of existing) {
    const written = ours.get(series.name);
    if (!written) continue;
    const types = new Map<string, InfluxFieldType[]>();
    for (const [key, type] of series.values) types.set(String(key), [...(types.get(String(key)) ?? []), type as InfluxFieldType]);
    for (const [key, have] of types) {
      const mine = written.get(key);
      if (mine === undefined || have.includes(AS_INFLUX[mine])) continue;
      const target = have.find((t) => convertible(AS_INFLUX[mine], t));
      if (target === undefined) continue;
      if (!out.has(series.name)) out.set(series.name, new Map());
      out.get(series.name)!.set(key, target);
    }
  }
  return out;
}

/** One line per overridden field for the start-up log, e.g. `butler_sos_errors.error_count: float (we write integer)`. */
export function describeOverrides(overrides: FieldTypeOverrides, ours: WrittenFieldTypes): string[] {
  const out: string[] = [];
  for (const [m, fields] of overrides) for (const [f, t] of fields) out.push(`${m}.${f}: ${t} (we write ${ours.get(m)?.get(f) ?? '?'})`);
  return out;
}
