import type { ErrorDetails } from '../threads/messages.js';

// Every way a Qlik Sense API call can fail, turned into the fields the error tracker needs (docs/error-tracking.md:
// code, HTTP status, request URL without query, timeout, remote address/port, syscall). Codes follow what
// Butler SOS (axios) reported, so existing error dashboards keep matching: ECONNABORTED for a timeout,
// ERR_BAD_REQUEST / ERR_BAD_RESPONSE for 4xx / 5xx.

/** A body that is not the JSON the API promises (for example the proxy's HTML login page). */
export const INVALID_BODY_CODE = 'ERR_INVALID_RESPONSE_BODY';

export class PollError extends Error {
  constructor(
    message: string,
    readonly details: ErrorDetails,
  ) {
    super(message);
    this.name = details.name ?? 'PollError';
  }
}

/** `https://host:port/path` without query string or fragment. */
export function urlWithoutQuery(url: string | URL): string {
  const u = typeof url === 'string' ? new URL(url) : url;
  return u.origin + u.pathname;
}

interface SocketErrorLike {
  code?: unknown;
  message?: unknown;
  name?: unknown;
  address?: unknown;
  port?: unknown;
  syscall?: unknown;
  cause?: unknown;
}

const TLS_CODE = /SSL|TLS|CERT|UNABLE_TO|SELF_SIGNED|ALTNAME|HOSTNAME_MISMATCH/;

function asRecord(v: unknown): SocketErrorLike | undefined {
  return typeof v === 'object' && v !== null ? (v as SocketErrorLike) : undefined;
}

/** The innermost error in a `cause` chain that carries a code (undici wraps socket errors). */
function rootCause(err: SocketErrorLike): SocketErrorLike {
  let current = err;
  for (let depth = 0; depth < 5; depth++) {
    const next = asRecord(current.cause);
    if (!next || typeof next.code !== 'string') break;
    current = next;
  }
  return current;
}

/** Error details for a failed request: transport errors keep their socket fields, TLS errors say so. */
export function transportErrorDetails(err: unknown, url: string | URL, timeoutMs: number): PollError {
  if (err instanceof PollError) return err;
  const outer = asRecord(err) ?? { message: String(err) };
  const root = rootCause(outer);
  const code = typeof root.code === 'string' ? root.code : typeof outer.code === 'string' ? outer.code : undefined;
  let message = typeof root.message === 'string' && root.message !== '' ? root.message : String(outer.message ?? err);
  // A TLS failure must read as one: the categoriser looks for TLS/SSL/cert in the message.
  if (code !== undefined && /ALERT/.test(code)) message = `TLS: the server rejected the client certificate (${message})`;
  else if (code !== undefined && TLS_CODE.test(code) && !/TLS|SSL|cert/.test(message)) message = `TLS error: ${message}`;
  const details: ErrorDetails = {
    code,
    message,
    name: typeof root.name === 'string' ? root.name : undefined,
    requestUrl: urlWithoutQuery(url),
    requestTimeoutMs: timeoutMs,
  };
  for (const src of [root, outer]) {
    if (details.remoteAddress === undefined && typeof src.address === 'string') details.remoteAddress = src.address;
    if (details.remotePort === undefined && typeof src.port === 'number') details.remotePort = src.port;
    if (details.syscall === undefined && typeof src.syscall === 'string') details.syscall = src.syscall;
  }
  return new PollError(message, details);
}

export function timeoutError(url: string | URL, timeoutMs: number): PollError {
  const message = `timeout of ${timeoutMs}ms exceeded`;
  return new PollError(message, {
    code: 'ECONNABORTED',
    name: 'TimeoutError',
    message,
    requestUrl: urlWithoutQuery(url),
    requestTimeoutMs: timeoutMs,
  });
}

export function httpStatusError(url: string | URL, timeoutMs: number, status: number, snippet: string): PollError {
  const message = `HTTP ${status} from ${urlWithoutQuery(url)}${snippet ? `: ${snippet}` : ''}`;
  return new PollError(message, {
    code: status >= 500 ? 'ERR_BAD_RESPONSE' : 'ERR_BAD_REQUEST',
    httpStatus: status,
    message,
    requestUrl: urlWithoutQuery(url),
    requestTimeoutMs: timeoutMs,
  });
}

export function invalidBodyError(url: string | URL, timeoutMs: number, what: string, status: number): PollError {
  const message = `invalid response from ${urlWithoutQuery(url)}: ${what}`;
  return new PollError(message, {
    code: INVALID_BODY_CODE,
    httpStatus: status,
    message,
    requestUrl: urlWithoutQuery(url),
    requestTimeoutMs: timeoutMs,
  });
}

/**
 * The error category of docs/error-tracking.md#error-categories (what the tracker will file it under), plus
 * `invalid_response` for a body that is not the expected JSON; used in log lines and stats.
 */
export function categorisePollError(d: ErrorDetails | undefined): string {
  if (!d) return 'unknown';
  const message = d.message ?? '';
  if (d.code === 'ETIMEDOUT' || d.code === 'ECONNABORTED' || message.includes('timeout') || d.name === 'RequestTimedOutError') {
    return 'timeout';
  }
  if (d.code === 'ECONNREFUSED') return 'connection_refused';
  if (d.code === 'ENOTFOUND') return 'host_not_found';
  if (d.code === 'ECONNRESET') return 'connection_reset';
  if (d.code === INVALID_BODY_CODE) return 'invalid_response';
  const s = d.httpStatus;
  if (s !== undefined) {
    if (s === 401 || s === 403) return 'auth_error';
    if (s === 404) return 'not_found';
    if (s === 429) return 'rate_limited';
    if (s >= 500) return 'http_5xx';
    if (s >= 400) return 'http_4xx';
  }
  if (/cert|TLS|SSL/.test(message)) return 'certificate_error';
  return 'unknown';
}
