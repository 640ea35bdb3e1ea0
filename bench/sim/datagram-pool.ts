// Pre-generated datagram templates per source. The sender cycles through a pool instead of generating
// events while it sends; a few thousand templates per source keep the data varied (users, apps, messages,
// row numbers) while generation cost stays out of the measured run.

import type { Cluster } from './cluster.js';
import { SIM_SOURCES, type DatagramTemplate, type SimSource } from './datagram-template.js';
import { LogEventGenerator } from './log-events.js';
import { Prng } from './prng.js';
import { assertRunId } from './sequence-token.js';
import { UserEventGenerator } from './user-events.js';

export const DEFAULT_POOL_SIZE = 4096;

export interface PoolOptions {
  runId: number;
  /** Templates per source. */
  size?: number;
  /** Sequence token in user ids (see user-events.ts for the cardinality cost). */
  userTokens?: boolean;
  /** Time rendered into the templates (the sender overwrites it per send); default now. */
  startMs?: number;
}

/** Templates for one source. Deterministic for the cluster's seed, the run id and the options. */
export function buildDatagramPool(cluster: Cluster, source: SimSource, options: PoolOptions): DatagramTemplate[] {
  assertRunId(options.runId);
  const size = Math.max(1, Math.floor(options.size ?? DEFAULT_POOL_SIZE));
  // Each source has its own stream, so a pool does not depend on which other sources are in the mix.
  const prng = new Prng(`${String(cluster.seed)}/pool/${source}`);
  const generator =
    source === 'user'
      ? new UserEventGenerator({ cluster, prng, runId: options.runId, userTokens: options.userTokens ?? true })
      : new LogEventGenerator(source, { cluster, prng, runId: options.runId, startMs: options.startMs ?? Date.now() });
  const pool: DatagramTemplate[] = new Array(size);
  for (let i = 0; i < size; i++) pool[i] = generator.next();
  return pool;
}

/** Pools for the given sources (all six by default). */
export function buildDatagramPools(
  cluster: Cluster,
  options: PoolOptions,
  sources: readonly SimSource[] = SIM_SOURCES,
): Map<SimSource, DatagramTemplate[]> {
  const pools = new Map<SimSource, DatagramTemplate[]>();
  for (const source of sources) pools.set(source, buildDatagramPool(cluster, source, options));
  return pools;
}
