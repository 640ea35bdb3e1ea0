// What a configuration reload changes in one writer: which of its destinations keep running untouched, which
// are replaced (what their sink is built from changed), which are added and which removed. A destination's
// settings are what its plugin says it is built from (DestinationPlugin.settings, by default its config
// sections) plus the delivery tuning, which every destination's queue, batching and spool are built from.
import type { Config } from '../config/schema/index.js';
import type { DestinationPlugin } from './plugin.js';
import type { WriterHostConfig } from './writer-host.js';

export interface DestinationChanges {
  keep: string[];
  replace: DestinationPlugin[];
  add: DestinationPlugin[];
  remove: string[];
}

/** What a reconcile did, by destination id (for the log). */
export interface ReconcileResult {
  kept: string[];
  replaced: string[];
  added: string[];
  /** Still taking what was routed to them before the reload, until retire(). */
  leaving: string[];
}

/** Comparable text of what a destination is built from. */
export function destinationFingerprint(plugin: DestinationPlugin, config: WriterHostConfig): string {
  const own = config as unknown as Record<string, unknown>;
  const settings = plugin.settings ? plugin.settings(config as Config) : Object.fromEntries(plugin.sections.map((s) => [s, own[s] ?? null]));
  return JSON.stringify({ plugin: plugin.name, settings, delivery: config.delivery ?? null });
}

/** The plugins of this registry enabled by this configuration; two enabled plugins with one id are a programming error. */
export function enabledPlugins(config: WriterHostConfig, registry: readonly DestinationPlugin[]): DestinationPlugin[] {
  const out: DestinationPlugin[] = [];
  for (const plugin of registry) {
    if (!plugin.enabled(config as Config)) continue;
    if (out.some((p) => p.id === plugin.id)) throw new Error(`Two enabled destinations share the id "${plugin.id}".`);
    out.push(plugin);
  }
  return out;
}

/** `running`: destination id → the fingerprint it was built with. */
export function planDestinations(running: ReadonlyMap<string, string>, config: WriterHostConfig, registry: readonly DestinationPlugin[]): DestinationChanges {
  const changes: DestinationChanges = { keep: [], replace: [], add: [], remove: [] };
  const next = enabledPlugins(config, registry);
  for (const plugin of next) {
    const was = running.get(plugin.id);
    if (was === undefined) changes.add.push(plugin);
    else if (was === destinationFingerprint(plugin, config)) changes.keep.push(plugin.id);
    else changes.replace.push(plugin);
  }
  const ids = new Set(next.map((p) => p.id));
  changes.remove = [...running.keys()].filter((id) => !ids.has(id));
  return changes;
}
