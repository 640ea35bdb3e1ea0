import type { AppLogger } from '../log/logger.js';
import { formatIPv4 } from './ipv4.js';

/** One summary line per socket at most this often. */
export const REJECTED_LOG_INTERVAL_MS = 10_000;
// Spoofed senders could fill the map; beyond this many distinct sources per interval they are only counted.
const MAX_TRACKED_SOURCES = 1_000;
const SOURCES_LOGGED = 10;

/**
 * Datagrams from senders not in allowedSources. The hot path only counts (per source, bounded); a timer off
 * the hot path (flush(), every REJECTED_LOG_INTERVAL_MS) logs one WARN summarising the interval: how many
 * were rejected, from how many sources, the busiest ones. So spoofed source addresses cost one map update
 * each, never a log line each (Butler SOS logged every rejected datagram).
 */
export class RejectedSourceLog {
  private counts = new Map<number, number>();
  private untracked = 0;
  private total = 0;
  private lastPort = new Map<number, number>();

  constructor(
    private readonly logger: AppLogger,
    private readonly label: string,
  ) {}

  rejected(address: number, port: number): void {
    this.total++;
    const seen = this.counts.get(address);
    if (seen !== undefined) {
      this.counts.set(address, seen + 1);
    } else if (this.counts.size < MAX_TRACKED_SOURCES) {
      this.counts.set(address, 1);
      this.lastPort.set(address, port);
    } else {
      this.untracked++;
    }
  }

  /** Logs the interval's summary (nothing when nothing was rejected) and starts a new interval. */
  flush(): void {
    if (this.total === 0) return;
    const busiest = [...this.counts].sort((a, b) => b[1] - a[1]).slice(0, SOURCES_LOGGED);
    const sources = this.counts.size + (this.untracked > 0 ? 1 : 0);
    this.logger.warn(
      {
        rejected: this.total,
        sources: this.counts.size,
        fromUntrackedSources: this.untracked,
        busiest: busiest.map(([address, count]) => ({ source: `${formatIPv4(address)}:${this.lastPort.get(address)}`, count })),
      },
      `${this.label}: Rejected ${this.total} message(s) from ${this.untracked > 0 ? 'more than ' : ''}${sources - (this.untracked > 0 ? 1 : 0)} unauthorized source(s) (not in allowedSources).`,
    );
    this.counts = new Map();
    this.lastPort = new Map();
    this.untracked = 0;
    this.total = 0;
  }
}
