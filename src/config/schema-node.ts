// The JSON-Schema subset TypeBox produces for our config schema, plus our own keywords (schema/keywords.ts),
// seen as plain data by the validator and the env-override resolver.

import { CASE_INSENSITIVE, GATE, IGNORED, NORMALISE, type Gate, type Normaliser } from './schema/keywords.js';
import { formatWords } from './formats.js';

export interface SchemaNode {
  type?: string;
  properties?: Record<string, SchemaNode>;
  patternProperties?: Record<string, SchemaNode>;
  required?: string[];
  items?: SchemaNode;
  anyOf?: SchemaNode[];
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  multipleOf?: number;
  minLength?: number;
  minItems?: number;
  format?: string;
  [GATE]?: Gate;
  [CASE_INSENSITIVE]?: boolean;
  [NORMALISE]?: Normaliser;
  [IGNORED]?: string;
}

export const node = (schema: unknown): SchemaNode => schema as SchemaNode;

/** The schema of a mapping's entries, when it is a free-form map (`serverTags`, `headers`). */
export function mapValueSchema(schema: SchemaNode): SchemaNode | undefined {
  const patterns = schema.patternProperties;
  return patterns === undefined ? undefined : Object.values(patterns)[0];
}

function rangeWords(schema: SchemaNode): string {
  const { minimum, maximum, multipleOf } = schema;
  let words = '';
  if (minimum !== undefined && maximum !== undefined) words = ` from ${minimum} to ${maximum}`;
  else if (minimum !== undefined) words = ` of at least ${minimum}`;
  else if (maximum !== undefined) words = ` of at most ${maximum}`;
  if (multipleOf !== undefined) words += ` that is a multiple of ${multipleOf}`;
  return words;
}

/** What a schema position accepts, in words, for problem lines. */
export function describeExpected(schema: SchemaNode): string {
  if (schema.anyOf !== undefined) return [...new Set(schema.anyOf.map(describeExpected))].join(' or ');
  if (schema.enum !== undefined) return `one of ${schema.enum.map((v) => JSON.stringify(v)).join(', ')}`;
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  switch (schema.type) {
    case 'object':
      return schema.patternProperties !== undefined ? 'a mapping of name: value' : 'a mapping';
    case 'array':
      return schema.minItems ? `a list of at least ${schema.minItems} item${schema.minItems === 1 ? '' : 's'}` : 'a list';
    case 'string':
      if (schema.format !== undefined) return formatWords(schema.format);
      return schema.minLength ? 'non-empty text' : 'text';
    case 'integer':
      return `an integer${rangeWords(schema)}`;
    case 'number':
      return `a number${rangeWords(schema)}`;
    case 'boolean':
      return 'true or false';
    case 'null':
      return 'an empty value';
    default:
      return 'any value';
  }
}
