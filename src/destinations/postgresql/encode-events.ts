// Log and user events → rows of log_events and user_events. The columns hold what admins filter on; every
// other field the parser produced goes into `fields` (jsonb), so nothing of the event is lost.
import type { Category, LogEvent, UserEvent } from '../../events/types.js';
import type { PublishedData } from '../../publish/published-data.js';
import type { RecordOut } from '../../publish/encoding.js';
import { isoMicros, rowLine } from './record.js';

/** Event fields that have a column of their own (or are `category`), in log_events. */
const LOG_COLUMNS = new Set([
  'source', 'host', 'level', 'subsystem', 'message', 'exception_message', 'windows_user', 'user_directory', 'user_id',
  'app_id', 'app_name', 'task_name', 'task_id', 'execution_id', 'command', 'result_code', 'origin', 'context',
  'session_id', 'proxy_session_id', 'ts_iso', 'log_row', 'category',
]);

/** Categories as one object (`{"qs_log_category": "..."}`), so `categories @> '{...}'` can use the GIN index. */
export function categoriesObject(list: readonly Category[] | undefined): Record<string, string> | null {
  if (!list || list.length === 0) return null;
  const out: Record<string, string> = {};
  for (const c of list) out[c.name] = c.value;
  return out;
}

function otherFields(event: LogEvent): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(event)) if (!LOG_COLUMNS.has(key)) out[key] = value;
  return out;
}

export function encodeLogEvent({ event, timeUs }: PublishedData['LOG_EVENTS'], out: RecordOut): void {
  const e = event as LogEvent & Partial<Record<string, unknown>>;
  out(
    rowLine({
      t: 'log_events',
      time: isoMicros(timeUs),
      source: e.source,
      host: e.host,
      level: e.level,
      subsystem: e.subsystem,
      message: e.message as string | undefined,
      exception_message: e.exception_message as string | undefined,
      windows_user: e.windows_user,
      user_directory: e.user_directory,
      user_id: e.user_id,
      app_id: e.app_id as string | undefined,
      app_name: e.app_name as string | undefined,
      task_name: e.task_name as string | undefined,
      task_id: e.task_id as string | undefined,
      execution_id: e.execution_id as string | undefined,
      command: e.command as string | undefined,
      result_code: e.result_code as string | undefined,
      origin: e.origin as string | undefined,
      context: e.context as string | undefined,
      session_id: e.session_id as string | undefined,
      proxy_session_id: e.proxy_session_id as string | undefined,
      ts_iso: e.ts_iso,
      log_row: e.log_row,
      categories: categoriesObject(e.category),
      fields: otherFields(event),
    }),
  );
}

export function encodeUserEvent({ event, timeUs }: PublishedData['USER_EVENTS'], out: RecordOut): void {
  const e: UserEvent = event;
  out(
    rowLine({
      t: 'user_events',
      time: isoMicros(timeUs),
      host: e.host,
      message_type: e.messageType,
      command: e.command,
      user_directory: e.user_directory,
      user_id: e.user_id,
      origin: e.origin,
      context: e.context,
      message: e.message,
      app_id: e.appId,
      app_name: e.appName,
      browser_name: e.ua?.browser.name,
      browser_version: e.ua?.browser.version,
      os_name: e.ua?.os.name,
      os_version: e.ua?.os.version,
      user_agent: e.ua?.ua,
    }),
  );
}
