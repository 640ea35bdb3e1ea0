// The tracker thread's side of error tracking: reports go to the error tracker (docs/error-tracking.md); the
// butler_sos_errors lines it emits are batched for a second (an outage can produce bursts) and sent to the InfluxDB
// route with module ERROR_EVENTS, whose write failures the writers never report back (no feedback loop).
import { createErrorTrackerCore, type ErrorTrackerCore } from '../errors/index.js';
import type { AppLogger } from '../log/logger.js';
import type { ErrorReport } from '../threads/messages.js';
import { LineOutbox, type PostBatch } from './line-outbox.js';
import type { TrackerThreadData } from './worker-data.js';

const ERROR_BATCH_MS = 1_000;

export interface ErrorSink {
  record(report: ErrorReport): void;
  snapshot(): ReturnType<ErrorTrackerCore['counts']>;
  /** Posts pending error points now; returns batches posted per writer. */
  flush(): number[];
  stop(): void;
}

export function createErrorSink(data: TrackerThreadData, logger: AppLogger, post: PostBatch): ErrorSink {
  const version = data.config.influxdbConfig.version;
  const outbox = new LineOutbox('ERROR_EVENTS', data.routes.filter((r) => r.dest === 'influxdb'), 'tracker');
  const core = createErrorTrackerCore(data.config, {
    logger,
    emit: (line) => outbox.push(version as 1 | 2 | 3, line),
  });
  const flush = (): number[] => {
    const posted = new Array<number>(data.writerCount).fill(0);
    outbox.flush(post, posted);
    return posted;
  };
  const timer = core.writesPoints ? setInterval(flush, ERROR_BATCH_MS) : null;
  return {
    record: (report) => core.onMessage(report),
    snapshot: () => core.counts(),
    flush,
    stop: () => {
      if (timer) clearInterval(timer);
      core.stop();
    },
  };
}
