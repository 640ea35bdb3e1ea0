// Feeds the activity summary from the main thread, which can ask every owner for its exact figures at the
// moment of the line: the ring control words (ports), the tracker's merged parse totals (unparsable
// datagrams) and each writer's delivery stats (destinations). One round of calls per interval (default 60 s).

import type { DeliveryStats } from '../destinations/delivery/delivery-stats.js';
import type { SocketName } from '../ingest/listener-options.js';
import type { RingCounters } from '../ingest/ring-layout.js';
import type { AppLogger } from '../log/logger.js';
import { ActivitySummary, type ActivityTotals } from './activity-summary.js';
import type { CounterTotals } from './counter-publisher.js';

export interface ActivitySources {
  /** Ring counters per socket (Supervisor.ringCounters). */
  rings(): Partial<Record<SocketName, RingCounters>>;
  /** The tracker's totals (its `stats` call). */
  parseTotals(): Promise<CounterTotals['parse']>;
  /** Every writer's destinations (their `stats` calls). */
  destinations(): Promise<DeliveryStats[]>;
}

export interface ActivityFeedOptions {
  logger: AppLogger;
  intervalMs: number;
  ports: Partial<Record<SocketName, number>>;
  sources: ActivitySources;
}

export async function activityTotals(sources: ActivitySources): Promise<ActivityTotals> {
  const [parse, delivery] = await Promise.all([sources.parseTotals(), sources.destinations()]);
  const ports: ActivityTotals['ports'] = {};
  for (const [socket, c] of Object.entries(sources.rings()) as Array<[SocketName, RingCounters]>) {
    const p = parse[socket];
    ports[socket] = {
      received: c.received,
      dropped: c.droppedSize + c.droppedRateLimit + c.droppedRingFull + c.droppedSource + c.datagramsLost + p.failed + p.unrecognised,
    };
  }
  const destinations: ActivityTotals['destinations'] = {};
  for (const d of delivery) {
    destinations[d.id] = { written: d.writtenLines, dropped: Object.values(d.droppedLines).reduce((a, b) => a + b, 0) };
  }
  return { ports, destinations };
}

/** Starts the interval (none with intervalMs 0); stop() ends it. */
export function startActivityFeed(opts: ActivityFeedOptions): { stop(): void } {
  if (opts.intervalMs === 0) return { stop: () => undefined };
  const summary = new ActivitySummary({ logger: opts.logger, ports: opts.ports, intervalMs: opts.intervalMs });
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    activityTotals(opts.sources)
      .then((totals) => summary.tick(totals))
      // A thread busy restarting misses one line; the next one covers both intervals' totals.
      .catch((err: unknown) => opts.logger.debug({ err: (err as Error).message }, 'Activity summary skipped.'))
      .finally(() => (busy = false));
  }, opts.intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
