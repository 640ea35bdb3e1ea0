// Health, proxy sessions and the collector's own uptime/memory as New Relic Metric API data
// (docs/new-relic.md#payloads).
import type { Config } from '../../../config/schema/index.js';
import type { EngineHealthBody } from '../../../points/health.js';
import { hostWithoutPort, type ServerIdentity } from '../../../points/server-tags.js';
import { tagObject } from '../../mqtt/messages/events.js';
import type { NrAttributes, NrMetric, NrMetricData } from './items.js';

const MB = 1_048_576;

/** The configuration the metric builders read (a full `Config` fits). */
export interface NrMetricConfig {
  newRelic: { metric: Pick<Config['newRelic']['metric'], 'dynamic' | 'attribute'> };
  serversToMonitor: { pollingInterval: number };
  userSessions: { pollingInterval: number };
}

export interface NrUptimeConfig {
  uptimeMonitor: { storeNewRelic: Pick<Config['uptimeMonitor']['storeNewRelic'], 'metric' | 'attribute'> };
}

function gauge(name: string, value: number | boolean): NrMetric {
  return { name, type: 'gauge', value };
}

/** Server tags as attributes: host (no port), server_name, server_description, then custom tags. */
export function serverAttributes(server: ServerIdentity): NrAttributes {
  const out: NrAttributes = { host: hostWithoutPort(server.host), server_name: server.serverName, server_description: server.serverDescription };
  for (const [key, value] of Object.entries(server.serverTags ?? {})) if (value !== null) out[key] = String(value);
  return out;
}

function metricAttributes(config: NrMetricConfig, base: NrAttributes, appVersion: string): NrAttributes {
  const attributes: NrAttributes = { ...base, ...tagObject(config.newRelic.metric.attribute.static) };
  if (config.newRelic.metric.attribute.dynamic.butlerSosVersion.enable) attributes.butlerSosVersion = appVersion;
  return attributes;
}

/** The metrics of one health poll, in Butler's order, each group switched by its config flag. */
export function healthMetrics(config: NrMetricConfig, body: EngineHealthBody): NrMetric[] {
  const d = config.newRelic.metric.dynamic;
  const m: NrMetric[] = [];
  if (d.engine.memory.enable) {
    m.push(gauge('qs_memCommited', body.mem.committed * MB), gauge('qs_memAllocated', body.mem.allocated * MB), gauge('qs_memFree', body.mem.free * MB));
  }
  if (d.engine.cpu.enable) m.push(gauge('qs_cpuTotal', body.cpu.total));
  if (d.engine.calls.enable) m.push(gauge('qs_engineCalls', body.apps.calls));
  if (d.engine.selections.enable) m.push(gauge('qs_engineSelections', body.apps.selections));
  if (d.engine.sessions.enable) m.push(gauge('qs_engineSessionsActive', body.session.active), gauge('qs_engineSessionsTotal', body.session.total));
  if (d.engine.users.enable) m.push(gauge('qs_engineUsersActive', body.users.active), gauge('qs_engineUsersTotal', body.users.total));
  // Older engines omit `saturated`; Butler would have sent `value: undefined`, which JSON drops.
  if (d.engine.saturated.enable && body.saturated !== undefined) m.push(gauge('qs_engineSaturated', body.saturated));
  if (d.apps.docCount.enable) {
    m.push(
      gauge('qs_docsActiveCount', body.apps.active_docs?.length ?? 0),
      gauge('qs_docsLoadedCount', body.apps.loaded_docs?.length ?? 0),
      gauge('qs_docsInMemoryCount', body.apps.in_memory_docs?.length ?? 0),
    );
  }
  if (d.cache.cache.enable) {
    m.push(
      gauge('qs_cacheHits', body.cache.hits),
      gauge('qs_cacheLookups', body.cache.lookups),
      gauge('qs_cacheaAdded', body.cache.added),
      gauge('qs_cacheReplaced', body.cache.replaced),
      gauge('qs_cacheBytesAdded', body.cache.bytes_added),
    );
  }
  return m;
}

/** One health poll as Metric API data; `timeMs` is when the poll answered. */
export function healthMetricData(config: NrMetricConfig, server: ServerIdentity, body: EngineHealthBody, timeMs: number, appVersion: string): NrMetricData {
  return {
    common: { timestamp: timeMs, 'interval.ms': config.serversToMonitor.pollingInterval, attributes: metricAttributes(config, serverAttributes(server), appVersion) },
    metrics: healthMetrics(config, body),
  };
}

export interface SessionTarget {
  server: ServerIdentity;
  /** `userSessions.host` including the port (tag `user_session_host`). */
  userSessionsHost: string;
  virtualProxy: string;
}

/**
 * One proxy session poll; undefined when `newRelic.metric.dynamic.proxy.sessions.enable` is off (Butler
 * posted nothing then either: the flag gates the whole post, docs/configuration.md#which-switches-send-what).
 */
export function sessionMetricData(config: NrMetricConfig, target: SessionTarget, sessionCount: number, timeMs: number, appVersion: string): NrMetricData | undefined {
  if (!config.newRelic.metric.dynamic.proxy.sessions.enable) return undefined;
  const base: NrAttributes = {
    ...serverAttributes(target.server),
    user_session_virtual_proxy: target.virtualProxy,
    user_session_host: target.userSessionsHost,
  };
  return {
    common: { timestamp: timeMs, 'interval.ms': config.userSessions.pollingInterval, attributes: metricAttributes(config, base, appVersion) },
    metrics: [gauge('qs_proxySessions', sessionCount)],
  };
}

export interface CollectorMemorySample {
  heapUsed: number;
  heapTotal: number;
  external: number;
  rss: number;
}

/** The collector's own memory and uptime (uptimeMonitor.storeNewRelic); no server tags. */
export function uptimeMetricData(config: NrUptimeConfig, sample: CollectorMemorySample, uptimeMs: number, intervalMs: number, timeMs: number, appVersion: string): NrMetricData {
  const nr = config.uptimeMonitor.storeNewRelic;
  const attributes: NrAttributes = tagObject(nr.attribute.static);
  if (nr.attribute.dynamic.butlerVersion.enable) attributes.version = appVersion;
  const metrics: NrMetric[] = [];
  if (nr.metric.dynamic.butlerMemoryUsage.enable) {
    metrics.push(
      gauge('qs_butlerSosHeapUsed', sample.heapUsed),
      gauge('qs_butlerSosHeapTotal', sample.heapTotal),
      gauge('qs_butlerSosExternalMem', sample.external),
      gauge('qs_butlerSosProcessMem', sample.rss),
    );
  }
  if (nr.metric.dynamic.butlerUptime.enable) metrics.push(gauge('qs_butlerSosUptimeMillisec', uptimeMs));
  return { common: { timestamp: timeMs, 'interval.ms': intervalMs, attributes }, metrics };
}
