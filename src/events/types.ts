// The parsed event objects. Key order in these interfaces is the key order Butler SOS v15 produces
// (docs/mqtt.md#what-is-published): it shows up verbatim in MQTT payloads and in the InfluxDB `raw_event`
// field, so parsers must build the objects in exactly this order.

export type LogSource = 'qseow-engine' | 'qseow-proxy' | 'qseow-repository' | 'qseow-scheduler' | 'qseow-qix-perf';
export type UserEventType = 'qseow-proxy-session' | 'qseow-proxy-connection';

export interface Category {
  name: string;
  value: string;
}

interface LogEventBase {
  source: LogSource;
  /** Qlik row counter; -1 when absent or not an integer. */
  log_row: number;
  ts_iso: string;
  ts_local: string;
  level: string;
  host: string;
  subsystem: string;
  windows_user: string;
}

export interface EngineLogEvent extends LogEventBase {
  source: 'qseow-engine';
  message: string;
  proxy_session_id: string;
  user_directory: string;
  user_id: string;
  engine_ts: string;
  process_id: string;
  engine_exe_version: string;
  server_started: string;
  entry_type: string;
  session_id: string;
  app_id: string;
  user_full: string;
  category?: Category[];
}

/** Proxy and repository share one 16-field layout. */
export interface ProxyRepositoryLogEvent extends LogEventBase {
  source: 'qseow-proxy' | 'qseow-repository';
  message: string;
  exception_message: string;
  user_directory: string;
  user_id: string;
  command: string;
  result_code: string;
  origin: string;
  context: string;
  user_full: string;
  category?: Category[];
}

export interface SchedulerLogEvent extends LogEventBase {
  source: 'qseow-scheduler';
  message: string;
  exception_message: string;
  user_directory: string;
  user_id: string;
  user_full: string;
  task_name: string;
  app_name: string;
  task_id: string;
  app_id: string;
  execution_id: string;
  category?: Category[];
}

export interface QixPerfLogEvent extends LogEventBase {
  source: 'qseow-qix-perf';
  proxy_session_id: string;
  user_directory: string;
  user_id: string;
  engine_ts: string;
  session_id: string;
  app_id: string;
  app_name: string;
  /** -99 when absent or negative. */
  request_id: number;
  method: string;
  /** Milliseconds; NaN when Qlik sent something unparsable. */
  process_time: number;
  work_time: number;
  lock_time: number;
  validate_time: number;
  traverse_time: number;
  /** Any integer; -99 when absent. */
  handle: number;
  object_id: string;
  /** Bytes; -1 when absent or negative. */
  net_ram: number;
  peak_ram: number;
  object_type: string;
  event_activity_source: 'user' | 'non-user';
  user_full: string;
  category?: Category[];
}

export type LogEvent = EngineLogEvent | ProxyRepositoryLogEvent | SchedulerLogEvent | QixPerfLogEvent;

export interface UserAgentInfo {
  browser: { name: string; version: string; major: string | undefined };
  /** Bowser's os object as-is, e.g. {name:'Windows', version:'NT 10.0', versionName:'10'}; {} when no UA. */
  os: { name?: string; version?: string; versionName?: string };
  ua: string;
}

export interface UserEvent {
  messageType: UserEventType;
  host: string;
  command: string;
  user_directory: string;
  user_id: string;
  origin: string;
  context: string;
  message: string;
  user_full: string;
  appId?: string;
  appName?: string;
  ua?: UserAgentInfo;
}

/** What the event counters key on (docs/inputs.md#event-counters-qliksenseevents). */
export interface EventCountKey {
  eventType: 'log' | 'user';
  source: string;
  host: string;
  subsystem: string;
}

/**
 * A qix-perf event rejected by the monitor filters
 * (docs/inputs.md#qix-performance-monitor-logeventsengineperformancemonitor).
 */
export interface RejectedQixPerfEvent {
  source: 'qseow-qix-perf';
  appId: string;
  appName: string;
  method: string;
  objectType: string;
  processTime: number;
}
