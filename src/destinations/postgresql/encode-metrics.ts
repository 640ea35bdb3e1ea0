// Polled and counted data → rows: one health row per server and poll, one session row per virtual proxy and
// poll (the sessions as a jsonb list), one row per counter key and interval, per socket sample, per memory
// sample and per counted error.
import { hostname } from 'node:os';
import type { PublishedData } from '../../publish/published-data.js';
import type { RecordOut } from '../../publish/encoding.js';
import { hostWithoutPort } from '../../points/server-tags.js';
import { uniqueUserList } from '../../points/sessions.js';
import { isoMicros, rowLine } from './record.js';

type UserRef = { directory: string; userId: string };

function docs(ids: readonly string[] | undefined, appName: (id: string) => string | undefined): Array<{ id: string; name: string | null }> {
  return (ids ?? []).map((id) => ({ id, name: appName(id) ?? null }));
}

export function encodeHealth({ server, body, timeUs, appName }: PublishedData['HEALTH_METRICS'], out: RecordOut): void {
  out(
    rowLine({
      t: 'health_metrics',
      time: isoMicros(timeUs),
      server_name: server.serverName,
      host: hostWithoutPort(server.host),
      server_description: server.serverDescription,
      server_tags: server.serverTags ?? null,
      version: body.version,
      started: body.started,
      mem_committed: body.mem.committed,
      mem_allocated: body.mem.allocated,
      mem_free: body.mem.free,
      cpu_total: body.cpu.total,
      sessions_active: body.session.active,
      sessions_total: body.session.total,
      users_active: body.users.active,
      users_total: body.users.total,
      apps_calls: body.apps.calls,
      apps_selections: body.apps.selections,
      cache_hits: body.cache.hits,
      cache_lookups: body.cache.lookups,
      cache_added: body.cache.added,
      cache_replaced: body.cache.replaced,
      cache_bytes_added: body.cache.bytes_added,
      apps_active_docs: docs(body.apps.active_docs, appName),
      apps_loaded_docs: docs(body.apps.loaded_docs, appName),
      apps_in_memory_docs: docs(body.apps.in_memory_docs, appName),
      saturated: body.saturated ?? null,
    }),
  );
}

/** `excludeUser`: userSessions.excludeUser — counted and listed in `users`, left out of `sessions` (as InfluxDB's details). */
export function sessionEncoder(excludeUser: readonly UserRef[]) {
  const excluded = (dir: string, id: string): boolean => excludeUser.some((u) => u.directory === dir && u.userId === id);
  return ({ server, virtualProxy, sessionHost, sessions, timeUs }: PublishedData['PROXY_SESSIONS'], out: RecordOut): void => {
    const users = uniqueUserList(sessions);
    out(
      rowLine({
        t: 'proxy_sessions',
        time: isoMicros(timeUs),
        server_name: server.serverName,
        host: hostWithoutPort(server.host),
        virtual_proxy: virtualProxy,
        session_host: sessionHost,
        session_count: sessions.length,
        users: users === '' ? [] : users.split(','),
        sessions: sessions
          .filter((s) => !excluded(s.UserDirectory, s.UserId))
          .map((s) => ({ user_directory: s.UserDirectory, user_id: s.UserId, session_id: s.SessionId })),
      }),
    );
  };
}

export function encodeEventCount({ row, timeUs }: PublishedData['EVENT_COUNTS'], out: RecordOut): void {
  out(rowLine({ t: 'event_counts', time: isoMicros(timeUs), event_type: row.eventType, source: row.source, host: row.host, subsystem: row.subsystem, counter: row.counter }));
}

export function encodeRejectedCount({ row, timeUs }: PublishedData['REJECTED_EVENT_COUNTS'], out: RecordOut): void {
  out(
    rowLine({
      t: 'rejected_event_counts',
      time: isoMicros(timeUs),
      app_id: row.appId,
      app_name: row.appName,
      method: row.method,
      object_type: row.objectType,
      counter: row.counter,
      process_time: row.processTime,
    }),
  );
}

/** camelCase snapshot key → the snake_case column of queue_metrics. */
const snake = (key: string): string => key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();

export function encodeQueueMetrics({ sample, timeUs }: PublishedData['QUEUE_METRICS'], out: RecordOut): void {
  // The audit API's queue point belongs to InfluxDB (auditEvents.queue.queueMetrics.influxdb, as in v15).
  if (sample.socket === 'audit') return;
  const record: Record<string, unknown> = { t: 'queue_metrics', time: isoMicros(timeUs) };
  for (const [key, value] of Object.entries(sample)) record[snake(key)] = value;
  out(JSON.stringify(record));
}

export function memoryEncoder(instance: string, version: string) {
  const host = hostname();
  return ({ sample, uptimeMs, timeUs }: PublishedData['BUTLER_MEMORY'], out: RecordOut): void => {
    out(
      rowLine({
        t: 'butler_memory',
        time: isoMicros(timeUs),
        instance,
        hostname: host,
        version,
        heap_used: sample.heapUsed,
        heap_total: sample.heapTotal,
        external: sample.external,
        rss: sample.rss,
        uptime_ms: uptimeMs,
      }),
    );
  };
}

export function encodeErrorEvent({ report, category }: PublishedData['ERROR_EVENTS'], out: RecordOut): void {
  out(
    rowLine({
      t: 'error_events',
      time: isoMicros(report.at * 1000),
      error_type: report.type,
      category,
      module: report.module,
      server_name: report.serverName,
      host: report.host,
      virtual_proxy: report.virtualProxy,
      destination_host: report.destinationHost,
      code: report.err?.code,
      http_status: report.err?.httpStatus,
      message: report.err?.message,
    }),
  );
}
