// The tables of the PostgreSQL destination: one per kind of data, named as the kind (docs/postgresql.md lists
// every column). The encoders write records keyed by these column names, the sink COPYs them in this column
// order and the migration creates them, so this file is the one place a column is declared.
import type { DataKind } from '../../publish/published-data.js';

export type SqlType = 'text' | 'bigint' | 'integer' | 'double precision' | 'boolean' | 'jsonb' | 'timestamptz';

export interface TableDef {
  kind: DataKind;
  /** Data columns in COPY order; every table also has `id` (identity, arrival order) and `time` first. */
  columns: ReadonlyArray<readonly [name: string, type: SqlType]>;
  /** Extra indexes besides (time): column lists, or `gin:<column>` for a jsonb containment index. */
  indexes: readonly string[];
}

const text = (...names: string[]): Array<[string, SqlType]> => names.map((n) => [n, 'text']);
const num = (...names: string[]): Array<[string, SqlType]> => names.map((n) => [n, 'double precision']);

export const TABLES = {
  log_events: {
    kind: 'LOG_EVENTS',
    columns: [
      ...text('source', 'host', 'level', 'subsystem', 'message', 'exception_message', 'windows_user', 'user_directory', 'user_id'),
      ...text('app_id', 'app_name', 'task_name', 'task_id', 'execution_id', 'command', 'result_code', 'origin', 'context'),
      ...text('session_id', 'proxy_session_id', 'ts_iso'),
      ['log_row', 'bigint'],
      ['categories', 'jsonb'],
      ['fields', 'jsonb'],
    ],
    indexes: ['host, time', 'level, time', 'source, time', 'gin:categories'],
  },
  user_events: {
    kind: 'USER_EVENTS',
    columns: [
      ...text('host', 'message_type', 'command', 'user_directory', 'user_id', 'origin', 'context', 'message'),
      ...text('app_id', 'app_name', 'browser_name', 'browser_version', 'os_name', 'os_version', 'user_agent'),
    ],
    indexes: ['host, time', 'user_directory, user_id, time'],
  },
  health_metrics: {
    kind: 'HEALTH_METRICS',
    columns: [
      ...text('server_name', 'host', 'server_description'),
      ['server_tags', 'jsonb'],
      ...text('version', 'started'),
      ...num('mem_committed', 'mem_allocated', 'mem_free', 'cpu_total', 'sessions_active', 'sessions_total', 'users_active', 'users_total'),
      ...num('apps_calls', 'apps_selections', 'cache_hits', 'cache_lookups', 'cache_added', 'cache_replaced', 'cache_bytes_added'),
      ['apps_active_docs', 'jsonb'],
      ['apps_loaded_docs', 'jsonb'],
      ['apps_in_memory_docs', 'jsonb'],
      ['saturated', 'boolean'],
    ],
    indexes: ['server_name, time', 'host, time'],
  },
  proxy_sessions: {
    kind: 'PROXY_SESSIONS',
    columns: [...text('server_name', 'host', 'virtual_proxy', 'session_host'), ['session_count', 'integer'], ['users', 'jsonb'], ['sessions', 'jsonb']],
    indexes: ['server_name, time', 'host, time'],
  },
  event_counts: {
    kind: 'EVENT_COUNTS',
    columns: [...text('event_type', 'source', 'host', 'subsystem'), ['counter', 'bigint']],
    indexes: ['host, time'],
  },
  rejected_event_counts: {
    kind: 'REJECTED_EVENT_COUNTS',
    columns: [...text('app_id', 'app_name', 'method', 'object_type'), ['counter', 'bigint'], ['process_time', 'double precision']],
    indexes: ['app_id, time'],
  },
  queue_metrics: {
    kind: 'QUEUE_METRICS',
    columns: [
      ...text('socket', 'hostname'),
      ...num('queue_size', 'queue_max_size', 'queue_utilization_pct', 'queue_running', 'messages_received', 'messages_queued'),
      ...num('messages_processed', 'messages_failed', 'messages_dropped_rate_limit', 'messages_dropped_queue_full', 'messages_dropped_size'),
      ...num('processing_time_avg_ms', 'processing_time_p95_ms', 'processing_time_max_ms', 'rate_limit_current'),
      ['backpressure_active', 'boolean'],
      ...num('ring_utilisation_pct', 'messages_dropped_source', 'parse_failures', 'messages_dropped_rule', 'messages_excluded'),
      ...num('messages_rejected', 'bytes_received', 'worker_crashes'),
    ],
    indexes: ['hostname, socket, time'],
  },
  butler_memory: {
    kind: 'BUTLER_MEMORY',
    columns: [...text('instance', 'hostname', 'version'), ...num('heap_used', 'heap_total', 'external', 'rss', 'uptime_ms')],
    indexes: [],
  },
  error_events: {
    kind: 'ERROR_EVENTS',
    columns: [
      ...text('error_type', 'category', 'module', 'server_name', 'host', 'virtual_proxy', 'destination_host', 'code'),
      ['http_status', 'integer'],
      ...text('message'),
    ],
    indexes: ['error_type, time', 'category, time'],
  },
} as const satisfies Record<string, TableDef>;

export type TableName = keyof typeof TABLES;

export const TABLE_NAMES = Object.keys(TABLES) as TableName[];

export function isTableName(name: unknown): name is TableName {
  return typeof name === 'string' && Object.hasOwn(TABLES, name);
}

/** The table a kind of data goes to. */
export function tableOfKind(kind: DataKind): TableName {
  const name = TABLE_NAMES.find((t) => TABLES[t].kind === kind);
  if (!name) throw new Error(`PostgreSQL: no table for ${kind}`);
  return name;
}
