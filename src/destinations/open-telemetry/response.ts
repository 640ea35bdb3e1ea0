// Reading an OTLP/HTTP answer (OTLP specification, "OTLP/HTTP Response"): 200 with an optional partial
// success, or a failure whose body is a google.rpc.Status. Only 429, 502, 503 and 504 are retryable by the
// specification (429 and 503 after Retry-After); every other failure is not. Two deliberate choices on top:
// 401/403/404 are configuration errors (a wrong key or URL: retried slowly, the data is kept, rather than
// dropping everything until someone notices), and 413 halves the request (see sink.ts).
import { JsonLogsSerializer, JsonMetricsSerializer, ProtobufLogsSerializer, ProtobufMetricsSerializer } from '@opentelemetry/otlp-transformer';
import type { SinkFailureKind } from '../sink-error.js';

export type Signal = 'logs' | 'metrics';

export interface PartialSuccess {
  rejected: number;
  message: string;
}

/** The partial success of a 200 answer, decoded by the official transformer in the request's format. */
export function partialSuccessOf(signal: Signal, json: boolean, body: Uint8Array): PartialSuccess {
  if (body.length === 0) return { rejected: 0, message: '' };
  try {
    if (signal === 'logs') {
      const r = (json ? JsonLogsSerializer : ProtobufLogsSerializer).deserializeResponse(body);
      return { rejected: Number(r.partialSuccess?.rejectedLogRecords ?? 0), message: r.partialSuccess?.errorMessage ?? '' };
    }
    const r = (json ? JsonMetricsSerializer : ProtobufMetricsSerializer).deserializeResponse(body);
    return { rejected: Number(r.partialSuccess?.rejectedDataPoints ?? 0), message: r.partialSuccess?.errorMessage ?? '' };
  } catch (err) {
    // The data was accepted (200); an unreadable body only loses the detail.
    return { rejected: 0, message: `unreadable response body (${(err as Error).message})` };
  }
}

export function failureKind(status: number): SinkFailureKind {
  if (status === 429 || status === 502 || status === 503 || status === 504) return 'retryable';
  if (status === 401 || status === 403 || status === 404) return 'config';
  return 'rejected';
}

/** Reads a varint at `pos`; returns [value, next position] or undefined past the end. */
function varint(b: Uint8Array, pos: number): [number, number] | undefined {
  let value = 0;
  let shift = 0;
  while (pos < b.length && shift < 35) {
    const byte = b[pos++];
    value += (byte & 0x7f) * 2 ** shift;
    if ((byte & 0x80) === 0) return [value, pos];
    shift += 7;
  }
  return undefined;
}

/** `message` (field 2) of a protobuf google.rpc.Status; '' when absent or unreadable. */
function protobufStatusMessage(b: Uint8Array): string {
  let pos = 0;
  while (pos < b.length) {
    const tag = varint(b, pos);
    if (!tag) return '';
    const [key, next] = tag;
    const wire = key & 7;
    pos = next;
    if (wire === 0) {
      const v = varint(b, pos);
      if (!v) return '';
      pos = v[1];
    } else if (wire === 2) {
      const len = varint(b, pos);
      if (!len || len[1] + len[0] > b.length) return '';
      if (key >>> 3 === 2) return Buffer.from(b.subarray(len[1], len[1] + len[0])).toString('utf8');
      pos = len[1] + len[0];
    } else return '';
  }
  return '';
}

/** What a failure answer says, for logs and error reports (at most 300 characters). */
export function failureMessage(contentType: string, body: Uint8Array): string {
  if (body.length === 0) return '';
  let text: string;
  if (contentType.includes('protobuf')) text = protobufStatusMessage(body);
  else if (contentType.includes('json')) {
    try {
      const parsed = JSON.parse(Buffer.from(body).toString('utf8')) as { message?: unknown };
      text = typeof parsed.message === 'string' ? parsed.message : JSON.stringify(parsed);
    } catch {
      text = Buffer.from(body).toString('utf8');
    }
  } else text = Buffer.from(body).toString('utf8');
  return text.replace(/\s+/g, ' ').trim().slice(0, 300);
}
