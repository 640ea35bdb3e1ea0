// `${VAR}` in string values of the YAML file, so secrets and per-host values can stay out of the file.
//   key: ${VAR}           the whole value: typed against the schema (text, or a number/boolean/list read as YAML)
//   key: http://${HOST}:1 inside text: plain text substitution
//   ${VAR:-fallback}      fallback when VAR is unset or empty
//   $${VAR}               a literal "${VAR}"

import { childPath, EnvText } from './problems.js';

const REFERENCE = /\$(\$?)\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;
const WHOLE = /^\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}$/;

/** Replaces references in every string of `tree`; each unset variable without fallback is one problem. */
export function substituteEnv(tree: unknown, path: string, env: NodeJS.ProcessEnv, problems: string[]): unknown {
  if (typeof tree === 'string') return substituteString(tree, path, env, problems);
  if (Array.isArray(tree)) return tree.map((item, i) => substituteEnv(item, childPath(path, i), env, problems));
  if (tree !== null && typeof tree === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(tree)) out[key] = substituteEnv(value, childPath(path, key), env, problems);
    return out;
  }
  return tree;
}

function lookup(name: string, fallback: string | undefined, path: string, env: NodeJS.ProcessEnv, problems: string[]): string {
  const value = env[name];
  if (value !== undefined && !(value === '' && fallback !== undefined)) return value;
  if (fallback !== undefined) return fallback;
  problems.push(`${path}: environment variable "${name}" is not set (referenced as \${${name}})`);
  return '';
}

function substituteString(text: string, path: string, env: NodeJS.ProcessEnv, problems: string[]): unknown {
  if (!text.includes('${')) return text;
  const whole = WHOLE.exec(text);
  if (whole !== null) {
    const [, name, fallback] = whole;
    const before = problems.length;
    const value = lookup(name, fallback, path, env, problems);
    return new EnvText(value, `environment variable ${name}`, problems.length > before);
  }
  return text.replace(REFERENCE, (_match, escaped: string, name: string, fallback: string | undefined) =>
    escaped === '$' ? _match.slice(1) : lookup(name, fallback, path, env, problems),
  );
}
