import { createHash, timingSafeEqual } from 'node:crypto';
import type { HttpRequestInfo } from '../types.js';

// The optional access token (configVisualisation.accessToken) of both pages and the WebSocket. A browser
// opens `/?token=<token>` once: the reply sets an HttpOnly, SameSite=Strict cookie holding a hash of the
// token (never the token itself) and redirects to the clean URL, so the token leaves the address bar and
// the WebSocket upgrade carries the cookie. Scripts may send `Authorization: Bearer <token>` instead.

export const COOKIE = 'butler_sos_console';

export type AccessVerdict = 'open' | 'ok' | 'login' | 'denied';

export class AccessToken {
  private readonly digest: string;

  constructor(private readonly token: string) {
    this.digest = token === '' ? '' : hash(token);
  }

  get required(): boolean {
    return this.token !== '';
  }

  /** 'login': the query carries the right token (answer with a cookie and a redirect). */
  check(req: HttpRequestInfo): AccessVerdict {
    if (!this.required) return 'open';
    const bearer = /^Bearer\s+(.+)$/i.exec(req.headers.authorization)?.[1];
    if (bearer !== undefined && same(hash(bearer), this.digest)) return 'ok';
    const cookie = cookieValue(req.headers.cookie, COOKIE);
    if (cookie !== undefined && same(cookie, this.digest)) return 'ok';
    const fromQuery = new URLSearchParams(req.query).get('token');
    if (fromQuery !== null && same(hash(fromQuery), this.digest)) return 'login';
    return 'denied';
  }

  /** The Set-Cookie value after a successful login. */
  cookie(): string {
    return `${COOKIE}=${this.digest}; HttpOnly; SameSite=Strict; Path=/`;
  }
}

function hash(token: string): string {
  return createHash('sha256').update(`butler-sos-console:${token}`).digest('hex');
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function cookieValue(header: string, name: string): string | undefined {
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}
