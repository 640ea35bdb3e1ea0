// The periodic sign of life at info (`activitySummary.intervalMs`): what arrived on each UDP port and what
// each destination wrote or dropped since the last line. An interval in which nothing arrived on any port
// gets no line (an idle collector does not fill the log, although its own counter points still flow), except
// right after one with arrivals: that last line shows the tail of the writes.

import type { SocketName } from '../ingest/listener-options.js';
import type { AppLogger } from '../log/logger.js';

export interface PortTotals {
  /** Datagrams that passed the source check. */
  received: number;
  /** Datagrams that did not become data: size, rate limit, ring full, source, lost slices, unparsable. */
  dropped: number;
}

export interface DestinationTotals {
  written: number;
  dropped: number;
}

/** Totals since start; the summary logs the difference between two of them. */
export interface ActivityTotals {
  ports: Partial<Record<SocketName, PortTotals>>;
  destinations: Record<string, DestinationTotals>;
}

export interface ActivitySummaryOptions {
  logger: AppLogger;
  /** The UDP port each listening socket is bound to (only these appear in the line). */
  ports: Partial<Record<SocketName, number>>;
  intervalMs: number;
}

const SOCKET_WORDS: Record<SocketName, string> = { log: 'log events', user: 'user events' };

// Ring counters are 32-bit words that wrap; a difference is taken modulo 2^32 (one interval never sees 4e9).
const delta = (now: number, before: number): number => (now - before + 2 ** 32) % 2 ** 32;

export class ActivitySummary {
  private last: ActivityTotals = { ports: {}, destinations: {} };
  private arrivedBefore = false;

  constructor(private readonly opts: ActivitySummaryOptions) {}

  /** Logs one line for the interval that ends now, unless nothing arrived; returns the line (or null). */
  tick(now: ActivityTotals): string | null {
    const before = this.last;
    this.last = structuredClone(now);
    const parts: string[] = [];
    const ports: Record<string, PortTotals> = {};
    let arrived = 0;
    for (const [socket, port] of Object.entries(this.opts.ports) as Array<[SocketName, number]>) {
      const n = now.ports[socket] ?? { received: 0, dropped: 0 };
      const b = before.ports[socket] ?? { received: 0, dropped: 0 };
      const d = { received: delta(n.received, b.received), dropped: delta(n.dropped, b.dropped) };
      arrived += d.received + d.dropped;
      ports[`${socket}:${port}`] = d;
      parts.push(`${SOCKET_WORDS[socket]} UDP ${port}: ${d.received} received, ${d.dropped} dropped`);
    }
    const tail = this.arrivedBefore;
    this.arrivedBefore = arrived > 0;
    if (arrived === 0 && !tail) return null;
    const destinations: Record<string, DestinationTotals> = {};
    for (const [id, n] of Object.entries(now.destinations)) {
      const b = before.destinations[id] ?? { written: 0, dropped: 0 };
      const d = { written: n.written - b.written, dropped: n.dropped - b.dropped };
      destinations[id] = d;
      parts.push(`${id}: ${d.written} written, ${d.dropped} dropped`);
    }
    const seconds = Math.round(this.opts.intervalMs / 1000);
    const line = `Activity in the last ${seconds} s: ${parts.join('; ')}.`;
    this.opts.logger.info({ ports, destinations }, line);
    return line;
  }
}
