// The tracker thread's side of error tracking: reports go to the error tracker (docs/error-tracking.md); the
// errors it hands on are published, batched for a second (an outage can produce bursts), with kind
// ERROR_EVENTS, whose write failures the writers never report back (no feedback loop).
import { createErrorTrackerCore, type ErrorTrackerCore } from './index.js';
import type { Config } from '../config/schema/index.js';
import type { AppLogger } from '../log/logger.js';
import type { Publisher } from '../publish/publisher.js';
import type { ErrorReport } from '../threads/messages.js';

const ERROR_BATCH_MS = 1_000;

export interface ErrorSink {
  record(report: ErrorReport): void;
  snapshot(): ReturnType<ErrorTrackerCore['counts']>;
  /** Posts pending error data now; returns batches posted per writer. */
  flush(): number[];
  /** A configuration reload rerouted the publisher: errors are handed on while a destination takes them. */
  rerouted(): void;
  stop(): void;
}

export function createErrorSink(config: Config, logger: AppLogger, publisher: Publisher): ErrorSink {
  const core = createErrorTrackerCore(config, {
    logger,
    points: publisher.takes('ERROR_EVENTS'),
    emit: (error) => publisher.publish('ERROR_EVENTS', error),
  });
  const flush = (): number[] => publisher.flush().posted;
  let timer = core.writesPoints ? setInterval(flush, ERROR_BATCH_MS) : null;
  return {
    record: (report) => core.onMessage(report),
    snapshot: () => core.counts(),
    flush,
    rerouted: () => {
      core.setPoints(publisher.takes('ERROR_EVENTS'));
      if (core.writesPoints) timer ??= setInterval(flush, ERROR_BATCH_MS);
      else if (timer) {
        clearInterval(timer);
        timer = null;
      }
    },
    stop: () => {
      if (timer) clearInterval(timer);
      core.stop();
    },
  };
}
