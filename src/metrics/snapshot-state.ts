import type { CollectorSnapshot, DestinationSnapshot, ErrorsSnapshot, ParseSnapshot, RingSnapshot, SliceLatencySnapshot } from './messages.js';

// The latest collector totals as the http thread knows them: each part replaced by the newest message that
// carried it, destinations merged by id (each writer thread reports only its own).

type Socket = 'log' | 'user';

export class SnapshotState {
  rings: Partial<Record<Socket, RingSnapshot>> = {};
  parse: Partial<Record<Socket, ParseSnapshot>> = {};
  sliceLatency: Partial<Record<Socket, SliceLatencySnapshot>> = {};
  readonly destinations = new Map<string, DestinationSnapshot>();
  errors: ErrorsSnapshot | null = null;
  threadRestarts: Record<string, number> = {};
  kernelDrops: Partial<Record<Socket, number>> = {};

  merge(s: CollectorSnapshot): void {
    if (s.rings) this.rings = { ...this.rings, ...s.rings };
    if (s.parse) this.parse = { ...this.parse, ...s.parse };
    if (s.sliceLatency) this.sliceLatency = { ...this.sliceLatency, ...s.sliceLatency };
    if (s.destinations) for (const d of s.destinations) this.destinations.set(d.id, d);
    if (s.errors) this.errors = s.errors;
    if (s.threadRestarts) this.threadRestarts = { ...this.threadRestarts, ...s.threadRestarts };
    if (s.kernelDrops) this.kernelDrops = { ...this.kernelDrops, ...s.kernelDrops };
  }
}

/** Why a snapshot cannot be used, or null. Checks only what the exposition relies on: finite numbers. */
export function snapshotProblem(s: unknown): string | null {
  if (typeof s !== 'object' || s === null) return 'snapshot is not an object';
  const dests = (s as { destinations?: unknown }).destinations;
  if (dests !== undefined) {
    if (!Array.isArray(dests)) return 'snapshot.destinations is not an array';
    const i = dests.findIndex((d) => typeof d?.id !== 'string' || typeof d?.droppedLines !== 'object' || d.droppedLines === null);
    if (i >= 0) return `snapshot.destinations[${i}] needs an id string and a droppedLines object`;
  }
  const bad = firstBadNumber(s, 'snapshot', 0);
  return bad ? `${bad} is not a finite number` : null;
}

function firstBadNumber(value: unknown, path: string, depth: number): string | null {
  if (depth > 6) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? null : path;
  if (typeof value !== 'object' || value === null) return null;
  for (const [key, v] of Object.entries(value)) {
    const bad = firstBadNumber(v, Array.isArray(value) ? `${path}[${key}]` : `${path}.${key}`, depth + 1);
    if (bad) return bad;
  }
  return null;
}
