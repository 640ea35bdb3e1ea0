// A failed write → SinkWriteError. PostgreSQL errors carry a SQLSTATE (`code`); its class says whether a retry
// can help (docs/postgresql.md#writes):
// - 08 connection, 40 rollback (deadlock, serialization), 53 resources, 57 operator intervention (admin
//   shutdown, cancel, starting up), 58 system, XX internal, and every network error or timeout: retryable.
// - 22 data exception, 23 integrity violation: the row is refused for good (the sink takes it out).
// - 28 authorization (wrong password, no pg_hba entry), 3D000 unknown database, 42501 no privilege, other 42
//   (a column changed by hand): config — retried slowly until an administrator acts.
// - 42P01 / 3F000 (our table or schema was dropped): retryable; the sink runs the migration again first.
import { errorFromException, SinkWriteError, type SinkFailureKind } from '../sink-error.js';
import type { ErrorDetails } from '../../threads/messages.js';

/** The fields of a pg DatabaseError we read. */
interface PgErrorLike {
  code?: unknown;
  message?: unknown;
  where?: unknown;
  detail?: unknown;
}

const RETRYABLE_CLASSES = new Set(['08', '40', '53', '57', '58', 'XX']);
const DATA_CLASSES = new Set(['22', '23']);
const CONFIG_CLASSES = new Set(['28', '3D', '3F', '42', '2B', '0L', '0P']);

/** True for a five-character SQLSTATE (pg's DatabaseError); Node's network codes are longer words. */
export function isSqlState(code: unknown): code is string {
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code);
}

/** Our table or schema is gone (dropped by hand, database restored): the sink migrates again and retries. */
export const MISSING_OBJECT_CODES = new Set(['42P01', '3F000']);

export function kindOfSqlState(code: string): SinkFailureKind | 'data' {
  if (MISSING_OBJECT_CODES.has(code)) return 'retryable';
  const cls = code.slice(0, 2);
  if (DATA_CLASSES.has(cls)) return 'data';
  if (RETRYABLE_CLASSES.has(cls)) return 'retryable';
  if (CONFIG_CLASSES.has(cls)) return 'config';
  return 'retryable';
}

/** The 1-based row of the COPY data the server refused, from the error's context ("COPY t, line 3, column x: ..."). */
export function copyLineOf(err: unknown): number | undefined {
  const where = (err as PgErrorLike | undefined)?.where;
  if (typeof where !== 'string') return undefined;
  const m = /COPY [^,]+, line (\d+)/.exec(where);
  return m ? Number(m[1]) : undefined;
}

export function isDataError(err: unknown): boolean {
  const code = (err as PgErrorLike | undefined)?.code;
  return isSqlState(code) && kindOfSqlState(code) === 'data';
}

/** A SinkWriteError for anything a write or the migration threw. `target` names the server (no password). */
export function classify(err: unknown, target: string, requestTimeoutMs?: number): SinkWriteError {
  if (err instanceof SinkWriteError) return err;
  const e = (typeof err === 'object' && err !== null ? err : {}) as PgErrorLike;
  if (!isSqlState(e.code)) {
    const failure = errorFromException(err, { requestUrl: target, requestTimeoutMs });
    // "PostgreSQL" in the message names the backend in the error log; network codes stay for the categoriser.
    const details: ErrorDetails = { ...failure.details, message: `PostgreSQL ${target}: ${failure.details.message ?? String(err)}` };
    // Errors without a code (pg's "Connection terminated unexpectedly") are connection losses: retryable.
    return new SinkWriteError({ kind: failure.kind, details, cause: err });
  }
  const kind = kindOfSqlState(e.code);
  const message = `PostgreSQL ${target}: ${String(e.message)} (SQLSTATE ${e.code})`;
  return new SinkWriteError({ kind: kind === 'data' ? 'rejected' : kind, details: { code: e.code, message, requestUrl: target }, cause: err });
}
