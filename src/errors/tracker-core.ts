import type { Config } from '../config/schema/index.js';
import type { AppLogger } from '../log/logger.js';
import type { Clock } from '../clock.js';
import { ErrorTracker, type ErrorCountsSnapshot, type ErrorPointSink } from './error-tracker.js';

// What the tracker thread (workers/tracker.ts) needs: an ErrorTracker configured from the loaded config,
// started, with a message handler for the tracker port. Errors are handed on only while some destination
// takes error data (the InfluxDB destination does when errorTracking.influxdb.enable is true, as in Butler SOS:
// docs/error-tracking.md#configuration).

export interface ErrorTrackerCoreDeps {
  logger: AppLogger;
  /** Called with each error when `points` is true; the tracker thread publishes them. */
  emit: ErrorPointSink;
  /** True when a destination takes error data (the publisher's takes('ERROR_EVENTS')). */
  points: boolean;
  clock?: Clock;
  dateCheckIntervalMs?: number;
}

export interface ErrorTrackerCore {
  tracker: ErrorTracker;
  /** True when emit will be called; the thread can skip setting up error-point batching otherwise. */
  writesPoints: boolean;
  /** For messages of type 'error' arriving on the tracker port (validated, never throws). */
  onMessage(msg: unknown): void;
  counts(): ErrorCountsSnapshot;
  /** A configuration reload: whether a destination takes error data now (writesPoints follows); counts stay. */
  setPoints(points: boolean): void;
  stop(): void;
}

export function createErrorTrackerCore(config: Config, deps: ErrorTrackerCoreDeps): ErrorTrackerCore {
  const points = config.errorTracking.enable === true && deps.points;
  const tracker = new ErrorTracker(
    {
      enable: config.errorTracking.enable,
      logSummary: config.errorTracking.logSummary.enable,
      points,
      dateCheckIntervalMs: deps.dateCheckIntervalMs,
    },
    { logger: deps.logger, clock: deps.clock, emit: deps.emit },
  );
  tracker.start();
  return {
    tracker,
    writesPoints: points,
    setPoints(next) {
      this.writesPoints = config.errorTracking.enable === true && next;
      tracker.setPoints(next);
    },
    onMessage: (msg) => {
      try {
        tracker.receive(msg);
      } catch (err) {
        // A bug here must not take the tracker thread down with it; the report is lost and said so.
        deps.logger.error({ err }, 'ERROR TRACKER: Failed to record an error report.');
      }
    },
    counts: () => tracker.counts(),
    stop: () => tracker.stop(),
  };
}
