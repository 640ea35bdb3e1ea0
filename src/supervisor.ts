// Starts the threads in dependency order (tracker, writers, parse pool, then the UDP sockets), and stops them
// in reverse with a drain in between: sockets closed → every slice parsed → tracker's last counters emitted →
// every writer has received all of it and flushed → threads ended.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Config } from './config/schema/index.js';
import type { WriterHostStats } from './destinations/writer-host.js';
import { SliceDispatcher } from './ingest/slice-dispatcher.js';
import { RingWriter } from './ingest/ring-writer.js';
import { SocketKind } from './ingest/ring-layout.js';
import { readRingCounters, type RingCounters } from './ingest/ring-layout.js';
import { UdpListener } from './ingest/udp-listener.js';
import type { AppLogger, LogFormat, LogLevel } from './log/logger.js';
import { ParsePool } from './pipeline/parse-pool.js';
import { lineRoutes, recordRoutes } from './pipeline/routes.js';
import type { CommonThreadData } from './pipeline/worker-data.js';
import { pollerConfigFrom, pollsAnything } from './pollers/config.js';
import { ManagedThread } from './threads/managed-thread.js';
import { WriterLedger } from './threads/writer-ledger.js';
import { ConfigBox } from './threads/config-box.js';
import { createParseSlotTable } from './pipeline/parse-slots.js';
import { planReload, type ReloadPlan } from './config/reload-plan.js';
import { addDeliveryStats, type DeliveryStats } from './destinations/delivery/delivery-stats.js';
import { channelNames, openChannel } from './threads/channels.js';
import { HttpExitGuard } from './http/exit-guard.js';
import { httpThreadWanted } from './http/thread-wanted.js';
import { publishCollectorMetrics } from './metrics/index.js';
import { startRuntimeGauges } from './metrics/runtime-gauges.js';
import type { RuntimeSettings } from './config/resolve.js';

export interface SupervisorOptions {
  config: Config;
  settings: RuntimeSettings;
  logger: AppLogger;
  logLevel: LogLevel;
  logFormat: LogFormat;
}

interface Ingest {
  socket: 'log' | 'user';
  ring: RingWriter;
  dispatcher: SliceDispatcher;
  listener: UdpListener | null;
}

// Docker and Kubernetes kill a container 10 s after SIGTERM by default: finish (or spool) before that.
const PARSE_SLOTS_PER_WORKER = 4;
const SHUTDOWN_DEADLINE_MS = 9_000;

export class Supervisor {
  private readonly instanceId = randomUUID();
  private tracker: ManagedThread | null = null;
  private poller: ManagedThread | null = null;
  private http: ManagedThread | null = null;
  private exitGuard: HttpExitGuard | null = null;
  private readonly restarts: Record<string, number> = {};
  private writers: ManagedThread[] = [];
  private pool: ParsePool | null = null;
  private ingests: Ingest[] = [];
  private stopping: Promise<void> | null = null;
  private ready = false;
  private ledger: WriterLedger | null = null;
  /** Final delivery stats of writer incarnations that died of an uncaught error, per thread name. */
  private readonly retired = new Map<string, DeliveryStats[]>();
  /** The configuration in force (reloads replace the sections they apply). */
  private running: Config;
  private common: CommonThreadData | null = null;
  private readonly configBox = ConfigBox.create();

  private readonly metrics = openChannel(channelNames(this.instanceId).metrics);

  private readonly stopRuntime = startRuntimeGauges(this.metrics, 'main');

  constructor(private readonly opts: SupervisorOptions) {
    this.running = opts.config;
  }

  async start(): Promise<void> {
    const { config, settings, logger } = this.opts;
    const routes = lineRoutes(config, settings.writerWorkers);
    const parseSlots = settings.parseWorkers * PARSE_SLOTS_PER_WORKER;
    this.ledger = WriterLedger.create(settings.writerWorkers, parseSlots);
    const common: CommonThreadData = {
      instanceId: this.instanceId,
      config,
      logLevel: this.opts.logLevel,
      logFormat: this.opts.logFormat,
      routes,
      recordRoutes: recordRoutes(config, settings.writerWorkers),
      writerCount: settings.writerWorkers,
      // Slots beyond the pool size: a replacement for a crashed worker takes a free one (src/pipeline/parse-slots.ts).
      parseSlots,
      ledger: this.ledger.sab,
    };
    this.common = common;
    if (httpThreadWanted(config)) {
      // First up, so /health answers (and /ready says "starting") while the rest starts.
      this.exitGuard = new HttpExitGuard().install();
      const guard = this.exitGuard;
      this.http = this.thread('http', 'http', { ...common, exitGuard: guard.sab }, () => guard.closeSync());
      await this.http.start();
    }
    this.ingests = [this.ingest('log', settings.logRingBytes), this.ingest('user', settings.userRingBytes)];
    const rings = Object.fromEntries(this.ingests.map((i) => [i.ring.id, { sab: i.ring.sab, socket: i.socket }]));

    this.tracker = this.thread('tracker', 'tracker', { ...common, rings, hostname: hostname() });
    await this.tracker.start();
    this.writers = Array.from({ length: settings.writerWorkers }, (_, index) =>
      this.thread(`writer-${index}`, 'writer', { ...common, index }),
    );
    await Promise.all(this.writers.map((w) => w.start()));

    if (pollsAnything(pollerConfigFrom(config))) {
      // Start-up checks (certificates, server tags) fail here, before any socket is bound.
      this.poller = this.thread('poller', 'poller', common);
      await this.poller.start();
    }

    this.pool = new ParsePool(settings.parseWorkers, { ...common, rings, parseSlotTable: createParseSlotTable(parseSlots), configBox: this.configBox.sab }, (err) => {
      this.restarts.parse = (this.restarts.parse ?? 0) + 1;
      logger.error({ thread: 'parse', err: err.stack ?? err.message, crashes: this.restarts.parse }, 'Parse worker died of an uncaught error; the pool replaces it and retries its slices.');
      publishCollectorMetrics(this.metrics, { threadRestarts: { ...this.restarts } });
    });
    for (const ingest of this.ingests) {
      ingest.dispatcher = new SliceDispatcher(ingest.ring, this.pool.run, settings.slices, logger);
    }
    for (const ingest of this.ingests) {
      if (!this.listens(ingest.socket)) continue;
      ingest.listener = new UdpListener({
        socket: ingest.socket,
        udpServerConfig: ingest.socket === 'log' ? config.logEvents.udpServerConfig : config.userEvents.udpServerConfig,
        udpReceiveBufferBytes: settings.udpReceiveBufferBytes,
        dispatcher: ingest.dispatcher,
        logger,
      });
      await ingest.listener.start();
    }
    await this.http?.call('setReady', { ready: true });
    this.ready = true;
    logger.info(
      {
        parseWorkers: settings.parseWorkers,
        writerWorkers: settings.writerWorkers,
        destinations: routes.map((r) => `${r.dest}(v${r.version})→writer-${r.writer}`),
        ports: Object.fromEntries(this.ingests.map((i) => [i.socket, i.listener?.address()?.port ?? null])),
      },
      'Butler SOS is ready',
    );
  }

  /** Ring counters per socket (for status and tests). */
  ringCounters(): Record<'log' | 'user', RingCounters> {
    const out = {} as Record<'log' | 'user', RingCounters>;
    for (const i of this.ingests) out[i.socket] = readRingCounters(i.ring.sab);
    return out;
  }

  /**
   * Applies a new, fully validated configuration without a restart: parse-side rules and filters at the
   * parse workers' next task, poller targets by restarting the poller thread. Sockets, rings and everything
   * in them stay; changed settings that need a restart are logged by name and keep their running value.
   */
  async reload(next: Config): Promise<ReloadPlan> {
    const { logger } = this.opts;
    const plan = planReload(this.running, next);
    if (plan.parse.length > 0) this.configBox.write(plan.config);
    if (plan.poller.length > 0 && this.common && !this.stopping) await this.restartPoller(plan.config);
    this.running = plan.config;
    if (plan.restart.length > 0) {
      logger.warn({ keys: plan.restart }, `Config reload: ${plan.restart.length} changed setting(s) take effect only after a restart; they keep their running values.`);
    }
    logger.info({ applied: [...plan.parse, ...plan.poller] }, plan.parse.length + plan.poller.length > 0 ? 'Configuration reloaded.' : 'Configuration reloaded: nothing to apply.');
    return plan;
  }

  private async restartPoller(config: Config): Promise<void> {
    await this.poller?.stop(5_000);
    this.poller = null;
    if (!pollsAnything(pollerConfigFrom(config))) return;
    const poller = this.thread('poller', 'poller', { ...this.common, config });
    try {
      await poller.start();
      this.poller = poller;
    } catch (err) {
      this.opts.logger.error({ err: (err as Error).message }, 'Config reload: the poller did not start with the new configuration; polling stopped.');
    }
  }

  stop(): Promise<void> {
    this.stopping ??= this.shutdown();
    return this.stopping;
  }

  private async shutdown(): Promise<void> {
    const { logger } = this.opts;
    this.ready = false;
    const deadline = Date.now() + SHUTDOWN_DEADLINE_MS;
    const left = (): number => Math.max(1_000, deadline - Date.now());
    logger.info('Shutting down: closing UDP sockets, then draining the rings.');
    await this.http?.call('setReady', { ready: false, reason: 'shutting down' }).catch(() => undefined);
    await Promise.all(this.ingests.map((i) => i.listener?.close()));
    // Polls in progress finish or are abandoned here; their points reach the writers before the drain ends
    // in practice (the drain waits for the parse pool first), but are not part of its counted batches.
    await this.poller?.stop(left());
    await Promise.all(this.ingests.map((i) => i.dispatcher?.drain(left())));
    await this.tracker?.call('flushAll', null, left()).catch((err: Error) => logger.warn({ err: err.message }, 'Tracker: final counters not written.'));
    // Every writer waits until it has taken in every batch posted to it (the shared ledger, over all of its
    // incarnations), then flushes; a writer that dies meanwhile is asked again once restarted.
    const drained = await Promise.all(this.writers.map((w) => this.drainWriter(w, deadline)));
    const incomplete = drained.filter((d) => !d.received || !d.flushed).length;
    if (incomplete > 0) {
      const notTakenIn = this.writers.map((_, i) => this.ledger?.outstanding(i) ?? 0);
      logger.warn({ incomplete, batchesNotTakenIn: notTakenIn }, 'Some writers did not finish draining before the deadline.');
    }
    const delivery = await Promise.all(this.writers.map((w) => w.call<WriterHostStats>('stats', null, 5_000).catch(() => null)));
    logger.info(
      {
        destinations: this.deliveryTotals(delivery).map((d) => ({
          id: d.id,
          written: d.writtenLines,
          spooled: d.spooledLines,
          dropped: d.droppedLines,
          queued: d.queuedLines,
        })),
        writerCrashes: [...this.retired.values()].reduce((n, r) => n + r.length, 0),
      },
      'Delivery totals at shutdown.',
    );
    await this.pool?.destroy();
    await Promise.all(this.writers.map((w) => w.stop(left())));
    await this.tracker?.stop(left());
    await this.http?.stop(left());
    this.exitGuard?.dispose();
    this.stopRuntime();
    logger.info({ counters: this.ringCounters() }, 'Butler SOS stopped.');
  }

  private async drainWriter(w: ManagedThread, deadline: number): Promise<{ received: boolean; flushed: boolean }> {
    for (;;) {
      const left = Math.max(1_000, deadline - Date.now());
      try {
        return await w.call<{ received: boolean; flushed: boolean }>('drain', { deadlineMs: left }, left + 1_000);
      } catch (err) {
        this.opts.logger.warn({ thread: w.name, err: (err as Error).message }, 'Writer drain interrupted; asking its next incarnation.');
        if (Date.now() >= deadline || !(await w.whenRunning(deadline - Date.now()))) return { received: false, flushed: false };
      }
    }
  }

  /** Per destination: the running writers' stats plus those of every crashed incarnation. */
  private deliveryTotals(current: Array<WriterHostStats | null>): DeliveryStats[] {
    const byId = new Map<string, DeliveryStats>();
    const all = [...current.flatMap((c) => c?.destinations ?? []), ...[...this.retired.values()].flat()];
    for (const d of all) byId.set(d.id, byId.has(d.id) ? addDeliveryStats(byId.get(d.id)!, d) : d);
    return [...byId.values()];
  }

  private listens(socket: 'log' | 'user'): boolean {
    const { config } = this.opts;
    if (socket === 'user') return config.userEvents.enable === true;
    return Object.values(config.logEvents.source).some((s) => (s as { enable?: boolean }).enable === true);
  }

  private ingest(socket: 'log' | 'user', bytes: number): Ingest {
    const ring = RingWriter.create(bytes, socket === 'log' ? SocketKind.LOG : SocketKind.USER);
    return { socket, ring, dispatcher: null as unknown as SliceDispatcher, listener: null };
  }

  private thread(name: string, file: string, workerData: unknown, beforeTerminate?: () => void): ManagedThread {
    return new ManagedThread({
      name,
      file: new URL(`../workers/${file}.js`, import.meta.url),
      workerData,
      logger: this.opts.logger,
      beforeTerminate,
      onCrashReport: (n, final) => {
        const destinations = (final as Partial<WriterHostStats> | undefined)?.destinations;
        if (!destinations) return;
        this.retired.set(n, [...(this.retired.get(n) ?? []), ...destinations]);
        this.opts.logger.warn(
          { thread: n, destinations: destinations.map((d) => ({ id: d.id, spooled: d.spooledLines, dropped: d.droppedLines.writer_crash })) },
          'Writer saved its queues before dying: spooled (replayed after the restart) or counted as dropped (writer_crash).',
        );
      },
      onRestarted: (n) => {
        if (n === 'http' && this.ready) void this.http?.call('setReady', { ready: true }).catch(() => undefined);
      },
      onCrash: (n, crashes) => {
        this.restarts[n] = crashes;
        this.opts.logger.error({ thread: n, crashes }, `Thread ${n} crashed; restarting it.`);
        publishCollectorMetrics(this.metrics, { threadRestarts: { ...this.restarts } });
      },
    });
  }
}
