// When to try a failed batch again. Exponential backoff with full jitter for transient failures (so many
// writers recovering at once do not hit the backend in lockstep), a slower schedule for configuration
// problems that only an administrator can fix, and the server's own Retry-After when it sends one.

import type { SinkFailureKind } from '../sink-error.js';
import type { RandomSource } from '../../clock.js';

export interface BackoffPolicy {
  /** First retry window for transient failures. */
  initialMs: number;
  /** Cap of the transient window. */
  maxMs: number;
  /** First retry delay for `config` failures (401/403/404, permissions). */
  configInitialMs: number;
  /** Cap for `config` failures. */
  configMaxMs: number;
  /** Upper bound for a server-sent Retry-After, so a bogus header cannot park a queue for hours. */
  maxRetryAfterMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = {
  initialMs: 250,
  maxMs: 30_000,
  configInitialMs: 5_000,
  configMaxMs: 60_000,
  maxRetryAfterMs: 300_000,
};

function window(initial: number, cap: number, failures: number): number {
  // 2^(failures-1) overflows to Infinity long before it matters; Math.min keeps it at the cap.
  return Math.min(cap, initial * 2 ** Math.max(0, failures - 1));
}

/**
 * Delay before the next attempt.
 * @param failures how many attempts of this batch have failed so far (1 after the first failure)
 */
export function retryDelayMs(
  policy: BackoffPolicy,
  failures: number,
  kind: SinkFailureKind,
  retryAfterMs: number | undefined,
  random: RandomSource,
): number {
  if (retryAfterMs !== undefined && retryAfterMs >= 0) return Math.min(retryAfterMs, policy.maxRetryAfterMs);
  if (kind === 'config') {
    // Equal jitter: never faster than half the window, because retrying fast cannot fix a password.
    const w = window(policy.configInitialMs, policy.configMaxMs, failures);
    return Math.round(w / 2 + random() * (w / 2));
  }
  return Math.round(random() * window(policy.initialMs, policy.maxMs, failures));
}
