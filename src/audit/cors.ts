// CORS for the browser extension (Butler SOS v15 rules): an empty allowedOrigins list sends no CORS headers
// (browsers then refuse cross-origin calls); '*' allows any origin with a static '*' (never a reflected
// Origin); otherwise only listed origins are echoed back.

export const CORS_METHODS = 'GET, POST, OPTIONS';
const ALLOWED_HEADERS = 'Content-Type, Authorization, X-Audit-QS-Version';

export class CorsPolicy {
  private readonly any: boolean;
  private readonly origins: ReadonlySet<string>;

  constructor(allowedOrigins: readonly string[]) {
    this.any = allowedOrigins.includes('*');
    this.origins = new Set(allowedOrigins);
  }

  /** Headers for a response to a request with this Origin header ('' when none); {} when not allowed. */
  headers(origin: string): Record<string, string> {
    if (this.any) return { 'Access-Control-Allow-Origin': '*' };
    if (origin && this.origins.has(origin)) return { 'Access-Control-Allow-Origin': origin, Vary: 'Origin' };
    return this.origins.size > 0 ? { Vary: 'Origin' } : {};
  }

  /** Headers for a preflight (OPTIONS) answer. */
  preflight(origin: string, requestedHeaders: string): Record<string, string> {
    const base = this.headers(origin);
    if (!base['Access-Control-Allow-Origin']) return base;
    return {
      ...base,
      'Access-Control-Allow-Methods': CORS_METHODS,
      'Access-Control-Allow-Headers': requestedHeaders || ALLOWED_HEADERS,
      'Access-Control-Max-Age': '600',
    };
  }
}
