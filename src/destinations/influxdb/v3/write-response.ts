// Turns an InfluxDB 3 `/api/v3/write_lp` answer into a WriteAnswer. The 3.x contract (InfluxDB 3 Core docs
// "Use the v3 write_lp API", influxdb3_server tests):
// - 204: everything stored.
// - 400 {"error":"partial write of line protocol occurred","data":[{"original_line","line_number",
//   "error_message"}, ...]}: with accept_partial (the default) every OTHER line was stored.
// - 400 {"error":"parsing failed for write_lp endpoint","data":{...one line...}} (accept_partial=false) or any
//   other 400: nothing stored.
// - 413 request too large; 401/403; 404 database not found (servers that do not create on write); 429, 5xx.

import type { WriteAnswer } from '../body-sender.js';
import { headerValue, type HttpAnswer } from '../http-line-writer.js';
import { statusFailure, writeErrorDetails } from '../write-response.js';

const PARTIAL = 'partial write of line protocol occurred';

interface LineError {
  original_line?: unknown;
  line_number?: unknown;
  error_message?: unknown;
}

interface V3ErrorBody {
  error: string;
  lineErrors: LineError[];
}

export function v3ErrorBody(answer: HttpAnswer): V3ErrorBody {
  try {
    const parsed: unknown = JSON.parse(answer.text);
    if (typeof parsed === 'object' && parsed !== null) {
      const { error, data } = parsed as { error?: unknown; data?: unknown };
      const lineErrors = Array.isArray(data) ? (data as LineError[]) : typeof data === 'object' && data !== null ? [data as LineError] : [];
      if (typeof error === 'string') return { error, lineErrors };
    }
  } catch {
    // not JSON
  }
  return { error: answer.text.slice(0, 500), lineErrors: [] };
}

function describe(e: LineError): string {
  const line = typeof e.original_line === 'string' ? e.original_line : '?';
  const reason = typeof e.error_message === 'string' ? e.error_message : 'rejected';
  return `line ${String(e.line_number ?? '?')}: ${reason}: ${line}`;
}

export function classifyV3Answer(answer: HttpAnswer, requestUrl: string, now: number): WriteAnswer {
  const { status } = answer;
  if (status >= 200 && status < 300) return { kind: 'ok' };
  const body = v3ErrorBody(answer);
  const first = body.lineErrors[0];
  const message = first ? `${body.error} (${describe(first)})` : body.error;
  const details = writeErrorDetails(status, requestUrl, message);
  if (status === 413) return { kind: 'tooLarge', details };
  if (status === 400 && body.error === PARTIAL && body.lineErrors.length > 0) {
    return { kind: 'partial', rejected: body.lineErrors.length, offending: body.lineErrors.map(describe), details };
  }
  if (status === 400) {
    const named = body.lineErrors.map((e) => e.original_line).filter((l): l is string => typeof l === 'string');
    return { kind: 'malformed', named, details };
  }
  return { kind: 'failed', error: statusFailure(status, details, headerValue(answer.headers['retry-after']), now) };
}
