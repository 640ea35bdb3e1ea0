// Numeric fields, with Butler SOS's JavaScript parseInt/parseFloat semantics
// (docs/inputs.md#parsing-rules-worth-knowing): a numeric prefix counts ("42abc" → 42, " 7" → 7), anything else gives
// the source's sentinel. A missing field is `undefined`, which parses as NaN and so also gives the sentinel.

/** Any integer, else `fallback`. */
export function integerOr(raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const n = parseInt(raw, 10);
  return n === n ? n : fallback;
}

/** An integer > 0, else `fallback`. */
export function positiveIntegerOr(raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const n = parseInt(raw, 10);
  return n > 0 ? n : fallback;
}

/** An integer >= 0, else `fallback`. */
export function nonNegativeIntegerOr(raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const n = parseInt(raw, 10);
  return n >= 0 ? n : fallback;
}

/** parseFloat; NaN when unparsable or missing (Butler passes NaN through; JSON writes it as null). */
export function floatOrNaN(raw: string | undefined): number {
  return raw === undefined ? NaN : parseFloat(raw);
}
