// Walks the loaded YAML against the TypeBox schema (plain JSON-Schema data) and our keywords: fills defaults,
// turns `null` lists into [], checks types, ranges and formats, reports unknown keys with a suggestion, applies
// section gates (x-gate) and normalisers (x-normalise). A walk of our own rather than Value.Errors because the
// gates, case-insensitive words and "did you mean" need the schema position, and because one problem per key
// reads better than the cascade of anyOf errors a generic validator reports.

import { parse as parseYaml } from 'yaml';
import { ButlerSosSchema, ROOT_KEY, type Config } from './schema/index.js';
import { CASE_INSENSITIVE, GATE, IGNORED, NORMALISE } from './schema/keywords.js';
import { checkFormat } from './formats.js';
import { childPath, describeFound, didYouMean, EnvText } from './problems.js';
import { describeExpected, mapValueSchema, node, type SchemaNode } from './schema-node.js';

const MISSING = Symbol('missing');

interface Findings {
  problems: string[];
  warnings: string[];
}

/** Whether required values and range/format checks apply here, and the words that say why. */
interface GateState {
  on: boolean;
  reason: string;
}

interface Parent {
  schema: SchemaNode;
  value: Record<string, unknown>;
  path: string;
}

export interface ValidationResult {
  config: Config;
  problems: string[];
  warnings: string[];
}

const isMapping = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof EnvText);
const hasOwn = (o: object, key: string) => Object.prototype.hasOwnProperty.call(o, key);

/** Validates the value found under `Butler-SOS` and returns it with defaults applied and values normalised. */
export function validateConfig(raw: unknown): ValidationResult {
  const out: Findings = { problems: [], warnings: [] };
  const value = walk(node(ButlerSosSchema), raw === undefined ? MISSING : raw, ROOT_KEY, { on: true, reason: '' }, undefined, out);
  return { config: value as Config, problems: out.problems, warnings: out.warnings };
}

function walk(schema: SchemaNode, input: unknown, path: string, gate: GateState, parent: Parent | undefined, out: Findings): unknown {
  if (input instanceof EnvText) return walkEnvText(schema, input, path, gate, parent, out);
  if (input === MISSING) return walkMissing(schema, path, gate, parent, out);
  if (schema[IGNORED] !== undefined) {
    out.warnings.push(`${path}: ${schema[IGNORED]}`);
    return MISSING;
  }
  // A list or section whose entries are all commented out is `null` in YAML: it means empty, not invalid.
  const value = input === null && schema.type === 'array' ? [] : input === null && schema.type === 'object' && schema.properties !== undefined ? {} : input;
  return normalise(schema, walkPresent(schema, value, path, gate, parent, out));
}

function walkPresent(schema: SchemaNode, value: unknown, path: string, gate: GateState, parent: Parent | undefined, out: Findings): unknown {
  if (schema.anyOf !== undefined) return walkUnion(schema, value, path, gate, parent, out);
  if (schema.enum !== undefined) return walkEnum(schema, value, path, out);
  if (schema.const !== undefined) return value === schema.const ? value : typeProblem(schema, value, path, out);
  switch (schema.type) {
    case 'object':
      return walkObject(schema, value, path, gate, parent, out);
    case 'array':
      return walkArray(schema, value, path, gate, out);
    case 'string':
      return walkString(schema, value, path, gate, out);
    case 'integer':
    case 'number':
      return walkNumber(schema, value, path, gate, out);
    case 'boolean':
      return typeof value === 'boolean' ? value : typeProblem(schema, value, path, out);
    case 'null':
      return value === null ? value : typeProblem(schema, value, path, out);
    default:
      return value;
  }
}

function typeProblem(schema: SchemaNode, value: unknown, path: string, out: Findings, hint = ''): unknown {
  out.problems.push(`${path}: expected ${describeExpected(schema)}, found ${describeFound(value)}${hint}`);
  return value;
}

function walkMissing(schema: SchemaNode, path: string, gate: GateState, parent: Parent | undefined, out: Findings): unknown {
  if (schema.default !== undefined || hasOwn(schema, 'default')) return structuredClone(schema.default);
  // A section left out is an empty section: its keys take their defaults, so old files need no new keys.
  if (schema.type === 'object' && schema.properties !== undefined) return walkObject(schema, {}, path, gate, parent, out);
  if (gate.on) out.problems.push(`${path}: expected ${describeExpected(schema)}, found nothing${gate.reason}`);
  return MISSING;
}

/** Text from the environment: kept as text where text is valid, otherwise read as YAML (5, true, [a, b]). */
function walkEnvText(schema: SchemaNode, env: EnvText, path: string, gate: GateState, parent: Parent | undefined, out: Findings): unknown {
  if (env.unset) return env.text;
  const asText: Findings = { problems: [], warnings: [] };
  const textResult = walk(schema, env.text, path, gate, parent, asText);
  if (asText.problems.length === 0) {
    out.warnings.push(...asText.warnings);
    return textResult;
  }
  let parsed: unknown = env.text;
  try {
    parsed = parseYaml(env.text) ?? null;
  } catch {
    // Not YAML either: report it against the text.
  }
  const sub: Findings = { problems: [], warnings: [] };
  const result = walk(schema, parsed, path, gate, parent, sub);
  out.warnings.push(...sub.warnings);
  out.problems.push(...sub.problems.map((p) => `${p} (set by ${env.origin})`));
  return result;
}

function gateOf(schema: SchemaNode, value: Record<string, unknown>, path: string, parent: Parent | undefined): GateState | undefined {
  const gate = schema[GATE];
  if (gate === undefined) return undefined;
  const scope = gate.scope === 'parent' && parent !== undefined ? parent : { schema, value, path };
  const equals = gate.equals ?? true;
  for (const flag of gate.flags) {
    if (readFlag(scope.schema, scope.value, flag) === equals) {
      return { on: true, reason: ` (required while ${scope.path}.${flag} is ${JSON.stringify(equals)})` };
    }
  }
  return { on: false, reason: '' };
}

/** A flag's raw value, or its schema default when the file leaves it out. */
function readFlag(schema: SchemaNode | undefined, value: unknown, dotted: string): unknown {
  let s = schema;
  let v: unknown = value;
  for (const key of dotted.split('.')) {
    s = s?.properties?.[key];
    v = isMapping(v) && hasOwn(v, key) ? v[key] : MISSING;
  }
  if (v === MISSING) return s?.default;
  if (v instanceof EnvText) {
    try {
      return parseYaml(v.text);
    } catch {
      return v.text;
    }
  }
  return v;
}

function walkObject(schema: SchemaNode, value: unknown, path: string, gate: GateState, parent: Parent | undefined, out: Findings): unknown {
  if (!isMapping(value)) return typeProblem(schema, value, path, out);
  const own = gateOf(schema, value, path, parent);
  const inner = own === undefined ? gate : { on: gate.on && own.on, reason: own.reason };
  const here: Parent = { schema, value, path };
  const props = schema.properties ?? {};
  const entrySchema = mapValueSchema(schema);
  const result: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (hasOwn(props, key)) continue;
    if (entrySchema === undefined) {
      out.problems.push(`unknown key "${childPath(path, key)}"${didYouMean(key, Object.keys(props))}`);
      continue;
    }
    const r = walk(entrySchema, v, childPath(path, key), inner, here, out);
    if (r !== MISSING) result[key] = r;
  }
  const required = new Set(schema.required ?? []);
  for (const [key, sub] of Object.entries(props)) {
    const present = hasOwn(value, key);
    if (!present && !required.has(key)) continue;
    const r = walk(sub, present ? value[key] : MISSING, childPath(path, key), inner, here, out);
    if (r !== MISSING) result[key] = r;
  }
  return result;
}

function walkArray(schema: SchemaNode, value: unknown, path: string, gate: GateState, out: Findings): unknown {
  if (!Array.isArray(value)) return typeProblem(schema, value, path, out);
  if (gate.on && schema.minItems !== undefined && value.length < schema.minItems) typeProblem(schema, value, path, out, gate.reason);
  const items = schema.items;
  if (items === undefined) return value;
  return value.map((item, i) => {
    const r = walk(items, item, childPath(path, i), gate, undefined, out);
    return r === MISSING ? null : r;
  });
}

function walkString(schema: SchemaNode, value: unknown, path: string, gate: GateState, out: Findings): unknown {
  if (typeof value !== 'string') return typeProblem(schema, value, path, out);
  if (!gate.on) return value;
  if (schema.minLength !== undefined && value.length < schema.minLength) return typeProblem(schema, value, path, out, gate.reason);
  if (schema.format !== undefined && !checkFormat(schema.format, value)) return typeProblem(schema, value, path, out);
  return value;
}

function walkNumber(schema: SchemaNode, value: unknown, path: string, gate: GateState, out: Findings): unknown {
  const ok = typeof value === 'number' && Number.isFinite(value) && (schema.type !== 'integer' || Number.isInteger(value));
  if (!ok) return typeProblem(schema, value, path, out);
  if (!gate.on) return value;
  const { minimum, maximum, multipleOf } = schema;
  const outside =
    (minimum !== undefined && value < minimum) ||
    (maximum !== undefined && value > maximum) ||
    (multipleOf !== undefined && value % multipleOf !== 0);
  return outside ? typeProblem(schema, value, path, out) : value;
}

function walkEnum(schema: SchemaNode, value: unknown, path: string, out: Findings): unknown {
  const words = schema.enum ?? [];
  if (words.includes(value)) return value;
  if (typeof value === 'string') {
    if (schema[CASE_INSENSITIVE] === true) {
      const hit = words.find((w) => typeof w === 'string' && w === value.trim().toLowerCase());
      if (hit !== undefined) return hit;
    }
    const texts = words.filter((w): w is string => typeof w === 'string');
    return typeProblem(schema, value, path, out, didYouMean(value, texts));
  }
  return typeProblem(schema, value, path, out);
}

function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

function branchKinds(schema: SchemaNode): string[] {
  if (schema.anyOf !== undefined) return schema.anyOf.flatMap(branchKinds);
  if (schema.type === 'object') return ['object'];
  if (schema.type === 'array') return ['array'];
  return [];
}

function walkUnion(schema: SchemaNode, value: unknown, path: string, gate: GateState, parent: Parent | undefined, out: Findings): unknown {
  const trials = (schema.anyOf ?? []).map((branch) => {
    const sub: Findings = { problems: [], warnings: [] };
    return { branch, result: walk(branch, value, path, gate, parent, sub), sub };
  });
  const ok = trials.find((t) => t.sub.problems.length === 0);
  if (ok !== undefined) {
    out.warnings.push(...ok.sub.warnings);
    return ok.result;
  }
  // A mapping or list that fits one branch's shape gets that branch's precise problems, not "expected A or B".
  const sameShape = trials.filter((t) => branchKinds(t.branch).includes(kindOf(value)));
  if (sameShape.length === 1) {
    out.problems.push(...sameShape[0].sub.problems);
    return value;
  }
  return typeProblem(schema, value, path, out);
}

function normalise(schema: SchemaNode, value: unknown): unknown {
  switch (schema[NORMALISE]) {
    case 'toString':
      return typeof value === 'number' || typeof value === 'boolean' ? String(value) : value;
    case 'objectId':
      return typeof value === 'string' ? { objectId: value } : value;
    default:
      return value;
  }
}
