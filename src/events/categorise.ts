// Log-event categorisation (docs/inputs.md#categorisation-logeventscategorise), compiled once from
// `logEvents.categorise`.
//
// Our fixes of Butler SOS v15 (docs/compatibility.md S10-S12, S16):
// - `action: drop` really drops the event (Butler ignored it and published the event with `category: []`).
// - `FATAL` (and any other level string) is allowed in `logLevel`; Butler's schema refused FATAL.
// - `action` and filter `type` are compared case-insensitively (`Drop`, `SW` work); Butler lower-cased them only
//   in its validation copy, so at runtime they never matched. Filter values stay case-sensitive, as Butler.
// - An event without a `message` (qix-perf) is evaluated with message '' (Butler threw and lost the event).
// Unchanged: rules are cumulative, in file order; the first matching filter of a rule decides; a drop rule returns
// at once; categories are de-duplicated by name+value; the default applies only when no rule matched.
//
// The category arrays returned are shared between events and frozen: read them, never modify them.
import type { CategoriseConfig, CategoriseRule } from './options.js';
import type { Category } from './types.js';

/** Returned by a categoriser when a rule with action `drop` matched. */
export const DROP: unique symbol = Symbol('drop');

/** `level` and `message` of a parsed log event → its categories, or DROP. */
export type Categoriser = (level: string, message: string | undefined) => Category[] | typeof DROP;

const STARTS_WITH = 0;
const ENDS_WITH = 1;
const CONTAINS = 2;

interface CompiledFilter {
  kind: number;
  value: string;
}

interface CompiledRule {
  levels: Set<string>;
  drop: boolean;
  filters: CompiledFilter[];
  category: Category[];
}

const NO_CATEGORIES: Category[] = Object.freeze([]) as unknown as Category[];

function filterKind(type: unknown): number {
  const t = typeof type === 'string' ? type.toLowerCase() : '';
  return t === 'sw' ? STARTS_WITH : t === 'ew' ? ENDS_WITH : t === 'so' ? CONTAINS : -1;
}

function sameCategory(list: readonly Category[], c: Category): boolean {
  for (let i = 0; i < list.length; i++) if (list[i].name === c.name && list[i].value === c.value) return true;
  return false;
}

function dedupe(categories: readonly Category[]): Category[] {
  const out: Category[] = [];
  for (const c of categories) if (!sameCategory(out, c)) out.push({ name: String(c.name), value: String(c.value) });
  return out;
}

function freeze(categories: Category[]): Category[] {
  for (const c of categories) Object.freeze(c);
  return Object.freeze(categories) as unknown as Category[];
}

function compileRule(rule: CategoriseRule): CompiledRule {
  const filters: CompiledFilter[] = [];
  for (const f of rule.filter ?? []) {
    const kind = filterKind(f?.type);
    // A filter of unknown type can never match (Butler warned per event); categoriseConfigWarnings reports it once.
    if (kind >= 0 && typeof f.value === 'string') filters.push({ kind, value: f.value });
  }
  return {
    levels: new Set((rule.logLevel ?? []).map((l) => String(l).trim().toLowerCase())),
    drop: typeof rule.action === 'string' && rule.action.trim().toLowerCase() === 'drop',
    filters,
    category: freeze(dedupe(rule.category ?? [])),
  };
}

function matchesAny(filters: readonly CompiledFilter[], message: string): boolean {
  for (let i = 0; i < filters.length; i++) {
    const f = filters[i];
    if (f.kind === STARTS_WITH ? message.startsWith(f.value) : f.kind === ENDS_WITH ? message.endsWith(f.value) : message.includes(f.value)) {
      return true;
    }
  }
  return false;
}

/** Compiles `logEvents.categorise`; returns undefined when categorisation is disabled. */
export function createCategoriser(config: CategoriseConfig | null | undefined): Categoriser | undefined {
  if (config?.enable !== true) return undefined;
  const rules = (config.rules ?? []).filter((r) => r != null).map(compileRule);
  const fallback =
    config.ruleDefault?.enable === true
      ? freeze((config.ruleDefault.category ?? []).map((c) => ({ name: String(c.name), value: String(c.value) })))
      : NO_CATEGORIES;

  return (level: string, message: string | undefined): Category[] | typeof DROP => {
    const lvl = level.toLowerCase();
    const msg = message ?? '';
    let matched: Category[] | undefined;
    let merged: Category[] | undefined;
    for (let r = 0; r < rules.length; r++) {
      const rule = rules[r];
      if (!rule.levels.has(lvl) || !matchesAny(rule.filters, msg)) continue;
      if (rule.drop) return DROP;
      if (matched === undefined) {
        matched = rule.category;
      } else {
        merged ??= matched.slice();
        for (const c of rule.category) if (!sameCategory(merged, c)) merged.push(c);
      }
    }
    if (matched === undefined) return fallback;
    return merged ?? matched;
  };
}

/** Problems in `logEvents.categorise` worth a warning at start-up (Butler warned per event instead). */
export function categoriseConfigWarnings(config: CategoriseConfig | null | undefined): string[] {
  const warnings: string[] = [];
  if (config?.enable !== true) return warnings;
  (config.rules ?? []).forEach((rule, i) => {
    const name = rule?.description ? `'${rule.description}'` : `#${i + 1}`;
    for (const f of rule?.filter ?? []) {
      if (filterKind(f?.type) < 0) warnings.push(`Categorise rule ${name}: filter type '${String(f?.type)}' is not recognised`);
    }
    const action = typeof rule?.action === 'string' ? rule.action.trim().toLowerCase() : '';
    if (action !== 'categorise' && action !== 'drop') {
      warnings.push(`Categorise rule ${name}: action '${String(rule?.action)}' is not 'categorise' or 'drop'; treated as 'categorise'`);
    }
  });
  return warnings;
}
