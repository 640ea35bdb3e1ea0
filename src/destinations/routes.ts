// Which destinations are on, and which writer thread owns each: decided here only, from the registry.
import type { Config } from '../config/schema/index.js';
import type { DestinationPlugin } from './plugin.js';
import { DESTINATIONS } from './registry.js';

/** One enabled destination and the writer that owns it (the order of its data is the order that writer got it). */
export interface DestinationRoute {
  dest: string;
  writer: number;
}

/** The enabled plugins in registry order; two enabled plugins with one id are a programming error. */
export function enabledDestinations(config: Config, registry: readonly DestinationPlugin[] = DESTINATIONS): DestinationPlugin[] {
  const on = registry.filter((p) => p.enabled(config));
  const ids = new Set<string>();
  for (const p of on) {
    if (ids.has(p.id)) throw new Error(`Two enabled destinations share the id "${p.id}".`);
    ids.add(p.id);
  }
  return on;
}

/** Enabled destinations pinned to writers round-robin, in registry order. */
export function destinationRoutes(config: Config, writerCount: number, registry: readonly DestinationPlugin[] = DESTINATIONS): DestinationRoute[] {
  const writers = Math.max(1, writerCount);
  return enabledDestinations(config, registry).map((p, i) => ({ dest: p.id, writer: i % writers }));
}

/**
 * The routes after a configuration reload (`previous`: the routes in force): a destination that keeps running
 * keeps its writer, so its queue, spool and order stay on one thread; an added one goes to the writer with
 * the fewest destinations (the lowest index on a tie).
 */
export function reloadedRoutes(
  config: Config,
  writerCount: number,
  previous: readonly DestinationRoute[],
  registry: readonly DestinationPlugin[] = DESTINATIONS,
): DestinationRoute[] {
  const writers = Math.max(1, writerCount);
  const was = new Map(previous.map((r) => [r.dest, r.writer]));
  const load = new Array<number>(writers).fill(0);
  const routes = enabledDestinations(config, registry).map((p) => ({ dest: p.id, writer: was.get(p.id) ?? -1 }));
  for (const r of routes) if (r.writer >= writers) r.writer = -1;
  for (const r of routes) if (r.writer >= 0) load[r.writer]++;
  for (const r of routes) {
    if (r.writer >= 0) continue;
    r.writer = load.indexOf(Math.min(...load));
    load[r.writer]++;
  }
  return routes;
}
