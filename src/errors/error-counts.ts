import type { ErrorType } from '../threads/messages.js';

// Error counts grouped as the documented summary line prints them (docs/error-tracking.md#console-logging): error type
// → { total, servers: { name: n } }. Errors without a server are counted under NO_SERVER_CONTEXT. Insertion order is
// kept, so the Details JSON lists types and servers in the order they first failed that day.

export const NO_SERVER_CONTEXT = '_no_server_context';

export interface TypeCounts {
  total: number;
  servers: Record<string, number>;
}

export type CountsByType = Partial<Record<ErrorType, TypeCounts>>;

export class ErrorCounts {
  private byType = new Map<ErrorType, { total: number; servers: Map<string, number> }>();
  private sum = 0;

  /** Counts one error; returns the new count of this type/server pair (1 for the first). */
  add(type: ErrorType, serverName: string): number {
    const server = serverKey(serverName);
    let entry = this.byType.get(type);
    if (!entry) {
      entry = { total: 0, servers: new Map() };
      this.byType.set(type, entry);
    }
    const count = (entry.servers.get(server) ?? 0) + 1;
    entry.servers.set(server, count);
    entry.total++;
    this.sum++;
    return count;
  }

  get total(): number {
    return this.sum;
  }

  /** A plain-object copy, safe to hand out, post to another thread or serialise. */
  details(): CountsByType {
    const out: CountsByType = {};
    for (const [type, entry] of this.byType) out[type] = { total: entry.total, servers: Object.fromEntries(entry.servers) };
    return out;
  }

  reset(): void {
    this.byType.clear();
    this.sum = 0;
  }
}

/** The key an error is counted under: its server name, or NO_SERVER_CONTEXT when there is none. */
export function serverKey(serverName: string): string {
  return serverName === '' ? NO_SERVER_CONTEXT : serverName;
}
