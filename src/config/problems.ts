// How configuration problems are reported: one line per problem, naming the key path, what was expected and
// what was found, so an admin can fix a whole file in one pass instead of one error per start attempt.

import { closest, distance } from 'fastest-levenshtein';

/** Thrown by the loader when the configuration cannot be used; `problems` holds one line per problem. */
export class ConfigError extends Error {
  readonly problems: string[];
  readonly warnings: string[];

  constructor(problems: string[], warnings: string[] = []) {
    super(`Invalid configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
    this.problems = problems;
    this.warnings = warnings;
  }
}

/**
 * A value that came from the environment (a `${VAR}` that is the whole YAML value, or a BUTLER_SOS__ override).
 * Its type is decided against the schema: text where text is accepted, otherwise the text read as YAML, so
 * `5`, `true` and `[a, b]` work without turning a numeric password into a number.
 */
export class EnvText {
  constructor(
    readonly text: string,
    readonly origin: string,
    /** The variable was not set: already reported, so the value is not checked again. */
    readonly unset = false,
  ) {}
}

const MAX_SHOWN = 60;

/** A short, unambiguous rendering of a found value for a problem line. */
export function describeFound(value: unknown): string {
  if (value instanceof EnvText) return `${describeFound(value.text)} (from ${value.origin})`;
  if (value === null) return 'an empty value (null)';
  if (Array.isArray(value)) return `a list of ${value.length} item${value.length === 1 ? '' : 's'}`;
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') {
    const shown = value.length > MAX_SHOWN ? `${value.slice(0, MAX_SHOWN)}…` : value;
    return `text ${JSON.stringify(shown)}`;
  }
  if (typeof value === 'number') return `the number ${value}`;
  return String(value);
}

/** The nearest candidate to `word`, ignoring case, when it is close enough to be a plausible typo. */
export function suggest(word: string, candidates: readonly string[]): string | undefined {
  if (candidates.length === 0) return undefined;
  const lower = candidates.map((c) => c.toLowerCase());
  const best = closest(word.toLowerCase(), lower);
  const limit = Math.max(2, Math.floor(word.length / 3));
  if (distance(word.toLowerCase(), best) > limit) return undefined;
  return candidates[lower.indexOf(best)];
}

export function didYouMean(word: string, candidates: readonly string[]): string {
  const hint = suggest(word, candidates);
  return hint === undefined ? '' : ` (did you mean "${hint}"?)`;
}

/** `a.b` + `c` → `a.b.c`; array indices are written `a.b[2]`. */
export function childPath(path: string, key: string | number): string {
  return typeof key === 'number' ? `${path}[${key}]` : `${path}.${key}`;
}
