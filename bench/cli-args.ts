// A small flag parser for the bench and simulator CLIs: `--name value`, `--name=value` and boolean `--flag`.
// Unknown flags are an error that names the flag and the nearest known one, like the config loader does.

export interface FlagSpec {
  /** Takes a value (`--rate 5000`) or is a switch (`--quick`). */
  kind: 'value' | 'switch';
  help: string;
  /** Shown in --help. */
  default?: string;
}

export type FlagSpecs = Record<string, FlagSpec>;

export interface ParsedFlags {
  values: Map<string, string>;
  switches: Set<string>;
}

export class CliError extends Error {}

function nearest(name: string, known: string[]): string | undefined {
  let best: string | undefined;
  let bestScore = Infinity;
  for (const k of known) {
    const score = distance(name, k);
    if (score < bestScore) {
      bestScore = score;
      best = k;
    }
  }
  return bestScore <= Math.max(2, name.length / 3) ? best : undefined;
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length];
}

export function parseFlags(argv: readonly string[], specs: FlagSpecs): ParsedFlags {
  const values = new Map<string, string>();
  const switches = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) throw new CliError(`unexpected argument '${arg}' (flags start with --)`);
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    const spec = specs[name];
    if (spec === undefined) {
      const hint = nearest(name, Object.keys(specs));
      throw new CliError(`unknown flag --${name}${hint ? ` (did you mean --${hint}?)` : ''}; see --help`);
    }
    if (spec.kind === 'switch') {
      if (eq !== -1) throw new CliError(`--${name} takes no value`);
      switches.add(name);
      continue;
    }
    const value = eq !== -1 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined) throw new CliError(`--${name} needs a value`);
    values.set(name, value);
  }
  return { values, switches };
}

export function numberFlag(flags: ParsedFlags, name: string, fallback: number, range: { min?: number; max?: number; integer?: boolean } = {}): number {
  const text = flags.values.get(name);
  if (text === undefined) return fallback;
  const value = Number(text.replace(/_/g, '').replace(/k$/i, '000'));
  const { min = -Infinity, max = Infinity, integer = false } = range;
  if (!Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value))) {
    throw new CliError(`--${name}: '${text}' is not ${integer ? 'an integer' : 'a number'} in [${min}, ${max}]`);
  }
  return value;
}

export function stringFlag(flags: ParsedFlags, name: string, fallback: string): string {
  return flags.values.get(name) ?? fallback;
}

export function helpText(usage: string, specs: FlagSpecs): string {
  const lines = [usage, '', 'Flags:'];
  for (const [name, spec] of Object.entries(specs)) {
    const left = `  --${name}${spec.kind === 'value' ? ' <v>' : ''}`;
    const def = spec.default !== undefined ? ` (default ${spec.default})` : '';
    lines.push(`${left.padEnd(28)} ${spec.help}${def}`);
  }
  return lines.join('\n');
}
