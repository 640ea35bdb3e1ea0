import { encodeLine } from '../points/line-protocol.js';
import { pushField, pushTag, type Field, type InfluxVersion, type Point, type Tag, boolLiteralFor } from '../points/point.js';
import { orderMembers } from '../points/tags.js';
import type { ErrorReport } from '../threads/messages.js';
import type { ErrorCategory } from './categorise.js';
import { errorEventSchema } from './error-schema.js';
import { sanitizeRequestUrl } from './sanitize-url.js';

// Builds the butler_sos_errors point of one error report (docs/error-tracking.md#the-butler_sos_errors-measurement).
// Empty tag values are left out by the encoder, so `server_name` is absent for errors without a server.

export interface ErrorPointOptions {
  /** errorTracking.influxdb.measurementName */
  measurement: string;
  version: InfluxVersion;
}

const isText = (v: unknown): v is string => typeof v === 'string' && v !== '';
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/**
 * The host name without a trailing `:port`, as Butler SOS documents it (`host=sense1.example.com`). Bare IPv6
 * addresses (several colons, no brackets) are left alone; `[::1]:4747` becomes `[::1]`.
 */
export function hostWithoutPort(host: string): string {
  const colon = host.lastIndexOf(':');
  if (colon <= 0 || colon === host.length - 1) return host;
  const port = host.slice(colon + 1);
  if (!/^\d+$/.test(port)) return host;
  const name = host.slice(0, colon);
  if (name.startsWith('[') && name.endsWith(']')) return name;
  return name.includes(':') ? host : name;
}

function tagsOf(report: ErrorReport): Tag[] {
  const m = errorEventSchema.v[1];
  const tags: Tag[] = [];
  pushTag(tags, m.errorType, report.type);
  pushTag(tags, m.serverName, isText(report.serverName) ? report.serverName : '');
  if (isText(report.host)) pushTag(tags, m.host, hostWithoutPort(report.host));
  if (isText(report.virtualProxy)) pushTag(tags, m.virtualProxy, report.virtualProxy);
  if (isText(report.destinationHost)) pushTag(tags, m.destinationHost, sanitizeRequestUrl(report.destinationHost));
  if (isText(report.module)) pushTag(tags, m.module, report.module);
  return tags;
}

function fieldsOf(report: ErrorReport, category: ErrorCategory, version: InfluxVersion): Field[] {
  const m = errorEventSchema.v[version];
  const err = report.err ?? {};
  const fields: Field[] = [];
  pushField(fields, m.errorCount, 1);
  pushField(fields, m.errorCategory, category);
  // Written as "" when there is no code, as in every documented example.
  pushField(fields, m.errorCode, isText(err.code) ? err.code : '');
  if (isNumber(err.httpStatus)) pushField(fields, m.httpStatus, err.httpStatus);
  const url = sanitizeRequestUrl(err.requestUrl);
  if (url !== '') pushField(fields, m.requestUrl, url);
  // axios treats a timeout of 0 as "no timeout"; there is nothing to report then.
  if (isNumber(err.requestTimeoutMs) && err.requestTimeoutMs > 0) pushField(fields, m.requestTimeoutMs, err.requestTimeoutMs);
  if (isText(err.remoteAddress)) pushField(fields, m.remoteAddress, err.remoteAddress);
  if (isNumber(err.remotePort)) pushField(fields, m.remotePort, err.remotePort);
  if (isText(err.syscall)) pushField(fields, m.syscall, err.syscall);
  return fields;
}

/** The point for one error; its time is the moment the error happened (report.at). */
export function buildErrorPoint(report: ErrorReport, category: ErrorCategory, options: ErrorPointOptions): Point {
  const point: Point = {
    measurement: options.measurement,
    tags: tagsOf(report),
    fields: fieldsOf(report, category, options.version),
    boolLiteral: boolLiteralFor(options.version),
  };
  if (isNumber(report.at)) point.timeUs = Math.floor(report.at) * 1000;
  return orderMembers(point, options.version);
}

/** The point encoded as one line of line protocol. */
export function encodeErrorLine(report: ErrorReport, category: ErrorCategory, options: ErrorPointOptions): string {
  return encodeLine(buildErrorPoint(report, category, options));
}
