import type { EventCountDelta, RejectedCountDelta } from '../threads/messages.js';

// The tracker thread merges the per-slice deltas of every parse worker here. Counters are per interval:
// they are taken (and cleared) when written, as Butler SOS does (docs/inputs.md#event-counters-qliksenseevents).

const SEP = '\u0001';

export interface EventCountRow {
  eventType: 'log' | 'user';
  source: string;
  host: string;
  subsystem: string;
  counter: number;
}

export interface RejectedCountRow {
  appId: string;
  appName: string;
  method: string;
  objectType: string;
  counter: number;
  processTime: number;
}

export class EventCountTable {
  private readonly rows = new Map<string, EventCountRow>();

  add(deltas: readonly EventCountDelta[]): void {
    for (const [eventType, source, host, subsystem, count] of deltas) {
      const key = eventType + SEP + source + SEP + host + SEP + subsystem;
      const row = this.rows.get(key);
      if (row) row.counter += count;
      else this.rows.set(key, { eventType, source, host, subsystem, counter: count });
    }
  }

  get size(): number {
    return this.rows.size;
  }

  /** Returns the rows of the interval and starts a new one. */
  take(): EventCountRow[] {
    const out = [...this.rows.values()];
    this.rows.clear();
    return out;
  }
}

export class RejectedCountTable {
  private readonly rows = new Map<string, RejectedCountRow>();

  add(deltas: readonly RejectedCountDelta[]): void {
    for (const [appId, appName, method, objectType, count, processTimeSum] of deltas) {
      const key = appId + SEP + appName + SEP + method + SEP + objectType;
      const row = this.rows.get(key);
      if (row) {
        row.counter += count;
        row.processTime += processTimeSum;
      } else {
        this.rows.set(key, { appId, appName, method, objectType, counter: count, processTime: processTimeSum });
      }
    }
  }

  get size(): number {
    return this.rows.size;
  }

  take(): RejectedCountRow[] {
    const out = [...this.rows.values()];
    this.rows.clear();
    return out;
  }
}
