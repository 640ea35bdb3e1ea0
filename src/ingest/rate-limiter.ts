const WINDOW_MS = 60_000;

/**
 * Butler SOS's per-socket fixed-window limiter (docs/inputs.md#limits-applied-on-the-socket-in-this-order): the window
 * starts at construction; a check at or after 60 s restarts it at that moment; a datagram passes while fewer than
 * `maxMessagesPerMinute` passed in the current window. Global per socket, not per source.
 */
export class FixedWindowRateLimiter {
  private windowStartMs: number;
  private count = 0;

  constructor(
    readonly maxMessagesPerMinute: number,
    nowMs: number = Date.now(),
  ) {
    this.windowStartMs = nowMs;
  }

  /** Counts the datagram against the window when it is allowed. */
  allow(nowMs: number): boolean {
    if (nowMs - this.windowStartMs >= WINDOW_MS) {
      this.windowStartMs = nowMs;
      this.count = 0;
    }
    if (this.count < this.maxMessagesPerMinute) {
      this.count++;
      return true;
    }
    return false;
  }

  /**
   * Messages per minute as Butler estimates it: round(count / elapsed s × 60) within the window; 0 once
   * the window has expired or when no time has elapsed. Does not restart the window.
   */
  currentRate(nowMs: number): number {
    const elapsedMs = nowMs - this.windowStartMs;
    if (elapsedMs >= WINDOW_MS || elapsedMs <= 0) return 0;
    return Math.round((this.count / (elapsedMs / 1000)) * 60);
  }
}
