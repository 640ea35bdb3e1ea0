// Turns an InfluxDB 2.x `/api/v2/write` answer into a WriteAnswer. The 2.x contract (docs "Troubleshoot issues
// writing data", influxd 2.x http/write_handler):
// - 204: everything stored.
// - 400 {"code":"invalid","message":"unable to parse '<line>': <reason>"}: NOTHING of the request was stored.
// - 422 {"code":"unprocessable entity","message":"... partial write: field type conflict: ... dropped=N"}: the
//   other points were stored, N were not.
// - 413 {"code":"request too large", ...}: nothing stored; a smaller request can succeed.
// - 401 unauthorized, 403, 404 {"code":"not found","message":"bucket \"x\" not found"}: configuration.
// - 429 / 503 with Retry-After, other 5xx: try again later.

import type { WriteAnswer } from '../body-sender.js';
import { headerValue, type HttpAnswer } from '../http-line-writer.js';
import { statusFailure, unparsedLines, writeErrorDetails } from '../write-response.js';

const DROPPED_RE = /dropped=(\d+)/;

/** `message` of a v2 error body `{"code": "...", "message": "..."}`, else the X-Influxdb-Error header or the text. */
export function v2ErrorText(answer: HttpAnswer): string {
  try {
    const parsed: unknown = JSON.parse(answer.text);
    if (typeof parsed === 'object' && parsed !== null) {
      const { message, code } = parsed as { message?: unknown; code?: unknown };
      if (typeof message === 'string' && message !== '') return message;
      if (typeof code === 'string') return code;
    }
  } catch {
    // not JSON
  }
  return headerValue(answer.headers['x-influxdb-error']) ?? answer.text.slice(0, 500);
}

export function classifyV2Answer(answer: HttpAnswer, requestUrl: string, now: number): WriteAnswer {
  const { status } = answer;
  if (status >= 200 && status < 300) return { kind: 'ok' };
  const text = v2ErrorText(answer);
  const details = writeErrorDetails(status, requestUrl, text);
  if (status === 413) return { kind: 'tooLarge', details };
  if (status === 400) return { kind: 'malformed', named: unparsedLines(text), details };
  if (status === 422) {
    const dropped = DROPPED_RE.exec(text);
    return { kind: 'partial', rejected: dropped ? Math.max(1, Number(dropped[1])) : 1, offending: [text], details };
  }
  return { kind: 'failed', error: statusFailure(status, details, headerValue(answer.headers['retry-after']), now) };
}
