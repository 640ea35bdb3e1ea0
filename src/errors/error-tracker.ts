import type { AppLogger } from '../log/logger.js';
import type { ErrorReport } from '../threads/messages.js';
import { categoriseError, type ErrorCategory } from './categorise.js';
import { backgroundClock, type Clock } from '../clock.js';
import { nextUtcMidnight, utcDate } from './utc-day.js';
import { ErrorCounts, serverKey, type CountsByType } from './error-counts.js';
import { validateErrorReport } from './validate-report.js';

// The single owner of error counts (docs/error-tracking.md): counts per UTC day grouped by type and server, logs
// the running total and the midnight summary, and hands each error with its category to `emit` (the tracker
// thread publishes them; the InfluxDB destination turns them into butler_sos_errors points). It never
// writes anywhere itself, so a failing InfluxDB cannot slow counting or feed errors back into it.

/** Receives each counted error with its category; the tracker thread publishes them for the writers. */
export type ErrorPointSink = (error: { report: ErrorReport; category: ErrorCategory }) => void;

export interface ErrorTrackerOptions {
  /** errorTracking.enable: false turns off counting, logging and points. */
  enable: boolean;
  /** errorTracking.logSummary.enable: the running total on each error and the daily summary at midnight. */
  logSummary: boolean;
  /** Whether each error is handed to `emit` (errorTracking.enable and a destination takes error data). */
  points: boolean;
  /**
   * Longest wait between two checks of the UTC date. Node timers stop while the machine sleeps, so a timer
   * set for midnight can fire hours late; checking at least this often resets soon after waking. Default 60 s.
   */
  dateCheckIntervalMs?: number;
}

export interface ErrorTrackerDeps {
  logger: AppLogger;
  clock?: Clock;
  emit?: ErrorPointSink;
}

export interface ErrorCountsSnapshot {
  enabled: boolean;
  /** UTC date the `today` counts belong to. */
  day: string;
  today: { total: number; details: CountsByType };
  /** Never reset: for monotonic Prometheus counters and the status API. */
  sinceStart: { total: number; details: CountsByType; byCategory: Partial<Record<ErrorCategory, number>> };
  /** Reports rejected as unusable (unknown type, not an object). */
  invalidReports: number;
  pointsEmitted: number;
  pointEmitFailures: number;
}

const PREFIX = 'ERROR TRACKER: ';
const INVALID_LOG_INTERVAL_MS = 60_000;

export class ErrorTracker {
  private readonly clock: Clock;
  private readonly today = new ErrorCounts();
  private readonly lifetime = new ErrorCounts();
  private readonly byCategory: Partial<Record<ErrorCategory, number>> = {};
  private day: string;
  private timer: unknown = undefined;
  private started = false;
  private invalidReports = 0;
  private lastInvalidLogAt = Number.NEGATIVE_INFINITY;
  private pointsEmitted = 0;
  private pointEmitFailures = 0;

  constructor(
    private options: ErrorTrackerOptions,
    private readonly deps: ErrorTrackerDeps,
  ) {
    this.clock = deps.clock ?? backgroundClock;
    this.day = utcDate(this.clock.now());
  }

  /** A configuration reload: whether errors are handed to `emit` from now on; the counts stay. */
  setPoints(points: boolean): void {
    this.options = { ...this.options, points: this.options.enable && points };
  }

  /** Schedules the midnight reset. Does nothing when tracking is off. */
  start(): void {
    if (!this.options.enable || this.started) return;
    this.started = true;
    this.day = utcDate(this.clock.now());
    this.scheduleNextReset();
  }

  stop(): void {
    this.started = false;
    if (this.timer !== undefined) this.clock.clearTimer(this.timer);
    this.timer = undefined;
  }

  /** Validates and records a message from another thread; unusable ones are counted and logged (rate-limited). */
  receive(msg: unknown): void {
    if (!this.options.enable) return;
    const result = validateErrorReport(msg, this.clock.now());
    if (!result.ok) {
      this.invalidReports++;
      this.warnInvalid(`${PREFIX}Ignored an invalid error report: ${result.reason}`);
      return;
    }
    if (result.problems.length > 0) this.warnInvalid(`${PREFIX}Error report with invalid parts (counted without them): ${result.problems.join('; ')}`);
    this.record(result.report);
  }

  /** Counts one error, logs the running total and emits its point, as the configuration says. */
  record(report: ErrorReport): void {
    if (!this.options.enable) return;
    const now = this.clock.now();
    const date = utcDate(now);
    if (date !== this.day) {
      this.deps.logger.debug(`${PREFIX}Date changed from ${this.day} to ${date}, resetting counters`);
      this.rollOver(date);
    }
    this.count(report);
    if (this.options.logSummary) this.deps.logger.info(this.summaryLine());
    this.emitPoint(report);
  }

  /** The running-total line (docs/error-tracking.md#console-logging), for today's counts. */
  summaryLine(): string {
    return `${PREFIX}Error counts today (UTC): Total=${this.today.total}, Details=${JSON.stringify(this.today.details())}`;
  }

  counts(): ErrorCountsSnapshot {
    return {
      enabled: this.options.enable,
      day: this.day,
      today: { total: this.today.total, details: this.today.details() },
      sinceStart: { total: this.lifetime.total, details: this.lifetime.details(), byCategory: { ...this.byCategory } },
      invalidReports: this.invalidReports,
      pointsEmitted: this.pointsEmitted,
      pointEmitFailures: this.pointEmitFailures,
    };
  }

  private count(report: ErrorReport): void {
    const key = `${report.type}/${serverKey(report.serverName)}`;
    const n = this.today.add(report.type, report.serverName);
    this.lifetime.add(report.type, report.serverName);
    const category = categoriseError(report.err);
    this.byCategory[category] = (this.byCategory[category] ?? 0) + 1;
    if (n === 1) this.deps.logger.debug(`${PREFIX}Adding first error count for ${key}`);
    else this.deps.logger.debug(`${PREFIX}Incremented error count for ${key}, new count: ${n}`);
  }

  private emitPoint(report: ErrorReport): void {
    const { points } = this.options;
    const emit = this.deps.emit;
    if (!points || emit === undefined) return;
    try {
      emit({ report, category: categoriseError(report.err) });
      this.pointsEmitted++;
    } catch (err) {
      // Never re-enters record(): a failing error point must not create another error point.
      this.pointEmitFailures++;
      this.deps.logger.debug(`${PREFIX}Error writing error event to InfluxDB: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  /** Logs the finished day's summary, resets the daily counts and schedules the next midnight. */
  private rollOver(newDay: string): void {
    const { logger } = this.deps;
    if (this.options.logSummary) logger.info(this.summaryLine());
    this.today.reset();
    this.day = newDay;
    logger.info(`${PREFIX}Reset all error counters`);
    if (this.started) this.scheduleNextReset();
  }

  private scheduleNextReset(): void {
    if (this.timer !== undefined) this.clock.clearTimer(this.timer);
    const now = this.clock.now();
    const at = nextUtcMidnight(now);
    const minutes = Math.round((at - now) / 60_000);
    this.deps.logger.info(`${PREFIX}Scheduled next error counter reset at ${new Date(at).toISOString()} (in ${minutes} minutes)`);
    this.armCheck(at);
  }

  /** Waits for midnight in steps of at most dateCheckIntervalMs, checking the date after each step. */
  private armCheck(midnight: number): void {
    const interval = this.options.dateCheckIntervalMs ?? 60_000;
    const wait = Math.max(1, Math.min(midnight - this.clock.now(), interval));
    this.timer = this.clock.setTimer(() => this.onCheck(midnight), wait);
  }

  private onCheck(midnight: number): void {
    this.timer = undefined;
    if (!this.started) return;
    const date = utcDate(this.clock.now());
    if (date === this.day) {
      this.armCheck(midnight);
      return;
    }
    this.deps.logger.info(`${PREFIX}Midnight UTC reached, resetting error counters`);
    this.rollOver(date);
  }

  private warnInvalid(message: string): void {
    const now = this.clock.now();
    if (now - this.lastInvalidLogAt < INVALID_LOG_INTERVAL_MS) return;
    this.lastInvalidLogAt = now;
    this.deps.logger.warn(message);
  }
}
