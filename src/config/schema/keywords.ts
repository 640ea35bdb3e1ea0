// Our own JSON-Schema keywords. TypeBox passes unknown options through untouched, so the schema stays plain
// data that the validator (../validate.ts) interprets; nothing here is code that runs inside the schema.

/**
 * A section whose required-without-default values (and range/format checks) apply only while it is switched on,
 * the way Butler SOS validated `mqttConfig`, `influxdbConfig`, ... only when enabled. The section is on when any
 * of `flags` (dotted paths, read from the section itself or, with scope 'parent', from the object holding it)
 * equals `equals` (default `true`). A missing flag counts with its schema default.
 */
export interface Gate {
  readonly flags: readonly string[];
  readonly equals?: string | number | boolean;
  readonly scope?: 'self' | 'parent';
}

/** How a value is rewritten after it validated, so consumers see one shape only. */
export type Normaliser = 'toString' | 'objectId';

/** Formats understood by the validator (`format` keyword). */
export type ConfigFormat = 'host' | 'host-port' | 'uri';

export const GATE = 'x-gate';
export const CASE_INSENSITIVE = 'x-caseInsensitive';
export const NORMALISE = 'x-normalise';
export const IGNORED = 'x-ignored';

/** Schema options that switch a section's checks on by its own flag(s). */
export function enabledBy(...flags: string[]): { [GATE]: Gate } {
  return { [GATE]: { flags } };
}

/** Schema options that switch a sub-section on when a key of the enclosing section has a given value. */
export function enabledWhenParent(flag: string, equals: string | number | boolean): { [GATE]: Gate } {
  return { [GATE]: { flags: [flag], equals, scope: 'parent' } };
}
