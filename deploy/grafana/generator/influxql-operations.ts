// Qlik Sense operations, InfluxQL (InfluxDB 1.x; 2.x/3.x through their InfluxQL APIs). Names: docs/data-model.md.
import type { DashboardSpec } from './model.js';

const ENV = `"qs_env" =~ /^$env$/`;
const SERVER = `${ENV} AND "server_name" =~ /^$server$/`;
const HOST = `${ENV} AND "host" =~ /^$host$/`;
// v1 log_event has app_name both as a tag (qix-perf) and as a field (scheduler): name the tag explicitly, a
// bare "app_name" in WHERE means the field. The same holds for user_events appName/userFull/userId.
const APP_PERF = `"source" = 'qseow-qix-perf' AND ${ENV} AND "app_name"::tag =~ /^$app$/ AND "app_name"::tag != ''`;
const USERS = `${ENV} AND "userDirectory" =~ /^$userdir$/`;
const PROBLEMS = `"level" =~ /^(WARN|ERROR|FATAL)$/`;
const T = '$timeFilter';
const per = (tags: string) => `GROUP BY time($__interval), ${tags} fill(none)`;

export const influxqlOperations: DashboardSpec = {
  uid: 'butler-sos-qliksense-influxql',
  title: 'Qlik Sense operations (Butler SOS, InfluxQL)',
  description: 'Health, sessions, user activity, log events, engine performance and errors of a Qlik Sense environment, as written by Butler SOS to InfluxDB (InfluxQL).',
  ds: 'influxdb',
  tags: ['butler-sos', 'qlik-sense', 'influxql'],
  variables: [
    { name: 'env', label: 'Environment', query: 'SHOW TAG VALUES WITH KEY = "qs_env"', description: 'qs_env tag (server tags and static event tags)' },
    { name: 'server', label: 'Server', query: 'SHOW TAG VALUES FROM "cpu" WITH KEY = "server_name" WHERE "qs_env" =~ /^$env$/', description: 'serversToMonitor.servers[].serverName' },
    { name: 'host', label: 'Event host', query: 'SHOW TAG VALUES FROM "log_event" WITH KEY = "host" WHERE "qs_env" =~ /^$env$/', description: 'Qlik host named in log events' },
    { name: 'app', label: 'App', query: 'SHOW TAG VALUES FROM "log_event" WITH KEY = "app_name" WHERE "qs_env" =~ /^$env$/', description: 'App names of the engine performance (qix-perf) events' },
    { name: 'userdir', label: 'User directory', query: 'SHOW TAG VALUES FROM "user_events" WITH KEY = "userDirectory" WHERE "qs_env" =~ /^$env$/', description: 'User directory of user events and sessions' },
  ],
  rows: [
    {
      row: 'Health per node',
      panels: [
        { title: 'CPU per server', unit: 'percent', queries: [{ q: `SELECT mean("total") FROM "cpu" WHERE ${SERVER} AND ${T} ${per('"server_name"')}`, legend: '$tag_server_name' }] },
        {
          title: 'Engine memory per server',
          unit: 'decmbytes',
          queries: [{ q: `SELECT mean("comitted") AS "committed", mean("allocated") AS "allocated", mean("free") AS "free" FROM "mem" WHERE ${SERVER} AND ${T} ${per('"server_name"')}`, legend: '$tag_server_name $col' }],
        },
        {
          title: 'Cache hit ratio per server',
          unit: 'percent',
          description: 'Engine cache hits / lookups since the engine started.',
          queries: [{ q: `SELECT 100 * last("hits") / last("lookups") FROM "cache" WHERE ${SERVER} AND "lookups" > 0 AND ${T} ${per('"server_name"')}`, legend: '$tag_server_name' }],
        },
        {
          title: 'Cache saturated, bytes added',
          type: 'table',
          queries: [{ q: `SELECT last("saturated") AS "saturated" FROM "saturated" WHERE ${SERVER} AND ${T} GROUP BY "server_name"`, table: true }, { q: `SELECT last("bytes_added") AS "bytes added", last("added") AS "added", last("replaced") AS "replaced" FROM "cache" WHERE ${SERVER} AND ${T} GROUP BY "server_name"`, table: true }],
        },
        {
          title: 'Engine sessions per server',
          queries: [{ q: `SELECT mean("active") AS "active", mean("total") AS "total" FROM "session" WHERE ${SERVER} AND ${T} ${per('"server_name"')}`, legend: '$tag_server_name $col' }],
        },
        {
          title: 'Engine users per server',
          queries: [{ q: `SELECT mean("active") AS "active", mean("total") AS "total" FROM "users" WHERE ${SERVER} AND ${T} ${per('"server_name"')}`, legend: '$tag_server_name $col' }],
        },
        {
          title: 'Apps loaded, active, in memory',
          queries: [
            { q: `SELECT mean("loaded_docs_count") AS "loaded", mean("active_docs_count") AS "active", mean("in_memory_docs_count") AS "in memory" FROM "apps" WHERE ${SERVER} AND ${T} ${per('"server_name"')}`, legend: '$tag_server_name $col' },
          ],
        },
        {
          title: 'Nodes: engine version and uptime',
          type: 'table',
          queries: [{ q: `SELECT last("version") AS "version", last("started") AS "started", last("uptime") AS "uptime" FROM "sense_server" WHERE ${SERVER} AND ${T} GROUP BY "server_name", "server_description"`, table: true }],
        },
        {
          title: 'Apps in memory (names)',
          type: 'table',
          width: 24,
          description: 'Needs serversToMonitor.includeFields.inMemoryDocs and app-name extraction; empty strings otherwise.',
          queries: [{ q: `SELECT last("in_memory_docs_names") AS "apps", last("in_memory_session_docs_names") AS "session apps" FROM "apps" WHERE ${SERVER} AND ${T} GROUP BY "server_name"`, table: true }],
        },
      ],
    },
    {
      row: 'User sessions per virtual proxy',
      panels: [
        {
          title: 'Proxy sessions per virtual proxy',
          queries: [{ q: `SELECT mean("session_count") FROM "user_session_summary" WHERE ${SERVER} AND ${T} ${per('"server_name", "user_session_virtual_proxy"')}`, legend: '$tag_server_name $tag_user_session_virtual_proxy' }],
        },
        {
          title: 'Users with a session now',
          type: 'table',
          queries: [{ q: `SELECT last("session_count") AS "sessions", last("session_user_id_list") AS "users" FROM "user_session_summary" WHERE ${SERVER} AND ${T} GROUP BY "server_name", "user_session_virtual_proxy"`, table: true }],
        },
        {
          title: 'Latest sessions',
          type: 'table',
          width: 24,
          queries: [{ q: `SELECT "user_directory", "user_id", "session_id", "user_session_virtual_proxy"::tag AS "virtual proxy", "server_name"::tag AS "server" FROM "user_session_details" WHERE ${SERVER} AND "user_session_user_directory" =~ /^$userdir$/ AND ${T} ORDER BY time DESC LIMIT 200`, table: true }],
        },
      ],
    },
    {
      row: 'User activity',
      panels: [
        { title: 'Distinct users', queries: [{ q: `SELECT count(distinct("userFull"::field)) AS "users" FROM "user_events" WHERE ${USERS} AND ${T} GROUP BY time($__interval) fill(0)` }] },
        { title: 'User events by action', queries: [{ q: `SELECT count("userFull"::field) FROM "user_events" WHERE ${USERS} AND ${T} GROUP BY time($__interval), "event_action" fill(0)`, legend: '$tag_event_action' }] },
        { title: 'Users per browser', type: 'barchart', width: 8, queries: [{ q: `SELECT count(distinct("userFull"::field)) AS "users" FROM "user_events" WHERE ${USERS} AND "uaBrowserName" != '' AND ${T} GROUP BY "uaBrowserName"`, table: true }] },
        { title: 'Users per OS', type: 'barchart', width: 8, queries: [{ q: `SELECT count(distinct("userFull"::field)) AS "users" FROM "user_events" WHERE ${USERS} AND "uaOsName" != '' AND ${T} GROUP BY "uaOsName"`, table: true }] },
        { title: 'Users per app', type: 'barchart', width: 8, queries: [{ q: `SELECT count(distinct("userFull"::field)) AS "users" FROM "user_events" WHERE ${USERS} AND "appName"::tag =~ /^$app$/ AND "appName"::tag != '' AND ${T} GROUP BY "appName"`, table: true }] },
        {
          title: 'Latest user events',
          type: 'table',
          width: 24,
          queries: [{ q: `SELECT "userFull"::field AS "user", "event_action"::tag AS "action", "appName"::tag AS "app", "origin"::tag AS "origin", "host"::tag AS "host", "uaBrowserName"::tag AS "browser", "uaOsName"::tag AS "os" FROM "user_events" WHERE ${USERS} AND ${T} ORDER BY time DESC LIMIT 200`, table: true }],
        },
      ],
    },
    {
      row: 'Log events',
      panels: [
        { title: 'Warnings and errors per minute by node', queries: [{ q: `SELECT count("message") FROM "log_event" WHERE ${HOST} AND ${PROBLEMS} AND ${T} GROUP BY time(1m), "host", "level" fill(0)`, legend: '$tag_host $tag_level' }] },
        { title: 'Warnings and errors by source', type: 'barchart', width: 8, queries: [{ q: `SELECT count("message") AS "events" FROM "log_event" WHERE ${HOST} AND ${PROBLEMS} AND ${T} GROUP BY "source", "level"`, table: true }] },
        { title: 'Warnings and errors by category', type: 'barchart', width: 8, queries: [{ q: `SELECT count("message") AS "events" FROM "log_event" WHERE ${HOST} AND ${PROBLEMS} AND ${T} GROUP BY "qs_log_category", "level"`, table: true }] },
        { title: 'Events received by source', width: 8, queries: [{ q: `SELECT sum("counter") FROM "event_count" WHERE ${ENV} AND ${T} GROUP BY time($__interval), "event_type", "source" fill(0)`, legend: '$tag_event_type $tag_source' }] },
        {
          title: 'Latest warnings and errors',
          type: 'table',
          width: 24,
          height: 10,
          queries: [{ q: `SELECT "message", "exception_message", "host"::tag AS "host", "level"::tag AS "level", "source"::tag AS "source", "subsystem"::tag AS "subsystem", "qs_log_category"::tag AS "category", "user_full"::tag AS "user" FROM "log_event" WHERE ${HOST} AND ${PROBLEMS} AND ${T} ORDER BY time DESC LIMIT 200`, table: true }],
        },
      ],
    },
    {
      row: 'Engine performance (qix-perf)',
      panels: [
        { title: 'Slowest apps by work time', type: 'table', queries: [{ q: `SELECT sum("work_time") AS "work time", sum("process_time") AS "process time", max("process_time") AS "slowest call", count("process_time") AS "calls" FROM "log_event" WHERE ${APP_PERF} AND ${T} GROUP BY "app_name"`, table: true }] },
        { title: 'Slowest sheets by work time', type: 'table', queries: [{ q: `SELECT sum("work_time") AS "work time", max("process_time") AS "slowest call", count("process_time") AS "calls" FROM "log_event" WHERE ${APP_PERF} AND "object_type" = 'sheet' AND ${T} GROUP BY "app_name", "object_id"`, table: true }] },
        { title: 'Slowest objects by work time', type: 'table', queries: [{ q: `SELECT sum("work_time") AS "work time", max("process_time") AS "slowest call", count("process_time") AS "calls" FROM "log_event" WHERE ${APP_PERF} AND "object_type" != 'sheet' AND ${T} GROUP BY "app_name", "object_type", "object_id"`, table: true }] },
        { title: 'Engine methods by process time', type: 'table', queries: [{ q: `SELECT sum("process_time") AS "process time", mean("process_time") AS "mean", count("process_time") AS "calls" FROM "log_event" WHERE ${APP_PERF} AND ${T} GROUP BY "method"`, table: true }] },
        { title: 'Process time p95 by method', unit: 'ms', queries: [{ q: `SELECT percentile("process_time", 95) FROM "log_event" WHERE ${APP_PERF} AND ${T} ${per('"method"')}`, legend: '$tag_method' }] },
        { title: 'Peak RAM per app', unit: 'bytes', queries: [{ q: `SELECT max("peak_ram") FROM "log_event" WHERE ${APP_PERF} AND ${T} ${per('"app_name"')}`, legend: '$tag_app_name' }] },
      ],
    },
    {
      row: 'Rejected events',
      panels: [
        { title: 'Rejected qix-perf events by method', queries: [{ q: `SELECT sum("counter") FROM "rejected_event_count" WHERE ${ENV} AND ${T} GROUP BY time($__interval), "method" fill(0)`, legend: '$tag_method' }] },
        {
          title: 'Apps without performance monitoring',
          type: 'table',
          queries: [{ q: `SELECT sum("counter") AS "events", sum("process_time") AS "process time" FROM "rejected_event_count" WHERE ${ENV} AND "app_name_set" = 'true' AND ${T} GROUP BY "app_name"`, table: true }],
        },
      ],
    },
    {
      row: 'Error tracking (butler_sos_errors)',
      panels: [
        { title: 'Errors by type', queries: [{ q: `SELECT sum("error_count") FROM "butler_sos_errors" WHERE "server_name" =~ /^$server$/ AND ${T} GROUP BY time($__interval), "error_type" fill(0)`, legend: '$tag_error_type' }] },
        { title: 'Errors by server and type', type: 'table', queries: [{ q: `SELECT sum("error_count") AS "errors" FROM "butler_sos_errors" WHERE "server_name" =~ /^$server$/ AND ${T} GROUP BY "server_name", "error_type"`, table: true }] },
        {
          title: 'Errors by category',
          type: 'table',
          description: 'error_category is a field (InfluxQL cannot group by it): the rows are grouped by a Grafana transformation.',
          queries: [{ q: `SELECT "error_count", "error_category" FROM "butler_sos_errors" WHERE "server_name" =~ /^$server$/ AND ${T}`, table: true }],
          transformations: [{ id: 'groupBy', options: { fields: { error_category: { aggregations: [], operation: 'groupby' }, error_count: { aggregations: ['sum'], operation: 'aggregate' } } } }],
        },
        {
          title: 'Latest errors',
          type: 'table',
          queries: [{ q: `SELECT "error_category", "error_code", "http_status", "request_url", "error_type"::tag AS "type", "server_name"::tag AS "server", "host"::tag AS "host" FROM "butler_sos_errors" WHERE "server_name" =~ /^$server$/ AND ${T} ORDER BY time DESC LIMIT 200`, table: true }],
        },
      ],
    },
  ],
};
