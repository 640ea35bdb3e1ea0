// The share of each source in the datagram stream. The sender does not draw a random source per datagram:
// the weights become a fixed, evenly interleaved schedule (smooth weighted round robin) that it cycles
// through, so proportions are exact over every cycle and picking a source costs one array read.

import { SIM_SOURCES, type SimSource } from './datagram-template.js';

export type SourceMix = Partial<Record<SimSource, number>>;

/** Roughly the mix of the v15 throughput corpus (fixtures/udp-samples.txt) plus user events. */
export const DEFAULT_MIX: Readonly<Record<SimSource, number>> = {
  engine: 25,
  proxy: 10,
  repository: 16,
  scheduler: 8,
  'qix-perf': 40,
  user: 20,
};

const ALIASES: Record<string, SimSource> = {
  engine: 'engine',
  proxy: 'proxy',
  repository: 'repository',
  scheduler: 'scheduler',
  'qix-perf': 'qix-perf',
  qixperf: 'qix-perf',
  qix: 'qix-perf',
  user: 'user',
  users: 'user',
};

/** Parses `engine=25,proxy=10,qix-perf=40,user=20`; unknown sources and bad weights throw. */
export function parseMix(text: string): SourceMix {
  const mix: SourceMix = {};
  for (const part of text.split(',')) {
    const item = part.trim();
    if (item === '') continue;
    const eq = item.indexOf('=');
    const name = (eq === -1 ? item : item.slice(0, eq)).trim().toLowerCase();
    const source = ALIASES[name];
    if (source === undefined) throw new Error(`unknown source '${name}' in mix (use ${SIM_SOURCES.join(', ')})`);
    const weight = eq === -1 ? 1 : Number(item.slice(eq + 1));
    if (!Number.isFinite(weight) || weight < 0) throw new Error(`bad weight for '${name}' in mix: '${item}'`);
    mix[source] = weight;
  }
  return mix;
}

export function activeSources(mix: SourceMix): SimSource[] {
  return SIM_SOURCES.filter((s) => (mix[s] ?? 0) > 0);
}

/**
 * A cycle of `length` source indices (into SIM_SOURCES) with each source's count proportional to its
 * weight (largest remainder) and occurrences spread evenly.
 */
export function buildSchedule(mix: SourceMix, length = 1000): Uint8Array {
  const weights = SIM_SOURCES.map((s) => mix[s] ?? 0);
  const total = weights.reduce((a, b) => a + b, 0);
  if (total <= 0) throw new Error('source mix has no positive weight');
  const exact = weights.map((w) => (w / total) * length);
  const counts = exact.map(Math.floor);
  let missing = length - counts.reduce((a, b) => a + b, 0);
  const byRemainder = exact.map((e, i) => ({ i, r: e - Math.floor(e) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (let k = 0; missing > 0; k++, missing--) counts[byRemainder[k].i]++;
  const schedule = new Uint8Array(length);
  const current = new Array<number>(counts.length).fill(0);
  for (let slot = 0; slot < length; slot++) {
    let best = -1;
    for (let i = 0; i < counts.length; i++) {
      if (counts[i] === 0) continue;
      current[i] += counts[i];
      if (best === -1 || current[i] > current[best]) best = i;
    }
    current[best] -= length;
    schedule[slot] = best;
  }
  return schedule;
}
