// Request URLs reach butler_sos_errors and log lines as scheme + host + path only. Qlik's APIs take the
// Xrfkey (and sometimes tickets) in the query string, and URLs can carry user:password@ credentials; neither
// may leave the process. The URL is cut with plain string operations rather than `new URL()`, which would
// re-encode the path and drop default ports, so what is stored is exactly what was requested, minus secrets.

/** Where the path part of `url` ends: at the first `?` or `#`, else the end. */
function endOfPath(url: string, from: number): number {
  const q = url.indexOf('?', from);
  const h = url.indexOf('#', from);
  if (q === -1) return h === -1 ? url.length : h;
  return h === -1 ? q : Math.min(q, h);
}

/**
 * Scheme, host (with port) and path of a URL; query string, fragment and user info removed.
 * A URL without a scheme (a relative path) keeps its path. Non-strings and empty input give ''.
 */
export function sanitizeRequestUrl(url: unknown): string {
  if (typeof url !== 'string') return '';
  const s = url.trim();
  const schemeEnd = s.indexOf('://');
  // A '?' or '#' before '://' means the '://' sits inside the query, not after a scheme.
  if (schemeEnd <= 0 || endOfPath(s, 0) < schemeEnd) return s.slice(0, endOfPath(s, 0));
  const authorityStart = schemeEnd + 3;
  let authorityEnd = s.indexOf('/', authorityStart);
  const pathEnd = endOfPath(s, authorityStart);
  if (authorityEnd === -1 || authorityEnd > pathEnd) authorityEnd = pathEnd;
  let authority = s.slice(authorityStart, authorityEnd);
  const at = authority.lastIndexOf('@');
  if (at !== -1) authority = authority.slice(at + 1);
  return s.slice(0, authorityStart) + authority + s.slice(authorityEnd, pathEnd);
}

// scheme://... up to whitespace or a character that usually ends a URL inside prose or JSON.
const URL_IN_TEXT = /\b[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^\s"'<>`]+/g;

/**
 * Free text (an error message) with every URL in it sanitised as above, for log lines: libraries put the full
 * request URL, query string included, into their error messages.
 */
export function redactUrlsInText(text: string): string {
  if (!text.includes('://')) return text;
  return text.replace(URL_IN_TEXT, (match) => sanitizeRequestUrl(match));
}
