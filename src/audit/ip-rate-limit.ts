// Per-client-IP request limit over fixed one-minute windows (what @fastify/rate-limit did for Butler SOS v15).
// Bounded memory: windows that ended are swept, and past MAX_CLIENTS new addresses share one overflow bucket.

const WINDOW_MS = 60_000;
const MAX_CLIENTS = 10_000;
const OVERFLOW = '(overflow)';

interface Window {
  start: number;
  count: number;
}

export interface RateDecision {
  allowed: boolean;
  /** Seconds until the client's window resets (Retry-After). */
  retryAfterS: number;
  remaining: number;
}

export class IpRateLimit {
  private readonly windows = new Map<string, Window>();
  private lastSweep = 0;

  constructor(
    readonly maxPerMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  take(ip: string): RateDecision {
    const now = this.now();
    if (now - this.lastSweep >= WINDOW_MS) this.sweep(now);
    const key = this.windows.has(ip) || this.windows.size < MAX_CLIENTS ? ip : OVERFLOW;
    let w = this.windows.get(key);
    if (!w || now - w.start >= WINDOW_MS) {
      w = { start: now, count: 0 };
      this.windows.set(key, w);
    }
    const retryAfterS = Math.max(1, Math.ceil((w.start + WINDOW_MS - now) / 1000));
    if (w.count >= this.maxPerMinute) return { allowed: false, retryAfterS, remaining: 0 };
    w.count++;
    return { allowed: true, retryAfterS, remaining: this.maxPerMinute - w.count };
  }

  get clients(): number {
    return this.windows.size;
  }

  private sweep(now: number): void {
    this.lastSweep = now;
    for (const [ip, w] of this.windows) if (now - w.start >= WINDOW_MS) this.windows.delete(ip);
  }
}
