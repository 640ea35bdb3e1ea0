// Turns an InfluxDB 1.x /write answer into a WriteAnswer. What the real influxd 1.6 does, checked by hand and by
// the integration tests:
// - 400 "partial write: unable to parse '<line>': <reason>[\nunable to parse ...] dropped=N": every
//   parseable line WAS written; the unparseable ones and N type-conflicting points were not.
// - 400 "partial write: field type conflict: ... dropped=N": the other lines were written.
// - 400 without "partial write" (e.g. "unable to parse" when no line parses, or "field type conflict"
//   for a conflict inside one batch on a new measurement): nothing was written.
// - 400 "database is required", 401 "authorization failed", 403, 404 "database not found": config.
// Unlike 2.x and 3.x, nothing is ever resent in parts: the server already stored what it could (and 1.x has
// no 413), so every refusal is the final `failed` answer.

import { kindOfHttpStatus, SinkWriteError } from '../../sink-error.js';
import { headerValue, type HttpAnswer } from '../http-line-writer.js';
import type { WriteAnswer } from '../body-sender.js';
import { statusFailure, unparsedLines, writeErrorDetails } from '../write-response.js';

const PARTIAL_PREFIX = 'partial write:';
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

export function classifyV1Answer(answer: HttpAnswer, requestUrl: string, now: number, lines: number): WriteAnswer {
  if (answer.status >= 200 && answer.status < 300) return { kind: 'ok' };
  const text = serverErrorText(answer.text, headerValue(answer.headers['x-influxdb-error']));
  return { kind: 'failed', error: writeFailure(answer.status, text, headerValue(answer.headers['retry-after']), { requestUrl, lines }, now) };
}

export function writeFailure(status: number, text: string, retryAfter: string | undefined, ctx: WriteFailureContext, now: number): SinkWriteError {
  const details = writeErrorDetails(status, ctx.requestUrl, text);
  if (status === 400 && text.startsWith('database is required')) return new SinkWriteError({ kind: 'config', details });
  if (kindOfHttpStatus(status) !== 'rejected') return statusFailure(status, details, retryAfter, now);
  const offending = unparsedLines(text);
  if (!text.startsWith(PARTIAL_PREFIX)) {
    return new SinkWriteError({ kind: 'rejected', details, rejectedLines: ctx.lines, offending: offending.length > 0 ? offending : [text] });
  }
  const dropped = DROPPED_RE.exec(text);
  const rejected = offending.length + (dropped ? Number(dropped[1]) : 0);
  return new SinkWriteError({
    kind: 'rejected',
    details,
    rejectedLines: Math.min(ctx.lines, Math.max(1, rejected)),
    offending: offending.length > 0 ? offending : [text],
  });
}
