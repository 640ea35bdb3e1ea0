import type { Config } from '../config/schema/index.js';
import type { AppLogger } from '../log/logger.js';
import type { TrackerClock } from './clock.js';
import type { ErrorPointOptions } from './error-point.js';
import { ErrorTracker, type ErrorCountsSnapshot, type ErrorPointSink } from './error-tracker.js';

// What the tracker thread (workers/tracker.ts) needs: an ErrorTracker configured from the loaded config,
// started, with a message handler for the tracker port. Error points are produced only when error tracking,
// its InfluxDB switch and the InfluxDB destination are all enabled, as Butler SOS does
// (docs/error-tracking.md#configuration).

export interface ErrorTrackerCoreDeps {
  logger: AppLogger;
  /** Called with one butler_sos_errors line per error when points are enabled; turn them into batches. */
  emit: ErrorPointSink;
  clock?: TrackerClock;
  dateCheckIntervalMs?: number;
}

export interface ErrorTrackerCore {
  tracker: ErrorTracker;
  /** True when emit will be called; the thread can skip setting up error-point batching otherwise. */
  writesPoints: boolean;
  /** For messages of type 'error' arriving on the tracker port (validated, never throws). */
  onMessage(msg: unknown): void;
  counts(): ErrorCountsSnapshot;
  stop(): void;
}

/** The measurement and version of error points, or null when none are written. */
export function errorPointOptions(config: Config): ErrorPointOptions | null {
  const et = config.errorTracking;
  if (!et.enable || !et.influxdb.enable || !config.influxdbConfig.enable) return null;
  return { measurement: et.influxdb.measurementName, version: config.influxdbConfig.version };
}

export function createErrorTrackerCore(config: Config, deps: ErrorTrackerCoreDeps): ErrorTrackerCore {
  const points = errorPointOptions(config);
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
    writesPoints: points !== null,
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
