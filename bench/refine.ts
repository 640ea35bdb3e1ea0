// Narrowing down the highest lossless rate after the ladder. The default ladder's steps are far apart (50,000,
// then 75,000/s), so a collector that takes 62,000/s was reported as 50,000 and its ratio to the baseline
// understated by a fifth. After the ladder, up to `--refine N` more steps halve the gap between the highest rate
// without loss and the lowest rate that lost; each is an ordinary step of the full duration, so a rate it finds
// was sustained like any other.

import type { StepResult } from './result.js';

/** Stop refining once the gap is this small a share of the lower rate (or 100/s). */
const CLOSE_ENOUGH = 0.03;
const MIN_GAP_PER_S = 100;

/** A step that counts as sustained for `max_sustained_per_s` (result.ts maxSustained). */
export function sustained(s: StepResult): boolean {
  return s.lost_after_socket === 0 && (s.ring_drops ?? 0) === 0 && s.written > 0;
}

/**
 * The bracket to refine: the highest requested rate that was sustained below the lowest one that was not;
 * null when no step failed or none below the first failure passed.
 */
export function refineBracket(steps: readonly StepResult[]): { low: number; high: number } | null {
  const failed = steps.filter((s) => !sustained(s)).map((s) => s.requested_per_s);
  if (failed.length === 0) return null;
  const high = Math.min(...failed);
  const below = steps.filter((s) => sustained(s) && s.requested_per_s < high).map((s) => s.requested_per_s);
  return below.length === 0 ? null : { low: Math.max(...below), high };
}

/** The next rate to try between `low` (sustained) and `high` (not), rounded to a readable figure; null when close enough. */
export function nextRefineRate(low: number, high: number): number | null {
  if (high - low <= Math.max(MIN_GAP_PER_S, low * CLOSE_ENOUGH)) return null;
  const mid = (low + high) / 2;
  const unit = mid >= 20_000 ? 1000 : mid >= 2000 ? 100 : 10;
  const rate = Math.round(mid / unit) * unit;
  return rate > low && rate < high ? rate : null;
}

/** Up to `count` steps between the highest sustained rate and the lowest lossy one, appended to `steps`. */
export async function refine(steps: StepResult[], count: number, run: (rate: number) => Promise<StepResult>): Promise<void> {
  for (let i = 0; i < count; i++) {
    const bracket = refineBracket(steps);
    const rate = bracket && nextRefineRate(bracket.low, bracket.high);
    if (!rate) return;
    steps.push(await run(rate));
  }
}
