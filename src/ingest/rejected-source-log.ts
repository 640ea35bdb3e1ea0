import type { AppLogger } from '../log/logger.js';
import { formatIPv4 } from './ipv4.js';

const WINDOW_MS = 60_000;
// Spoofed senders could fill the map; past this size it is cleared (at worst a few extra WARN lines).
const MAX_TRACKED_SOURCES = 10_000;

/**
 * Logs the first rejected datagram per source IP per 60 s at WARN and the rest not at all (Butler logs
 * them at DEBUG; per-datagram logging is not allowed on the ingest path). Runs only for rejected datagrams.
 */
export class RejectedSourceLog {
  private readonly lastWarnMs = new Map<number, number>();
  private lastPruneMs = 0;

  constructor(
    private readonly logger: AppLogger,
    private readonly label: string,
  ) {}

  rejected(address: number, port: number, nowMs: number): void {
    const last = this.lastWarnMs.get(address);
    if (last !== undefined && nowMs - last < WINDOW_MS) return;
    this.prune(nowMs);
    this.lastWarnMs.set(address, nowMs);
    this.logger.warn(`${this.label}: Rejected message from unauthorized source ${formatIPv4(address)}:${port}.`);
  }

  private prune(nowMs: number): void {
    if (this.lastWarnMs.size >= MAX_TRACKED_SOURCES) {
      this.lastWarnMs.clear();
      return;
    }
    if (nowMs - this.lastPruneMs < WINDOW_MS) return;
    this.lastPruneMs = nowMs;
    for (const [address, at] of this.lastWarnMs) {
      if (nowMs - at >= WINDOW_MS) this.lastWarnMs.delete(address);
    }
  }
}
