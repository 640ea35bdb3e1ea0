import type { EngineHealthBody } from '../points/health.js';
import { serverTags, type ServerIdentity } from '../points/server-tags.js';
import type { HealthPollMessage, MetricLabels, SessionPollMessage } from './messages.js';

// The butlersos_* gauges of docs/prometheus.md#butler-sos-gauges: names, help texts and labels exactly as Butler SOS 15
// declares them (the help texts of the memory gauges say MB, the values are bytes: that is the contract).

export interface HealthGaugeDef {
  name: string;
  help: string;
  value: (body: EngineHealthBody) => number;
}

const MB = 1_048_576;

export const HEALTH_GAUGES: readonly HealthGaugeDef[] = [
  { name: 'butlersos_apps_calls', help: 'Total number of requests made to the Qlik Sense engine.', value: (b) => b.apps.calls },
  { name: 'butlersos_apps_selections', help: 'Total number of selections made to the Qlik Sense engine.', value: (b) => b.apps.selections },
  {
    name: 'butlersos_apps_activedocs_total',
    help: 'Number of active apps. An app is active when a user is currently performing some action on it.',
    value: (b) => (b.apps.active_docs ?? []).length,
  },
  {
    name: 'butlersos_apps_inmemorydocs_total',
    help:
      'Number of apps apps currently loaded into memory, even if they do not have any open sessions or connections to it. ' +
      'Apps disappear from this metric when the engine has purged them from memory.',
    value: (b) => (b.apps.in_memory_docs ?? []).length,
  },
  {
    name: 'butlersos_apps_loadeddocs_total',
    help: 'Number of apps apps currently loaded into memory, that also have open sessions or connections.',
    value: (b) => (b.apps.loaded_docs ?? []).length,
  },
  { name: 'butlersos_cache_added', help: 'Number of cache objects added.', value: (b) => b.cache.added },
  { name: 'butlersos_cache_bytes_added', help: 'Size in bytes of cache objects added.', value: (b) => b.cache.bytes_added },
  { name: 'butlersos_cache_hits', help: 'Number of cache hits.', value: (b) => b.cache.hits },
  { name: 'butlersos_cache_lookups', help: 'Number of cache lookups.', value: (b) => b.cache.lookups },
  { name: 'butlersos_cache_replaced', help: 'Number of cache replaced cache objects.', value: (b) => b.cache.replaced },
  {
    name: 'butlersos_cache_saturated',
    help: 'When the value is 1, the engine is running with high resource usage; otherwise the value is 0.',
    value: (b) => (b.saturated === true ? 1 : 0),
  },
  {
    name: 'butlersos_cpu_total',
    help: 'Percentage of the CPU used by the engine, averaged over a time period of 30 seconds.',
    value: (b) => b.cpu.total,
  },
  {
    name: 'butlersos_mem_committed',
    help: 'The total amount of committed memory for the engine process in MB.',
    value: (b) => b.mem.committed * MB,
  },
  {
    name: 'butlersos_mem_allocated',
    help: 'The total amount of allocated memory (committed + reserved) from the operating system in MB.',
    value: (b) => b.mem.allocated * MB,
  },
  {
    name: 'butlersos_mem_free',
    help: 'The total amount of free memory (minimum of free virtual and physical memory) in MB.',
    value: (b) => b.mem.free * MB,
  },
  {
    name: 'butlersos_session_active',
    help:
      'Number of active engine sessions. A session is active when a user is currently performing some action on an app, ' +
      'for example, making selections or creating content.',
    value: (b) => b.session.active,
  },
  { name: 'butlersos_session_total', help: 'Total number of engine sessions.', value: (b) => b.session.total },
  {
    name: 'butlersos_users_active',
    help: 'Number of distinct active users. An active user is one who is currently performing an action on an app.',
    value: (b) => b.users.active,
  },
  { name: 'butlersos_users_total', help: 'Total number of distinct users within the current engine sessions.', value: (b) => b.users.total },
];

export const ENGINE_METADATA = { name: 'butlersos_engine_metadata', help: 'Metadata about the Qlik Sense engine.' } as const;
export const ENGINE_METADATA_LABELS = ['engine_started', 'engine_version'] as const;

export const USER_SESSION_TOTAL = {
  name: 'butlersos_user_session_total',
  help: 'Number of sessions (as reported by the proxy service).',
} as const;
/** `service` is declared by Butler SOS and never set; it stays declared so the label set matches. */
export const USER_SESSION_LABELS = ['user_session_virtual_proxy', 'user_session_host', 'service'] as const;

const BASE_SERVER_LABELS = ['host', 'server_name', 'server_description'];

/** The server-tag part of the label set: the union of the tag keys over all configured servers. */
export function serverLabelNames(config: {
  serversToMonitor: { serverTagsDefinition?: readonly string[] | null; servers: ReadonlyArray<{ serverTags?: Readonly<Record<string, unknown>> | null }> };
}): string[] {
  const names = new Set(BASE_SERVER_LABELS);
  for (const name of config.serversToMonitor.serverTagsDefinition ?? []) names.add(name);
  for (const server of config.serversToMonitor.servers) for (const key of Object.keys(server.serverTags ?? {})) names.add(key);
  return [...names];
}

/** A server's tags as Prometheus labels (same tags as the InfluxDB points, docs/pollers.md#server-tags). */
export function serverLabels(server: ServerIdentity): MetricLabels {
  const labels: MetricLabels = {};
  for (const [key, value] of serverTags(server)) labels[key] = value;
  return labels;
}

/** What the poller posts after a successful health poll of `server`. */
export function healthPollMessage(server: ServerIdentity, body: EngineHealthBody, at = Date.now()): HealthPollMessage {
  const values: Record<string, number> = {};
  for (const def of HEALTH_GAUGES) values[def.name] = def.value(body);
  return { t: 'health-poll', server: server.serverName, labels: serverLabels(server), values, engine: { version: body.version, started: body.started }, at };
}

/** What the poller posts after a successful session poll of one server and virtual proxy. */
export function sessionPollMessage(
  server: ServerIdentity,
  target: { virtualProxy: string; sessionHost: string },
  sessionCount: number,
  at = Date.now(),
): SessionPollMessage {
  const labels = serverLabels(server);
  labels.user_session_virtual_proxy = target.virtualProxy;
  labels.user_session_host = target.sessionHost;
  return { t: 'session-poll', server: server.serverName, virtualProxy: target.virtualProxy, labels, sessionCount, at };
}
