// A writer's periodic account of lines it could not deliver, so a drop is never silent: one warning per
// destination and interval in which its drop counters moved, with the totals by reason.
import type { AppLogger } from '../log/logger.js';
import type { DeliveryStats, DropReason } from './delivery/delivery-stats.js';

export class DropReporter {
  private readonly last = new Map<string, Record<DropReason, number>>();

  constructor(private readonly logger: AppLogger) {}

  report(destinations: readonly DeliveryStats[]): void {
    for (const d of destinations) {
      const prev = this.last.get(d.id);
      const now = { ...d.droppedLines };
      this.last.set(d.id, now);
      const moved = (Object.keys(now) as DropReason[]).filter((r) => now[r] !== (prev?.[r] ?? 0));
      if (moved.length === 0) continue;
      const since = Object.fromEntries(moved.map((r) => [r, now[r] - (prev?.[r] ?? 0)]));
      this.logger.warn(
        { destination: d.id, target: d.target, droppedSinceLastReport: since, droppedTotal: now, up: d.up, downReason: d.downReason },
        'Lines were dropped on the way to a destination.',
      );
    }
  }
}
