// Loading a Butler SOS configuration file: YAML → `${VAR}` substitution → BUTLER_SOS__ overrides → schema walk
// (defaults, null lists, types, unknown keys, gated required values) → start-up checks. Every problem found on
// the way is collected and thrown together as one ConfigError, one line each, prefixed with the file name.

import { readFileSync } from 'node:fs';
import { applyEnvOverrides } from './env-overrides.js';
import { substituteEnv } from './env-substitute.js';
import { ConfigError, didYouMean } from './problems.js';
import { ROOT_KEY, type Config } from './schema/index.js';
import { validateConfig } from './validate.js';
import { verifyConfig } from './verify.js';
import { notAppliedWarnings } from './not-applied.js';
import { parseYamlText } from './yaml-source.js';

export { ConfigError } from './problems.js';

export interface LoadedConfig {
  config: Config;
  /** The file (or source name) the configuration came from. */
  file: string;
  /** Not fatal, worth logging at start-up: ignored sections, odd rules, no destination. */
  warnings: string[];
  /** The environment overrides that were applied, as `VARIABLE → Butler-SOS.path`. */
  overrides: string[];
}

export interface LoadOptions {
  /** `--skip-config-verification`: skip the start-up checks (server tags, certificates, ports); the schema still applies. */
  skipVerification?: boolean;
}

/** Reads and validates a configuration file; throws ConfigError listing every problem. */
export function loadConfigFile(path: string, env: NodeJS.ProcessEnv = process.env, options: LoadOptions = {}): LoadedConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'is a directory' : (err as Error).message;
    throw new ConfigError([`${path}: cannot read the configuration file: ${why}`]);
  }
  return loadConfigText(text, path, env, options);
}

/** Validates configuration text; `sourceName` prefixes every problem line. */
export function loadConfigText(text: string, sourceName: string, env: NodeJS.ProcessEnv = process.env, options: LoadOptions = {}): LoadedConfig {
  const problems: string[] = [];
  const warnings: string[] = [];
  const fail = (): never => {
    throw new ConfigError(
      problems.map((p) => (p.startsWith(`${sourceName}:`) ? p : `${sourceName}: ${p}`)),
      warnings,
    );
  };

  const parsed = parseYamlText(text, sourceName);
  problems.push(...parsed.problems);
  if (problems.length > 0) fail();

  const root = rootSection(parsed.data, problems);
  if (root === undefined) fail();

  const substituted = substituteEnv(root, ROOT_KEY, env, problems) as Record<string, unknown>;
  const overrides = applyEnvOverrides(substituted, env, problems);
  const validated = validateConfig(substituted);
  problems.push(...validated.problems);
  warnings.push(...validated.warnings);
  if (problems.length > 0) fail();
  warnings.push(...notAppliedWarnings(validated.config));

  if (options.skipVerification !== true) {
    const checked = verifyConfig(validated.config);
    problems.push(...checked.problems);
    warnings.push(...checked.warnings);
    if (problems.length > 0) fail();
  }
  return { config: validated.config, file: sourceName, warnings, overrides };
}

/** The mapping under `Butler-SOS`; anything else at the top level is a problem. */
function rootSection(data: unknown, problems: string[]): Record<string, unknown> | undefined {
  if (data === null || data === undefined) {
    problems.push(`the file is empty; expected a mapping with the key "${ROOT_KEY}"`);
    return undefined;
  }
  if (typeof data !== 'object' || Array.isArray(data)) {
    problems.push(`expected a mapping with the key "${ROOT_KEY}" at the top level, found ${Array.isArray(data) ? 'a list' : 'a single value'}`);
    return undefined;
  }
  const keys = Object.keys(data);
  for (const key of keys) {
    if (key !== ROOT_KEY) problems.push(`unknown key "${key}" at the top level${didYouMean(key, [ROOT_KEY])}`);
  }
  if (!keys.includes(ROOT_KEY)) {
    if (keys.length === 0 || !keys.some((k) => k.toLowerCase() === ROOT_KEY.toLowerCase())) problems.push(`missing the top-level key "${ROOT_KEY}"`);
    return undefined;
  }
  const root = (data as Record<string, unknown>)[ROOT_KEY];
  if (root === null) return {};
  if (typeof root !== 'object' || Array.isArray(root)) {
    problems.push(`${ROOT_KEY}: expected a mapping, found ${Array.isArray(root) ? 'a list' : 'a single value'}`);
    return undefined;
  }
  return problems.length > 0 ? undefined : (root as Record<string, unknown>);
}
