// Log events and user events → OTel log records (docs/open-telemetry.md#log-records). Every event field
// becomes an attribute: OTel semantic-convention names where one exists (user.id, session.id, process.pid,
// exception.message, user_agent.*), `qlik_sense.<field>` otherwise. Empty strings and non-numbers are left out.
import type { LogEvent, UserEvent } from '../../events/types.js';
import type { PublishedData } from '../../publish/published-data.js';
import type { RecordOut } from '../../publish/encoding.js';
import { parseQlikStarted } from '../../points/uptime.js';
import type { Attributes, LogLine } from './records.js';
import { qlikHostResource, qlikService } from './resources.js';
import { severityOf } from './severity.js';

/** Fields that are not attributes: they are the record's body, severity, time or resource. */
const NOT_ATTRIBUTES = new Set(['message', 'level', 'host', 'ts_iso', 'category']);

/** Event fields with a semantic-convention name. */
const SEMCONV: Record<string, string> = {
  user_full: 'user.id',
  user_id: 'user.name',
  session_id: 'session.id',
  exception_message: 'exception.message',
};

/** Event time from `ts_iso` (compact `20211109T153726.028+0200` or hyphenated ISO), in µs; NaN when absent. */
export function eventTimeUs(tsIso: string): number {
  if (tsIso === '') return NaN;
  const ms = tsIso.charCodeAt(8) === 84 /* T */ ? parseQlikStarted(tsIso) : Date.parse(tsIso);
  return Number.isFinite(ms) && ms >= 0 ? ms * 1000 : NaN;
}

function put(a: Attributes, key: string, value: unknown): void {
  if (typeof value === 'string') {
    if (value !== '') a[key] = value;
  } else if (typeof value === 'number') {
    if (Number.isFinite(value)) a[key] = value;
  } else if (typeof value === 'boolean') a[key] = value;
}

function logAttributes(event: LogEvent): Attributes {
  const a: Attributes = {};
  for (const [field, value] of Object.entries(event)) {
    if (NOT_ATTRIBUTES.has(field)) continue;
    if (field === 'process_id') {
      // A numeric pid is process.pid (an int by the convention); anything else keeps the Qlik name.
      if (typeof value === 'string' && /^\d+$/.test(value)) a['process.pid'] = Number(value);
      else put(a, 'qlik_sense.process_id', value);
      continue;
    }
    put(a, SEMCONV[field] ?? `qlik_sense.${field}`, value);
  }
  for (const c of event.category ?? []) put(a, `qlik_sense.category.${c.name}`, c.value);
  return a;
}

function logBody(event: LogEvent): string {
  if (event.source === 'qseow-qix-perf') return `${event.method} ${event.object_type}`.trim();
  return event.message;
}

export function encodeLogEvent({ event, timeUs }: PublishedData['LOG_EVENTS'], out: RecordOut): void {
  const t = eventTimeUs(event.ts_iso);
  const line: LogLine = {
    k: 'log',
    r: qlikHostResource(event.host, qlikService(event.source)),
    t: Number.isNaN(t) ? timeUs : t,
    o: timeUs,
    sn: severityOf(event.level),
    st: event.level,
    b: logBody(event),
    a: logAttributes(event),
  };
  out(JSON.stringify(line));
}

function userAttributes(e: UserEvent): Attributes {
  const a: Attributes = {};
  put(a, 'qlik_sense.message_type', e.messageType);
  put(a, 'qlik_sense.command', e.command);
  put(a, 'user.id', e.user_full);
  put(a, 'user.name', e.user_id);
  put(a, 'qlik_sense.user_directory', e.user_directory);
  put(a, 'qlik_sense.origin', e.origin);
  put(a, 'qlik_sense.context', e.context);
  put(a, 'qlik_sense.app_id', e.appId);
  put(a, 'qlik_sense.app_name', e.appName);
  if (e.ua) {
    put(a, 'user_agent.original', e.ua.ua);
    put(a, 'user_agent.name', e.ua.browser.name);
    put(a, 'user_agent.version', e.ua.browser.version);
    put(a, 'user_agent.os.name', e.ua.os.name);
    put(a, 'user_agent.os.version', e.ua.os.version);
  }
  return a;
}

/** Qlik sends user events without a time of their own: both times are the receive time. */
export function encodeUserEvent({ event, timeUs }: PublishedData['USER_EVENTS'], out: RecordOut): void {
  const line: LogLine = {
    k: 'log',
    r: qlikHostResource(event.host, 'qlik-sense-proxy'),
    t: timeUs,
    o: timeUs,
    sn: severityOf('INFO'),
    st: 'INFO',
    b: event.message,
    a: userAttributes(event),
  };
  out(JSON.stringify(line));
}
