import type { ErrorDetails } from '../threads/messages.js';

// The error_category of docs/error-tracking.md#error-categories, decided by that table in its order: the first row that
// matches wins. The order matters: an axios timeout carries code ECONNABORTED *and* may carry no response, a TLS
// failure behind a proxy may come back as HTTP 502 (http_5xx, not certificate_error), and so on.
// Text matches are case-sensitive, as the documented table spells them ('timeout', 'cert', 'TLS', 'SSL', 'mqtt',
// 'new relic'): producers that wrap other libraries (undici) map their timeouts onto ETIMEDOUT/ECONNABORTED.

export const ERROR_CATEGORIES = [
  'timeout',
  'connection_refused',
  'host_not_found',
  'connection_reset',
  'auth_error',
  'not_found',
  'rate_limited',
  'http_5xx',
  'http_4xx',
  'certificate_error',
  'mqtt_error',
  'new_relic_error',
  'unknown',
] as const;

export type ErrorCategory = (typeof ERROR_CATEGORIES)[number];

/**
 * The pollers' code for a 2xx answer whose body is not the JSON the API documents (HTML login page, wrong shape;
 * src/pollers/poll-error.ts INVALID_BODY_CODE). The documented table has no category for it and is closed, so it is
 * `unknown`, as in Butler SOS (where such a body failed later with a TypeError). Its message quotes the response
 * (an HTML title such as "Session timeout", the URL), which is data, not an error text: the text rows must not
 * file it under timeout or certificate_error.
 */
export const INVALID_RESPONSE_BODY_CODE = 'ERR_INVALID_RESPONSE_BODY';

interface Rule {
  category: ErrorCategory;
  matches(err: ErrorDetails, message: string): boolean;
}

const hasStatus = (err: ErrorDetails, test: (status: number) => boolean): boolean =>
  typeof err.httpStatus === 'number' && Number.isFinite(err.httpStatus) && test(err.httpStatus);

/**
 * The documented table (docs/error-tracking.md#error-categories), top to bottom. `unknown` is the fall-through, not a
 * rule.
 */
const RULES: readonly Rule[] = [
  {
    category: 'timeout',
    matches: (err, message) =>
      err.code === 'ETIMEDOUT' || err.code === 'ECONNABORTED' || message.includes('timeout') || err.name === 'RequestTimedOutError',
  },
  { category: 'connection_refused', matches: (err) => err.code === 'ECONNREFUSED' },
  { category: 'host_not_found', matches: (err) => err.code === 'ENOTFOUND' },
  { category: 'connection_reset', matches: (err) => err.code === 'ECONNRESET' },
  { category: 'auth_error', matches: (err) => hasStatus(err, (s) => s === 401 || s === 403) },
  { category: 'not_found', matches: (err) => hasStatus(err, (s) => s === 404) },
  { category: 'rate_limited', matches: (err) => hasStatus(err, (s) => s === 429) },
  { category: 'http_5xx', matches: (err) => hasStatus(err, (s) => s >= 500) },
  // 401, 403, 404 and 429 were taken by the rows above.
  { category: 'http_4xx', matches: (err) => hasStatus(err, (s) => s >= 400 && s <= 499) },
  {
    category: 'certificate_error',
    matches: (_err, message) => message.includes('cert') || message.includes('TLS') || message.includes('SSL'),
  },
  { category: 'mqtt_error', matches: (_err, message) => message.includes('mqtt') },
  { category: 'new_relic_error', matches: (_err, message) => message.includes('new relic') },
];

/** The category of an error; `unknown` when there is no error object or no row matches. */
export function categoriseError(err: ErrorDetails | undefined): ErrorCategory {
  if (err === undefined || err === null) return 'unknown';
  if (err.code === INVALID_RESPONSE_BODY_CODE) return 'unknown';
  const message = typeof err.message === 'string' ? err.message : '';
  for (const rule of RULES) {
    if (rule.matches(err, message)) return rule.category;
  }
  return 'unknown';
}
