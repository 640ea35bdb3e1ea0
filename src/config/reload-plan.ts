// What a configuration reload (SIGHUP, --watch-config) can apply to a running collector, and what only takes
// effect after a restart. Applied live: the parse side (categorisation rules, the QIX performance monitor's
// filters, excluded users) and the pollers (servers, sessions, app names, certificates; the poller thread is
// restarted). Everything else that changed is named in a warning and keeps its running value: sockets, rings
// and threads, and the destinations (their queues and spool would have to be handed over).
import type { Config } from './schema/index.js';

/** Config paths applied by rebuilding the parse workers' handlers. */
export const PARSE_SIDE = ['logEvents.categorise', 'logEvents.enginePerformanceMonitor', 'userEvents.excludeUser'] as const;
/** Config paths applied by restarting the poller thread. */
export const POLLER_SIDE = ['serversToMonitor', 'userSessions', 'appNames', 'cert'] as const;

export interface ReloadPlan {
  /** The running configuration after the reload: hot sections from the new file, the rest unchanged. */
  config: Config;
  parse: string[];
  poller: string[];
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
  const restart = changed.filter((p) => !under(p, PARSE_SIDE) && !under(p, POLLER_SIDE));
  const config = structuredClone(running) as unknown as Record<string, unknown>;
  for (const root of [...(parse.length > 0 ? PARSE_SIDE : []), ...(poller.length > 0 ? POLLER_SIDE : [])]) {
    copyAt(config, next as unknown as Record<string, unknown>, root);
  }
  return { config: config as unknown as Config, parse, poller, restart };
}
