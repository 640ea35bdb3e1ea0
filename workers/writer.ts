// Writer thread: hosts the destinations the supervisor pinned to it (src/destinations/routes.ts), receives
// batches from every producer on its named channel, and reports failed writes to the tracker.
import { DESTINATIONS } from '../src/destinations/registry.js';
import { DropReporter } from '../src/destinations/drop-report.js';
import { WriterHost } from '../src/destinations/writer-host.js';
import type { ProducerConfig, WriterThreadData } from '../src/threads/worker-data.js';
import type { DestinationRoute } from '../src/destinations/routes.js';
import { channelNames, openChannel, writerProducers } from '../src/threads/channels.js';
import type { BatchMessage } from '../src/threads/messages.js';
import { publishCollectorMetrics } from '../src/metrics/index.js';
import { guardThread } from '../src/crash/thread-guard.js';
import { threadLogger } from '../src/log/thread-logger.js';
import { serveThread } from '../src/threads/thread-entry.js';
import { liveAwareInterval } from '../src/live/producer.js';
import { armTestCrash } from '../src/threads/test-crash.js';
import { WriterLedger } from '../src/threads/writer-ledger.js';
import { startRuntimeGauges } from '../src/metrics/runtime-gauges.js';
import { bodyReclaimer } from '../src/threads/body-reclaim.js';

const DROP_REPORT_INTERVAL_MS = 60_000;
const METRICS_INTERVAL_MS = 5_000;

serveThread<WriterThreadData>(async (data) => {
  const names = channelNames(data.instanceId);
  const logger = threadLogger(data, `writer-${data.index}`);
  guardThread(data, `writer-${data.index}`, logger);
  const tracker = openChannel(names.tracker);
  // The plugins of the destinations pinned to this writer (at start, and after a reload).
  const pinned = (routes: readonly DestinationRoute[]) => {
    const mine = new Set(routes.filter((r) => r.writer === data.index).map((r) => r.dest));
    return DESTINATIONS.filter((d) => mine.has(d.id));
  };
  // Batching, retry and the disk spool (delivery.spool) for every destination pinned to this writer.
  const host = new WriterHost(data.config, {
    logger,
    reportError: (report) => tracker.postMessage(report),
    registry: pinned(data.routes),
  });
  await host.start();
  // Batches are taken in once and in order per producer; the ledger survives this thread, so producers post
  // again what a crash made this thread miss, and the drain counts over every incarnation.
  const ledger = data.ledger ? new WriterLedger(data.ledger, data.writerCount, data.parseSlots) : undefined;
  const inbound = { duplicate: 0, gap: 0 };
  const reclaim = bodyReclaimer();
  const inboxes = writerProducers(data.parseSlots).map((producer, p) => {
    const inbox = openChannel(names.writer(data.index, producer));
    inbox.onmessage = (event: unknown): void => {
      const msg = (event as { data: BatchMessage }).data;
      if (msg?.t !== 'batch') return;
      reclaim(msg.body.byteLength);
      const admission = ledger ? ledger.admit(data.index, p, msg.seq) : 'accept';
      if (admission === 'accept') host.accept(msg);
      else inbound[admission]++;
    };
    return inbox;
  });
  // Listening now: producers post again whatever an earlier incarnation did not take in.
  ledger?.bumpGeneration(data.index);
  // Shutdown: every batch the producers posted (ledger), or the parse tasks and the tracker say they sent.
  const drain = (args: { parse?: number; tracker?: number; deadlineMs: number }) =>
    host.drain(ledger ? () => ledger.outstanding(data.index) === 0 : { parse: args.parse ?? 0, tracker: args.tracker ?? 0 }, args.deadlineMs);
  // Also keeps the thread alive (the channel is unref'd) until the supervisor stops it.
  const drops = new DropReporter(logger);
  const metrics = openChannel(names.metrics);
  const stopRuntime = startRuntimeGauges(metrics, `writer-${data.index}`);
  // Every second while the live console is watched (src/live/producer.ts).
  const stopMetrics = liveAwareInterval(data.config, data.instanceId, METRICS_INTERVAL_MS, () =>
    publishCollectorMetrics(metrics, { destinations: host.stats().destinations }),
  );
  const keepAlive = setInterval(() => drops.report(host.stats().destinations), DROP_REPORT_INTERVAL_MS);
  logger.debug({ destinations: host.destinationIds() }, 'Writer ready.');
  armTestCrash(`writer-${data.index}`);
  return {
    // Dying of an uncaught error: take nothing more in (producers keep it and post it again to the next
    // incarnation), move everything in memory to the spool (or count it), and hand the books to the supervisor.
    crash: () => {
      for (const inbox of inboxes) inbox.close();
      host.evacuate();
      drops.report(host.stats().destinations);
      return { ...host.stats(), inbound };
    },
    drain,
    flush: (args: { budgetMs: number }) => host.flush(args.budgetMs),
    // A reload (src/threads/destination-switch.ts): the destinations now pinned here; then, once every producer
    // switched to the new routes, the removed ones are stopped.
    reconcile: (args: ProducerConfig & { budgetMs: number }) => host.reconcile(args.config, pinned(args.routes), args.budgetMs),
    retire: (args: { budgetMs: number }) => host.retire(args.budgetMs),
    stats: () => ({ ...host.stats(), inbound }),
    stop: async (args: { deadlineMs?: number } | null) => {
      await host.stop(args?.deadlineMs ?? 10_000);
      drops.report(host.stats().destinations);
      stopMetrics();
      stopRuntime();
      publishCollectorMetrics(metrics, { destinations: host.stats().destinations });
      metrics.close();
      for (const inbox of inboxes) inbox.close();
      tracker.close();
      clearInterval(keepAlive);
    },
  };
});
