// The error a sink's write() rejects with. The kind drives the delivery layer: retry soon, give up on
// this batch, or retry slowly until an administrator fixes the configuration. The details are what the
// error tracker categorises (docs/error-tracking.md#error-categories).

import type { ErrorDetails } from '../threads/messages.js';

/**
 * - `retryable`: timeouts, connection errors, 429, 5xx, full disk. The same batch may succeed later.
 * - `rejected`: the backend refused (part of) this batch for good (HTTP 400 parse errors, field type
 *   conflicts). Retrying cannot help; `rejectedLines` says how many lines are lost, the rest were written.
 * - `config`: 401/403/404 database not found, permission denied. Retrying helps only after a human acts,
 *   so the delivery layer retries slowly.
 */
export type SinkFailureKind = 'retryable' | 'rejected' | 'config';

export interface SinkWriteErrorInit {
  kind: SinkFailureKind;
  details: ErrorDetails;
  /** From a 429/503 Retry-After header. */
  retryAfterMs?: number;
  /** For `rejected`: lines the backend did not store. Defaults to the whole batch. */
  rejectedLines?: number;
  /** For `rejected`: the offending lines (or the backend's reason per line), for one log entry. */
  offending?: string[];
  cause?: unknown;
}

export class SinkWriteError extends Error {
  readonly kind: SinkFailureKind;
  readonly details: ErrorDetails;
  readonly retryAfterMs: number | undefined;
  readonly rejectedLines: number | undefined;
  readonly offending: readonly string[];

  constructor(init: SinkWriteErrorInit) {
    super(init.details.message ?? 'Destination write failed', { cause: init.cause });
    this.name = 'SinkWriteError';
    this.kind = init.kind;
    this.details = init.details;
    this.retryAfterMs = init.retryAfterMs;
    this.rejectedLines = init.rejectedLines;
    this.offending = init.offending ?? [];
  }
}

/** Network error codes that mean "try again later" (Node and undici spellings). */
const RETRYABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'ENOSPC',
  'EDQUOT',
  'EIO',
  'EMFILE',
  'ENFILE',
  'EBUSY',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_DESTROYED',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

const TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT']);

/** Filesystem codes that need an administrator (permissions, a file where a directory should be). */
const CONFIG_FS_CODES = new Set(['EACCES', 'EPERM', 'EROFS', 'ENOTDIR', 'EISDIR', 'ENOENT', 'EEXIST']);

/** Classification by HTTP status, shared by every HTTP destination. */
export function kindOfHttpStatus(status: number): SinkFailureKind {
  if (status === 401 || status === 403 || status === 404) return 'config';
  if (status === 408 || status === 429 || status >= 500) return 'retryable';
  return 'rejected';
}

interface NodeLikeError {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  syscall?: unknown;
  address?: unknown;
  port?: unknown;
  cause?: unknown;
}

function asRecord(value: unknown): NodeLikeError | undefined {
  return typeof value === 'object' && value !== null ? (value as NodeLikeError) : undefined;
}

/** The innermost error with a code (undici wraps socket errors in a cause chain). */
function rootCause(err: unknown): NodeLikeError | undefined {
  let current = asRecord(err);
  for (let depth = 0; current && depth < 5; depth++) {
    const next = asRecord(current.cause);
    if (typeof current.code === 'string' || !next) return current;
    current = next;
  }
  return current;
}

/** Error details of a thrown value, normalised so the tracker's categoriser sees Node's spellings. */
export function detailsOf(err: unknown, context: { requestUrl?: string; requestTimeoutMs?: number } = {}): ErrorDetails {
  const e = rootCause(err);
  const details: ErrorDetails = { ...context };
  if (!e) {
    details.message = String(err);
    return details;
  }
  if (typeof e.name === 'string') details.name = e.name;
  if (typeof e.message === 'string') details.message = e.message;
  if (typeof e.code === 'string') details.code = e.code;
  if (typeof e.syscall === 'string') details.syscall = e.syscall;
  if (typeof e.address === 'string') details.remoteAddress = e.address;
  if (typeof e.port === 'number') details.remotePort = e.port;
  if (details.code && TIMEOUT_CODES.has(details.code)) {
    // The categoriser recognises ETIMEDOUT and the word "timeout"; undici's own codes it would miss.
    details.message = `Request timeout after ${context.requestTimeoutMs ?? '?'} ms (${details.code})`;
    details.code = 'ETIMEDOUT';
  }
  return details;
}

/** Classifies a thrown non-HTTP error (network or filesystem). Unknown errors are retried. */
export function errorFromException(err: unknown, context: { requestUrl?: string; requestTimeoutMs?: number } = {}): SinkWriteError {
  if (err instanceof SinkWriteError) return err;
  const details = detailsOf(err, context);
  const code = details.code;
  const kind: SinkFailureKind = code !== undefined && CONFIG_FS_CODES.has(code) && !RETRYABLE_CODES.has(code) ? 'config' : 'retryable';
  return new SinkWriteError({ kind, details, cause: err });
}

/**
 * A batch whose items a record backend (New Relic, OTLP) refused in part: those items are dropped for good
 * (counted as rejected), the rest were written. `bad`: lines that were not items at all.
 */
export function partlyRejected(
  batchLines: number,
  rejected: number,
  what: { item: string; message: string },
  bad: readonly string[],
  offending: readonly string[],
  lastStatus?: number,
): SinkWriteError {
  return new SinkWriteError({
    kind: 'rejected',
    rejectedLines: Math.min(batchLines, rejected),
    offending: [...bad.map((l) => `not ${what.item}: ${l}`), ...offending],
    details: { message: what.message, ...(lastStatus ? { httpStatus: lastStatus } : {}) },
  });
}
