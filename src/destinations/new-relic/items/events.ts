// User and log events as New Relic Event API events (docs/new-relic.md#payloads).
import { optionalUserEventFields } from '../../../events/user-fields.js';
import { createHash } from 'node:crypto';
import type { Config } from '../../../config/schema/index.js';
import type { LogEvent, UserEvent } from '../../../events/types.js';
import { tagObject } from '../../mqtt/messages/events.js';
import type { NrEvent } from './items.js';

export interface UserEventNrConfig {
  userEvents: { tags: Config['userEvents']['tags']; sendToNewRelic: Pick<Config['userEvents']['sendToNewRelic'], 'scramble'> };
}

export interface LogEventNrConfig {
  logEvents: { tags: Config['logEvents']['tags']; sendToNewRelic: Pick<Config['logEvents']['sendToNewRelic'], 'source'> };
  newRelic: { event: { attribute: Config['newRelic']['event']['attribute'] } };
}

/** SHAKE-256 with an 8-byte output as 16 hex characters: Butler's user-identity scrambling. */
export function scrambled(text: string): string {
  return createHash('shake256', { outputLength: 8 }).update(text).digest('hex');
}

/**
 * Builds the user-event converter once per config. `timeMs` is the receive time of the datagram (Butler
 * used the send time; both are "now" within the batching delay). Not added, as in Butler: the
 * `newRelic.event.attribute.*` settings and server tags.
 */
export function createUserEventNrBuilder(config: UserEventNrConfig): (event: UserEvent, timeMs: number) => NrEvent {
  const tags = tagObject(config.userEvents.tags);
  const scramble = config.userEvents.sendToNewRelic.scramble;
  return (event, timeMs) => {
    const full = `${event.user_directory}\\${event.user_id}`;
    const e: Record<string, string | number> = {
      timestamp: timeMs,
      qs_host: event.host,
      qs_event_action: event.command,
      qs_userFull: scramble ? scrambled(full) : full,
      qs_userDirectory: scramble ? scrambled(event.user_directory) : event.user_directory,
      qs_userId: scramble ? scrambled(event.user_id) : event.user_id,
      qs_origin: event.origin,
    };
    Object.assign(e, optionalUserEventFields(event, 'qs_'));
    Object.assign(e, tags);
    return { ...e, eventType: 'qs_userEvent' };
  };
}

const NR_SOURCES = {
  'qseow-engine': 'engine',
  'qseow-proxy': 'proxy',
  'qseow-repository': 'repository',
  'qseow-scheduler': 'scheduler',
} as const;

/**
 * docs/new-relic.md#payloads: only engine/proxy/repository/scheduler, only ERROR or WARN, each switched per source and
 * level.
 */
export function logEventGoesToNewRelic(config: LogEventNrConfig, event: Pick<LogEvent, 'source' | 'level'>): boolean {
  const key = NR_SOURCES[event.source.toLowerCase() as keyof typeof NR_SOURCES];
  if (key === undefined) return false;
  const src = config.logEvents.sendToNewRelic.source[key];
  if (!src.enable) return false;
  const level = event.level.toLowerCase();
  return (level === 'error' && src.logLevel.error) || (level === 'warn' && src.logLevel.warn);
}

/** Reads a string member that only some sources have; absent members disappear from the JSON. */
function member(event: LogEvent, key: string): string | undefined {
  const value = (event as unknown as Record<string, unknown>)[key];
  return typeof value === 'string' ? value : undefined;
}

const OPTIONAL_MEMBERS = [
  ['qs_exception_message', 'exception_message'],
  ['qs_user_full', ''],
  ['qs_user_directory', 'user_directory'],
  ['qs_user_id', 'user_id'],
  ['qs_command', 'command'],
  ['qs_result_code', 'result_code'],
  ['qs_origin', 'origin'],
  ['qs_context', 'context'],
  ['qs_task_name', 'task_name'],
  ['qs_app_name', 'app_name'],
  ['qs_task_id', 'task_id'],
  ['qs_app_id', 'app_id'],
  ['qs_execution_id', 'execution_id'],
  ['qs_proxy_session_id', 'proxy_session_id'],
  ['qs_engine_ts', 'engine_ts'],
  ['qs_process_id', 'process_id'],
  ['qs_engine_exe_version', 'engine_exe_version'],
  ['qs_server_started', 'server_started'],
  ['qs_entry_type', 'entry_type'],
  ['qs_session_id', 'session_id'],
] as const;

/**
 * Builds the log-event converter once per config; it returns undefined for events New Relic does not get
 * (docs/new-relic.md#payloads). `qs_user_full` is always `DIR\user` (a lone `\` when both are empty), as in Butler.
 */
export function createLogEventNrBuilder(config: LogEventNrConfig, appVersion: string): (event: LogEvent, timeMs: number) => NrEvent | undefined {
  const tags = tagObject(config.logEvents.tags);
  const staticAttributes = tagObject(config.newRelic.event.attribute.static);
  const withVersion = config.newRelic.event.attribute.dynamic.butlerSosVersion.enable;
  return (event, timeMs) => {
    if (!logEventGoesToNewRelic(config, event)) return undefined;
    const e: Record<string, string | number> = {
      timestamp: timeMs,
      qs_ts_iso: event.ts_iso,
      qs_ts_local: event.ts_local,
      qs_log_source: event.source,
      qs_log_level: event.level,
      qs_host: event.host,
      qs_subsystem: event.subsystem,
      qs_windows_user: event.windows_user,
    };
    const message = member(event, 'message');
    if (message !== undefined) e.qs_message = message;
    for (const [attr, key] of OPTIONAL_MEMBERS) {
      const value = key === '' ? `${member(event, 'user_directory') ?? ''}\\${member(event, 'user_id') ?? ''}` : member(event, key);
      if (value !== undefined) e[attr] = value;
    }
    Object.assign(e, tags, staticAttributes);
    if (withVersion) e.butlerSosVersion = appVersion;
    return { ...e, eventType: 'qs_logEvent' };
  };
}
