// Environment overrides: BUTLER_SOS__<SECTION>__<KEY>... sets `Butler-SOS.<section>.<key>...`. Double
// underscores separate path segments (single underscores and letter case are free, so BUTLER_SOS__LOGLEVEL and
// BUTLER_SOS__logLevel both reach `logLevel`); a number segment indexes a list. Each segment is matched
// against the schema, so a typo is a problem that names the variable rather than a silently ignored setting.

import { ButlerSosSchema, ROOT_KEY } from './schema/index.js';
import { childPath, didYouMean, EnvText } from './problems.js';
import { mapValueSchema, node, type SchemaNode } from './schema-node.js';

export const ENV_PREFIX = 'BUTLER_SOS__';

type Container = Record<string, unknown> | unknown[];

/** The override variables in `env`, sorted by name so the result does not depend on the environment's order. */
export function overrideNames(env: NodeJS.ProcessEnv): string[] {
  return Object.keys(env)
    .filter((name) => name.toUpperCase().startsWith(ENV_PREFIX) && env[name] !== undefined)
    .sort();
}

/** Applies every override to `root` (the object under `Butler-SOS`, modified in place); returns applied paths. */
export function applyEnvOverrides(root: Record<string, unknown>, env: NodeJS.ProcessEnv, problems: string[]): string[] {
  const applied: string[] = [];
  for (const name of overrideNames(env)) {
    const path = applyOne(root, name, env[name] as string, problems);
    if (path !== undefined) applied.push(`${name} → ${path}`);
  }
  return applied;
}

/** The object branch of `serverTags: {…} | null` and similar unions, where a path can continue. */
function containerSchema(schema: SchemaNode): SchemaNode {
  const branch = schema.anyOf?.find((b) => b.type === 'object' || b.type === 'array');
  return branch ?? schema;
}

function applyOne(root: Record<string, unknown>, name: string, value: string, problems: string[]): string | undefined {
  const segments = name.slice(ENV_PREFIX.length).split('__');
  let schema = node(ButlerSosSchema);
  let target: Container = root;
  let path = ROOT_KEY;
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i];
    const step = resolveSegment(containerSchema(schema), target, segment);
    if (typeof step === 'string') {
      problems.push(`environment variable ${name}: ${step.replace('{path}', childPath(path, segment))}`);
      return undefined;
    }
    path = childPath(path, step.key);
    schema = step.schema;
    if (i === segments.length - 1) {
      setChild(target, step.key, new EnvText(value, `environment variable ${name}`));
      return path;
    }
    target = ensureContainer(target, step.key, containerSchema(schema));
  }
  return undefined;
}

type Step = { key: string | number; schema: SchemaNode } | string;

function resolveSegment(schema: SchemaNode, target: Container, segment: string): Step {
  if (segment === '') return 'empty path segment (three or more underscores in a row?)';
  if (schema.type === 'array' && schema.items !== undefined) {
    const index = /^\d+$/.test(segment) ? Number(segment) : NaN;
    const length = Array.isArray(target) ? target.length : 0;
    if (!(index <= length)) return `"{path}": expected a list index from 0 to ${length}`;
    return { key: index, schema: schema.items };
  }
  const props = schema.properties ?? {};
  const key = Object.keys(props).find((k) => k.toLowerCase() === segment.toLowerCase());
  if (key !== undefined) return { key, schema: props[key] };
  const entries = mapValueSchema(schema);
  if (entries !== undefined) return { key: segment, schema: entries };
  if (schema.type !== 'object') return `"{path}": the value above it is not a mapping`;
  return `unknown key "{path}"${didYouMean(segment, Object.keys(props))}`;
}

function setChild(target: Container, key: string | number, value: unknown): void {
  (target as Record<string | number, unknown>)[key] = value;
}

function ensureContainer(target: Container, key: string | number, schema: SchemaNode): Container {
  const current = (target as Record<string | number, unknown>)[key];
  const wantList = schema.type === 'array';
  if (wantList ? Array.isArray(current) : current !== null && typeof current === 'object' && !Array.isArray(current) && !(current instanceof EnvText)) {
    return current as Container;
  }
  const created: Container = wantList ? [] : {};
  setChild(target, key, created);
  return created;
}
