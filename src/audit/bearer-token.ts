import { createHash, timingSafeEqual } from 'node:crypto';

// The optional `auditEvents.apiToken`. Both sides are hashed to equal-length digests before the constant-time
// comparison, so neither the content nor the length of the configured token leaks through response timing.

export class BearerToken {
  private readonly expected: Buffer | null;

  constructor(token: string) {
    this.expected = token ? digest(token) : null;
  }

  get required(): boolean {
    return this.expected !== null;
  }

  /** True when no token is configured or the Authorization header carries the right one. */
  accepts(authorization: string): boolean {
    if (!this.expected) return true;
    const given = bearerOf(authorization);
    // Compare even when absent so the time taken does not say whether a token was sent.
    const ok = timingSafeEqual(digest(given ?? ''), this.expected);
    return ok && given !== null;
  }
}

function digest(s: string): Buffer {
  return createHash('sha256').update(s, 'utf8').digest();
}

/** The token of an `Authorization: Bearer <token>` header (scheme in any case); null when absent. */
export function bearerOf(header: string): string | null {
  if (header.length < 7 || header.slice(0, 7).toLowerCase() !== 'bearer ') return null;
  const token = header.slice(7).trim();
  return token || null;
}
