// A warning that can fire per datagram, logged at most once per interval with how many were suppressed: a
// misconfigured appender sending thousands of bad datagrams per second must not flood the log.
import type { AppLogger } from '../../log/logger.js';

const INTERVAL_MS = 10_000;

export class ThrottledWarning {
  private lastLogMs = -Infinity;
  private suppressed = 0;

  constructor(
    private readonly logger: AppLogger,
    private readonly message: string,
    private readonly intervalMs = INTERVAL_MS,
  ) {}

  note(details: Record<string, unknown>): void {
    const now = Date.now();
    if (now - this.lastLogMs < this.intervalMs) {
      this.suppressed++;
      return;
    }
    this.logger.warn({ ...details, suppressedSinceLastLog: this.suppressed }, this.message);
    this.lastLogMs = now;
    this.suppressed = 0;
  }
}
