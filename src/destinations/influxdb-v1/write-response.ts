// Turns an InfluxDB 1.x /write error response into a SinkWriteError. What the real influxd 1.6 does,
// checked by hand and by the integration tests:
// - 400 "partial write: unable to parse '<line>': <reason>[\nunable to parse ...] dropped=N": every
//   parseable line WAS written; the unparseable ones and N type-conflicting points were not.
// - 400 "partial write: field type conflict: ... dropped=N": the other lines were written.
// - 400 without "partial write" (e.g. "unable to parse" when no line parses, or "field type conflict"
//   for a conflict inside one batch on a new measurement): nothing was written.
// - 400 "database is required", 401 "authorization failed", 403, 404 "database not found": config.

import { kindOfHttpStatus, SinkWriteError } from '../sink-error.js';
import type { ErrorDetails } from '../../threads/messages.js';

const PARTIAL_PREFIX = 'partial write:';
const PARSE_MARKER = "unable to parse '";
const DROPPED_RE = /dropped=(\d+)\s*$/;

export interface WriteFailureContext {
  requestUrl: string;
  lines: number;
}

/** The server's error text: JSON `{"error": "..."}` body, else the X-Influxdb-Error header, else the body. */
export function serverErrorText(body: string, header: string | undefined): string {
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed === 'object' && parsed !== null && typeof (parsed as { error?: unknown }).error === 'string') {
      return (parsed as { error: string }).error;
    }
  } catch {
    // not JSON: fall through
  }
  return header ?? body.slice(0, 500);
}

/** Lines the server could not parse, as quoted in its error text. */
export function unparsedLines(text: string): string[] {
  const out: string[] = [];
  let at = text.indexOf(PARSE_MARKER);
  while (at !== -1) {
    const start = at + PARSE_MARKER.length;
    const next = text.indexOf(PARSE_MARKER, start);
    const segmentEnd = next === -1 ? text.length : next;
    // The line itself may contain "':"; the reason follows the LAST "': " of the segment.
    const close = text.lastIndexOf("': ", segmentEnd);
    out.push(text.slice(start, close > start ? close : segmentEnd).trimEnd());
    at = next;
  }
  return out;
}

/** Seconds or an HTTP date, as allowed for Retry-After. */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export function writeFailure(status: number, text: string, retryAfter: string | undefined, ctx: WriteFailureContext, now: number): SinkWriteError {
  const details: ErrorDetails = { httpStatus: status, requestUrl: ctx.requestUrl, message: `InfluxDB responded ${status}: ${text}`, name: 'InfluxDBWriteError' };
  if (status === 400 && text.startsWith('database is required')) return new SinkWriteError({ kind: 'config', details });
  const kind = kindOfHttpStatus(status);
  if (kind !== 'rejected') return new SinkWriteError({ kind, details, retryAfterMs: parseRetryAfter(retryAfter, now) });
  const offending = unparsedLines(text);
  if (!text.startsWith(PARTIAL_PREFIX)) {
    return new SinkWriteError({ kind, details, rejectedLines: ctx.lines, offending: offending.length > 0 ? offending : [text] });
  }
  const dropped = DROPPED_RE.exec(text);
  const rejected = offending.length + (dropped ? Number(dropped[1]) : 0);
  return new SinkWriteError({
    kind,
    details,
    rejectedLines: Math.min(ctx.lines, Math.max(1, rejected)),
    offending: offending.length > 0 ? offending : [text],
  });
}
