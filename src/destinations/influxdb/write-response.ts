// What the write answers of every InfluxDB version share: the error details of a refused write, Retry-After,
// the lines a 1.x/2.x server quotes as unparseable, and the SinkWriteError of an answer the version does not
// treat specially. Each version's classifier (v1/, v2/, v3/write-response.ts) reads its own error body.

import type { ErrorDetails } from '../../threads/messages.js';
import { kindOfHttpStatus, SinkWriteError } from '../sink-error.js';

const PARSE_MARKER = "unable to parse '";

export function writeErrorDetails(status: number, requestUrl: string, text: string): ErrorDetails {
  return { httpStatus: status, requestUrl, message: `InfluxDB responded ${status}: ${text}`, name: 'InfluxDBWriteError' };
}

/** The failure its HTTP status says (config, retryable or rejected), with the server's Retry-After. */
export function statusFailure(status: number, details: ErrorDetails, retryAfter: string | undefined, now: number): SinkWriteError {
  return new SinkWriteError({ kind: kindOfHttpStatus(status), details, retryAfterMs: parseRetryAfter(retryAfter, now) });
}

/** Seconds or an HTTP date, as allowed for Retry-After. */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Lines the server could not parse, as quoted in its error text (`unable to parse '<line>': <reason>`). */
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
