import Type from 'typebox';
import { CASE_INSENSITIVE, NORMALISE, type ConfigFormat } from './keywords.js';

// Small builders so each section file reads like the YAML it describes. A `default` makes a key optional in
// the file while keeping it required in the loaded `Config` type; a key without one is required.

export interface Range {
  minimum?: number;
  maximum?: number;
  multipleOf?: number;
}

export const Flag = (value: boolean) => Type.Boolean({ default: value });

export const Int = (value: number, range: Range = {}) => Type.Integer({ default: value, ...range });

/** A TCP/UDP port with a default. */
export const Port = (value: number) => Type.Integer({ default: value, minimum: 1, maximum: 65535 });

/** Milliseconds between two runs of a timer. */
export const IntervalMs = (value: number) => Type.Integer({ default: value, minimum: 1 });

export const Text = (value: string) => Type.String({ default: value });

/** A string the admin must supply (no sensible default). */
export const RequiredText = (format?: ConfigFormat) =>
  format === undefined ? Type.String({ minLength: 1 }) : Type.String({ minLength: 1, format });

/** Enumerated words accepted in any letter case and normalised to the lowercase spelling listed here. */
export function Words<const W extends string[]>(words: readonly [...W], value?: W[number]) {
  return Type.Enum(words, value === undefined ? { [CASE_INSENSITIVE]: true } : { [CASE_INSENSITIVE]: true, default: value });
}

/**
 * A scalar written as text, number or boolean (YAML types `2024` as a number), loaded as a string. Butler SOS
 * writes these values as tags, attributes or headers, all of which are strings.
 */
export const Stringish = () =>
  Type.Unsafe<string>(Type.Union([Type.String(), Type.Number(), Type.Boolean()], { [NORMALISE]: 'toString' }));

/** `{name, value}` pairs: static tags, categories, attributes, headers. */
export const NameValue = Type.Object({ name: Type.String({ minLength: 1 }), value: Stringish() });

export const NameValueList = (value: { name: string; value: string }[] = []) => Type.Array(NameValue, { default: value });

export const StringList = (value: string[] = []) => Type.Array(Type.String(), { default: value });

export const LOG_LEVEL_NAMES = ['error', 'warn', 'info', 'verbose', 'debug', 'silly'] as const;

/** `{enable: boolean}` sub-sections, very common in Butler SOS. */
export const Switch = (value: boolean) => Type.Object({ enable: Flag(value) });

/** `{directory, userId}` entries of exclude lists. */
export const UserRef = Type.Object({ directory: Type.String(), userId: Type.String() });

export const UserRefList = () => Type.Array(UserRef, { default: [] });
