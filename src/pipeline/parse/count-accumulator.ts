// Per-slice event and rejected-event counts, shipped to the tracker as deltas (it owns the totals).
import type { EventCountKey, RejectedQixPerfEvent } from '../../events/types.js';
import type { EventCountDelta, RejectedCountDelta } from '../../threads/messages.js';

const SEP = '\u0001';

export class CountAccumulator {
  private readonly events = new Map<string, EventCountDelta>();
  private readonly rejected = new Map<string, RejectedCountDelta>();

  addEvent(key: EventCountKey): void {
    const id = key.eventType + SEP + key.source + SEP + key.host + SEP + key.subsystem;
    const row = this.events.get(id);
    if (row) row[4]++;
    else this.events.set(id, [key.eventType, key.source, key.host, key.subsystem, 1]);
  }

  addRejected(r: RejectedQixPerfEvent): void {
    const id = r.appId + SEP + r.appName + SEP + r.method + SEP + r.objectType;
    const row = this.rejected.get(id);
    if (row) {
      row[4]++;
      row[5] += r.processTime;
    } else {
      this.rejected.set(id, [r.appId, r.appName, r.method, r.objectType, 1, r.processTime]);
    }
  }

  /** Returns the deltas and empties the accumulator. */
  take(): { eventCounts: EventCountDelta[]; rejectedCounts: RejectedCountDelta[] } {
    const out = { eventCounts: [...this.events.values()], rejectedCounts: [...this.rejected.values()] };
    this.events.clear();
    this.rejected.clear();
    return out;
  }
}
