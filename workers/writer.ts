// Writer thread: hosts the destinations the supervisor pinned to it (src/pipeline/routes.ts), receives
// batches from every producer on its named channel, and reports failed writes to the tracker.
import { DESTINATIONS } from '../src/destinations/registry.js';
import { DropReporter } from '../src/destinations/drop-report.js';
import { WriterHost } from '../src/destinations/writer-host.js';
import { writtenV1FieldTypes } from '../src/destinations/influxdb-v1/written-types.js';
import type { WriterThreadData } from '../src/pipeline/worker-data.js';
import { channelNames, openChannel, writerProducers } from '../src/threads/channels.js';
import type { BatchMessage } from '../src/threads/messages.js';
import { publishCollectorMetrics } from '../src/metrics/index.js';
import { guardThread } from '../src/crash/thread-guard.js';
import { threadLogger } from '../src/log/thread-logger.js';
import { serveThread } from '../src/threads/thread-entry.js';
import { liveAwareInterval } from '../src/live/producer.js';

const DROP_REPORT_INTERVAL_MS = 60_000;
const METRICS_INTERVAL_MS = 5_000;

serveThread<WriterThreadData>(async (data) => {
  const names = channelNames(data.instanceId);
  const logger = threadLogger(data, `writer-${data.index}`);
  guardThread(data, `writer-${data.index}`, logger);
  const tracker = openChannel(names.tracker);
  const mine = new Set(data.routes.filter((r) => r.writer === data.index).map((r) => r.dest));
  for (const r of data.recordRoutes ?? []) if (r.writer === data.index) mine.add(r.dest);
  const fileRoute = data.routes.find((r) => r.dest === 'file');
  const host = new WriterHost(
    {
      influxdbConfig: data.config.influxdbConfig,
      fileDestination: { ...data.config.fileDestination, influxVersion: fileRoute?.version ?? 1 },
      mqttConfig: data.config.mqttConfig,
      newRelicDestination: data.config,
      v1FieldTypes: writtenV1FieldTypes(data.config),
      // Batching, retry and the disk spool (delivery.spool) for every destination of this writer.
      delivery: data.config.delivery,
    },
    {
      logger,
      reportError: (report) => tracker.postMessage(report),
      registry: DESTINATIONS.filter((d) => mine.has(d.id)),
    },
  );
  await host.start();
  const inboxes = writerProducers(data.parseSlots).map((producer) => openChannel(names.writer(data.index, producer)));
  const onBatch = (event: unknown): void => {
    const msg = (event as { data: BatchMessage }).data;
    if (msg?.t === 'batch') host.accept(msg);
  };
  for (const inbox of inboxes) inbox.onmessage = onBatch;
  // Shutdown: every batch the parse tasks and the tracker say they sent must have arrived before the flush.
  const drain = (args: { parse: number; tracker: number; deadlineMs: number }) =>
    host.drain({ parse: args.parse, tracker: args.tracker }, args.deadlineMs);
  // Also keeps the thread alive (the channel is unref'd) until the supervisor stops it.
  const drops = new DropReporter(logger);
  const metrics = openChannel(names.metrics);
  // Every second while the live console is watched (src/live/producer.ts).
  const stopMetrics = liveAwareInterval(data.config, data.instanceId, METRICS_INTERVAL_MS, () =>
    publishCollectorMetrics(metrics, { destinations: host.stats().destinations }),
  );
  const keepAlive = setInterval(() => drops.report(host.stats().destinations), DROP_REPORT_INTERVAL_MS);
  logger.debug({ destinations: host.destinationIds() }, 'Writer ready.');
  return {
    drain,
    flush: (args: { budgetMs: number }) => host.flush(args.budgetMs),
    stats: () => host.stats(),
    stop: async (args: { deadlineMs?: number } | null) => {
      await host.stop(args?.deadlineMs ?? 10_000);
      drops.report(host.stats().destinations);
      stopMetrics();
      publishCollectorMetrics(metrics, { destinations: host.stats().destinations });
      metrics.close();
      for (const inbox of inboxes) inbox.close();
      tracker.close();
      clearInterval(keepAlive);
    },
  };
});
