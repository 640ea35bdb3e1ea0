// How many datagrams should have been sent after `elapsedMs`. Burstiness is a square wave around the mean rate:
// the first half of every period sends at rate × (1 + b), the second half at rate × (1 − b), so the mean stays
// `rate` while the collector sees peaks (b = 0: steady; b = 0.9: 1.9× peaks, near-silent troughs).

export interface PaceShape {
  /** Mean datagrams per second; 0 means "as fast as the sender can". */
  ratePerSec: number;
  /** 0 ≤ b < 1. */
  burstiness: number;
  burstPeriodMs: number;
}

export function expectedSent(shape: PaceShape, elapsedMs: number): number {
  const { ratePerSec: rate, burstiness: b, burstPeriodMs: period } = shape;
  if (b === 0 || period <= 0) return (rate * elapsedMs) / 1000;
  const full = Math.floor(elapsedMs / period);
  const rem = elapsedMs - full * period;
  const half = period / 2;
  const high = rate * (1 + b);
  const low = rate * (1 - b);
  const inPeriod = rem <= half ? high * rem : high * half + low * (rem - half);
  return (full * rate * period + inPeriod) / 1000;
}

export function validatePace(shape: PaceShape): void {
  if (!Number.isFinite(shape.ratePerSec) || shape.ratePerSec < 0) throw new RangeError(`rate must be ≥ 0, got ${shape.ratePerSec}`);
  if (!(shape.burstiness >= 0 && shape.burstiness < 1)) throw new RangeError(`burstiness must be in [0, 1), got ${shape.burstiness}`);
  if (!(shape.burstPeriodMs > 0)) throw new RangeError(`burst period must be > 0 ms, got ${shape.burstPeriodMs}`);
}
