// Requests per minute per client IP, as Butler SOS's @fastify/rate-limit did for the config page and the audit
// API (300 by default): a fixed one-minute window per IP from its first request; over the limit → 429 with
// Retry-After. Memory is bounded: finished windows are swept, and past MAX_CLIENTS new addresses share one
// overflow bucket. The first refusal of an IP in each
// window is logged at warn (one line per client and minute, not one per request, so a flood cannot flood
// the log too).

export interface RateLimitVerdict {
  allowed: boolean;
  /** Seconds until the window resets. */
  resetSeconds: number;
  remaining: number;
  /** True for the first refusal of this client in this window (the one to log). */
  firstRefusal: boolean;
}

const MAX_CLIENTS = 10_000;
const OVERFLOW = '(overflow)';

interface Window {
  start: number;
  count: number;
}

export class RateLimiter {
  private readonly windows = new Map<string, Window>();
  private lastSweep = 0;

  constructor(
    readonly limit = 300,
    private readonly windowMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  take(client: string): RateLimitVerdict {
    const now = this.now();
    this.sweep(now);
    const key = this.windows.has(client) || this.windows.size < MAX_CLIENTS ? client : OVERFLOW;
    let w = this.windows.get(key);
    if (!w || now - w.start >= this.windowMs) {
      w = { start: now, count: 0 };
      this.windows.set(key, w);
    }
    w.count++;
    const resetSeconds = Math.max(1, Math.ceil((w.start + this.windowMs - now) / 1000));
    return { allowed: w.count <= this.limit, resetSeconds, remaining: Math.max(0, this.limit - w.count), firstRefusal: w.count === this.limit + 1 };
  }

  /** Forgets finished windows (at most once a window), so memory follows the number of recent clients. */
  private sweep(now: number): void {
    if (now - this.lastSweep < this.windowMs) return;
    this.lastSweep = now;
    for (const [client, w] of this.windows) if (now - w.start >= this.windowMs) this.windows.delete(client);
  }
}
