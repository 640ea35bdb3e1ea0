// What a configuration reload (SIGHUP, --watch-config) can apply to a running collector, and what only takes
// effect after a restart. Applied live: the parse side (categorisation rules, the QIX performance monitor's
// filters, excluded users), the pollers (servers, sessions, app names, certificates; the poller thread is
// restarted) and the destinations with the switches that route data to them (the writers reconcile their
// destinations, every producer switches to the new routes: src/threads/destination-switch.ts). Everything
// else that changed is named in a warning and keeps its running value: sockets, rings, thread counts, http
// ports, logging, tags, the heartbeat and the uptime monitor's schedule.
import type { Config } from './schema/index.js';
import { DESTINATIONS } from '../destinations/registry.js';

/** Config paths applied by rebuilding the parse workers' handlers. */
export const PARSE_SIDE = ['logEvents.categorise', 'logEvents.enginePerformanceMonitor', 'userEvents.excludeUser'] as const;
/** Config paths applied by restarting the poller thread. */
export const POLLER_SIDE = ['serversToMonitor', 'userSessions', 'appNames', 'cert'] as const;

/**
 * Config paths applied by reconciling the writers' destinations and switching every producer to the new
 * routes: every destination's own sections (the registry), delivery and spool, and the switches saying which
 * data goes to which destination (and the counters' write intervals).
 */
export const DESTINATION_SIDE: readonly string[] = [
  ...new Set(DESTINATIONS.flatMap((d) => d.sections)),
  'delivery',
  'logEvents.sendToInfluxdb',
  'logEvents.sendToMQTT',
  'logEvents.sendToNewRelic',
  'userEvents.sendToInfluxdb',
  'userEvents.sendToMQTT',
  'userEvents.sendToNewRelic',
  'qlikSenseEvents',
  'uptimeMonitor.storeInInfluxdb',
  'uptimeMonitor.storeNewRelic',
  'errorTracking.influxdb',
  'logEvents.udpServerConfig.queueMetrics',
  'userEvents.udpServerConfig.queueMetrics',
];

export interface ReloadPlan {
  /** The running configuration after the reload: hot sections from the new file, the rest unchanged. */
  config: Config;
  parse: string[];
  poller: string[];
  destination: string[];
  /** Changed paths that need a restart (kept at their running value). */
  restart: string[];
}

/** Dotted paths whose values differ; arrays and scalars compare whole. */
export function changedPaths(a: unknown, b: unknown, prefix = ''): string[] {
  const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!isObj(a) || !isObj(b)) return JSON.stringify(a) === JSON.stringify(b) ? [] : [prefix];
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].flatMap((k) => changedPaths(a[k], b[k], prefix ? `${prefix}.${k}` : k));
}

const under = (path: string, roots: readonly string[]): boolean => roots.some((r) => path === r || path.startsWith(`${r}.`));

function copyAt(target: Record<string, unknown>, source: Record<string, unknown>, path: string): void {
  const keys = path.split('.');
  let t = target;
  let s = source;
  for (const k of keys.slice(0, -1)) {
    t[k] = { ...(t[k] as Record<string, unknown>) };
    t = t[k] as Record<string, unknown>;
    s = s[k] as Record<string, unknown>;
  }
  t[keys.at(-1)!] = structuredClone(s[keys.at(-1)!]);
}

export function planReload(running: Config, next: Config): ReloadPlan {
  const changed = changedPaths(running, next);
  const parse = changed.filter((p) => under(p, PARSE_SIDE));
  const poller = changed.filter((p) => under(p, POLLER_SIDE));
  const destination = changed.filter((p) => under(p, DESTINATION_SIDE));
  const restart = changed.filter((p) => !under(p, PARSE_SIDE) && !under(p, POLLER_SIDE) && !under(p, DESTINATION_SIDE));
  const config = structuredClone(running) as unknown as Record<string, unknown>;
  const hot = [
    ...(parse.length > 0 ? PARSE_SIDE : []),
    ...(poller.length > 0 ? POLLER_SIDE : []),
    ...(destination.length > 0 ? DESTINATION_SIDE : []),
  ];
  for (const root of hot) copyAt(config, next as unknown as Record<string, unknown>, root);
  return { config: config as unknown as Config, parse, poller, destination, restart };
}
