// Tracker thread: the single owner of counters. Parse workers report per-slice stats here; every thread
// reports errors here. It writes event counts, rejected counts and ingest metrics on their intervals.
import { CounterPublisher } from '../src/counters/counter-publisher.js';
import { publisherFor, publishTable } from '../src/publish/publish-table.js';
import { packageVersion } from '../src/cli/args.js';
import type { ProducerConfig, TrackerThreadData } from '../src/threads/worker-data.js';
import { channelNames, openChannel } from '../src/threads/channels.js';
import type { AuditQueueMessage, ErrorReport, ParseStatsMessage } from '../src/threads/messages.js';
import { readRingCounters } from '../src/ingest/ring-layout.js';
import { errorsSnapshotFrom, parseSnapshotFrom, publishCollectorMetrics, ringSnapshotFrom, type CollectorSnapshot } from '../src/metrics/index.js';
import { guardThread } from '../src/crash/thread-guard.js';
import { threadLogger } from '../src/log/thread-logger.js';
import { serveThread } from '../src/threads/thread-entry.js';
import { BatchSender } from '../src/threads/batch-sender.js';
import type { BatchMessage } from '../src/threads/messages.js';
import { armTestCrash } from '../src/threads/test-crash.js';
import { startRuntimeGauges } from '../src/metrics/runtime-gauges.js';
import { createErrorSink } from '../src/errors/error-sink.js';
import { Operations } from '../src/ops/operations.js';
import { liveAwareInterval, liveErrorForwarder } from '../src/live/producer.js';

// Prometheus scrapes every 15-60 s; a 5 s refresh keeps /metrics current at negligible cost.
const METRICS_INTERVAL_MS = 5_000;

serveThread<TrackerThreadData>(async (data) => {
  const names = channelNames(data.instanceId);
  const logger = threadLogger(data, 'tracker');
  guardThread(data, 'tracker', logger);
  // Keeps each batch until its writer took it in, and posts it again to a restarted writer.
  const writers = BatchSender.open(data, 'tracker');
  // Batches this incarnation sent, per writer (the shutdown drain itself asks the shared ledger).
  const postedTotal = new Array<number>(data.writerCount).fill(0);
  const post = (writer: number, msg: unknown) => {
    writers.post(writer, msg as BatchMessage);
    postedTotal[writer]++;
  };
  // One publisher for everything this thread produces: counters, error data, the uptime monitor's samples.
  const publisher = publisherFor(data.config, data, 'tracker', post);
  const counters = new CounterPublisher({ config: data.config, publisher, rings: data.rings, hostname: data.hostname });
  const errors = createErrorSink(data.config, logger, publisher);
  // Uptime monitor and heartbeat (src/ops); a bad schedule or URL fails the start here, naming the key.
  const ops = new Operations({
    config: data.config,
    publisher,
    logger,
  });
  ops.start();
  const liveErrors = liveErrorForwarder(data.config, data.instanceId);
  const inbox = openChannel(names.tracker);
  inbox.onmessage = (event) => {
    const msg = (event as { data: ParseStatsMessage | ErrorReport | AuditQueueMessage }).data;
    if (msg?.t === 'parse-stats') counters.addParseStats(msg);
    else if (msg?.t === 'audit-queue') counters.publishAuditQueue(msg.sample);
    else if (msg?.t === 'error') {
      errors.record(msg);
      liveErrors(msg);
    }
  };

  const { config } = data;
  const metrics = openChannel(names.metrics);
  const stopRuntime = startRuntimeGauges(metrics, 'tracker');
  const publishMetrics = (): void => {
    const rings: CollectorSnapshot['rings'] = {};
    for (const { sab, socket } of Object.values(data.rings)) rings[socket] = ringSnapshotFrom(readRingCounters(sab));
    publishCollectorMetrics(metrics, {
      rings,
      parse: parseSnapshotFrom(counters.totals),
      sliceLatency: { log: counters.processingTime('log'), user: counters.processingTime('user') },
      errors: errorsSnapshotFrom(errors.snapshot()),
    });
  };
  // Every second while the live console is watched (src/live/producer.ts).
  const stopMetrics = liveAwareInterval(config, data.instanceId, METRICS_INTERVAL_MS, publishMetrics);
  // Counter writes, each on its interval (a reload may change the intervals).
  const startTimers = (c: typeof config): NodeJS.Timeout[] => [
    setInterval(() => {
      counters.publishEventCounts();
      counters.publishRejectedCounts();
    }, c.qlikSenseEvents.influxdb.writeFrequency),
    setInterval(() => counters.publishIngest('log'), c.logEvents.udpServerConfig.queueMetrics.influxdb.writeFrequency),
    setInterval(() => counters.publishIngest('user'), c.userEvents.udpServerConfig.queueMetrics.influxdb.writeFrequency),
  ];
  let timers = startTimers(config);
  armTestCrash('tracker');
  return {
    // Dying of an uncaught error: the counters gathered since their last write go out first.
    crash: () => {
      counters.publishAll();
      errors.flush();
    },
    flushAll: () => {
      counters.publishAll();
      errors.flush();
      return { posted: [...postedTotal] };
    },
    stats: () => ({ counters: counters.totals, errors: errors.snapshot(), ops: ops.stats() }),
    // A reload changed destinations or what goes to them: what is pending goes to the old routes now, every
    // batch from now on follows the new ones (the supervisor then waits until the writers took in everything
    // posted before it retires a removed destination). Counted so far: written at the next interval, newly routed.
    reroute: (next: ProducerConfig) => {
      publisher.reroute(publishTable(next.config, next.routes, { appVersion: packageVersion() }));
      errors.rerouted();
      for (const t of timers) clearInterval(t);
      timers = startTimers(next.config);
    },
    stop: async () => {
      for (const t of timers) clearInterval(t);
      stopMetrics();
      liveErrors.close();
      await ops.stop();
      errors.stop();
      publishMetrics();
      stopRuntime();
      metrics.close();
      inbox.close();
      writers.close();
    },
  };
});
