// Binds the UDP sockets first (a port in use ends the start before any thread that writes data exists), then
// starts the threads in dependency order (tracker, writers, poller, parse pool; slices cut before the pool is
// up wait for it in the ring), and stops them in reverse with a drain in between: sockets closed → every slice
// parsed → tracker's last counters emitted → every writer has received all of it and flushed → threads ended.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Config } from './config/schema/index.js';
import type { WriterHostStats } from './destinations/writer-host.js';
import { SliceDispatcher } from './ingest/slice-dispatcher.js';
import type { RingTask } from './ingest/ring-slice.js';
import { RingWriter } from './ingest/ring-writer.js';
import { SocketKind } from './ingest/ring-layout.js';
import { readRingCounters, type RingCounters } from './ingest/ring-layout.js';
import { readSocketDrops } from './ingest/kernel-drops.js';
import { UdpListener } from './ingest/udp-listener.js';
import { listeningPorts } from './ingest/listener-options.js';
import { startActivityFeed } from './counters/activity-feed.js';
import type { CounterTotals } from './counters/counter-publisher.js';
import type { AppLogger, LogFormat, LogLevel } from './log/logger.js';
import { AppNamesRelay, isAppListMessage } from './pipeline/app-names/app-names-relay.js';
import { ParsePool } from './pipeline/parse/parse-pool.js';
import { destinationRoutes } from './destinations/routes.js';
import type { CommonThreadData } from './threads/worker-data.js';
import { pollerConfigFrom, pollsAnything } from './pollers/config.js';
import { ManagedThread } from './threads/managed-thread.js';
import { channelNames, openChannel } from './threads/channels.js';
import { HttpExitGuard } from './http/exit-guard.js';
import { httpThreadWanted } from './http/thread-wanted.js';
import { publishCollectorMetrics } from './metrics/index.js';
import { startRuntimeGauges } from './metrics/runtime-gauges.js';
import { WriterLedger } from './threads/writer-ledger.js';
import { ConfigBox } from './threads/config-box.js';
import { createParseSlotTable } from './pipeline/parse/parse-slots.js';
import { planReload, type ReloadPlan } from './config/reload-plan.js';
import { applyReloadPlan } from './threads/apply-reload.js';
import { addDeliveryStats, type DeliveryStats } from './destinations/delivery/delivery-stats.js';
import { logShutdownSummary } from './ops/shutdown-summary.js';
import { redactSecrets, sanitizeStack } from './crash/redact.js';
import type { LogFiles } from './log/log-files.js';
import type { TestCrash } from './crash/test-crash.js';
import { workerResourceLimits, type RuntimeSettings } from './config/resolve.js';
import { HealthBoard, Phase } from './threads/health-board.js';
import { CRASH_METHOD } from './threads/test-faults.js';

export interface SupervisorOptions {
  config: Config;
  settings: RuntimeSettings;
  logger: AppLogger;
  logLevel: LogLevel;
  logFormat: LogFormat;
  /** fileLogging: the log files, which take every thread's lines. */
  logFiles?: LogFiles;
  /** Tests only (NODE_ENV=test): the thread that crashes on purpose. */
  testCrash?: TestCrash;
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
const SELF_METRICS_INTERVAL_MS = 5_000;

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
  private selfMetricsTimer: NodeJS.Timeout | null = null;
  /** Bound UDP ports, kept for the shutdown summary (a closed socket has no address). */
  private readonly boundPorts: Record<'log' | 'user', number | null> = { log: null, user: null };
  private activity: { stop(): void } | null = null;
  private started = false;
  private board: HealthBoard | null = null;
  private ledger: WriterLedger | null = null;
  /** Final delivery stats of writer incarnations that died of an uncaught error, per thread name. */
  private readonly retired = new Map<string, DeliveryStats[]>();
  /** The configuration in force (reloads replace the sections they apply). */
  private running: Config;
  private common: CommonThreadData | null = null;
  private readonly configBox = ConfigBox.create();
  /** A reload being applied; the next one and shutdown wait for it. */
  private reloading: Promise<unknown> = Promise.resolve();

  private readonly metrics = openChannel(channelNames(this.instanceId).metrics);
  private appNames: AppNamesRelay | null = null;

  private readonly stopRuntime = startRuntimeGauges(this.metrics, 'main');

  constructor(private readonly opts: SupervisorOptions) {
    this.running = opts.config;
  }

  async start(): Promise<void> {
    const { config, settings, logger } = this.opts;
    const routes = destinationRoutes(config, settings.writerWorkers);
    this.opts.logFiles?.listen(this.instanceId);
    const parseSlots = settings.parseWorkers * PARSE_SLOTS_PER_WORKER;
    this.ledger = WriterLedger.create(settings.writerWorkers, parseSlots);
    const common: CommonThreadData = {
      instanceId: this.instanceId,
      config,
      logLevel: this.opts.logLevel,
      logFormat: this.opts.logFormat,
      logToFile: this.opts.logFiles !== undefined,
      testCrash: this.opts.testCrash,
      routes,
      writerCount: settings.writerWorkers,
      // Slots beyond the pool size: a replacement for a crashed worker takes a free one (src/pipeline/parse/parse-slots.ts).
      parseSlots,
      ledger: this.ledger.sab,
    };
    this.common = common;
    const polls = pollsAnything(pollerConfigFrom(config));
    const names = ['http', 'tracker', ...Array.from({ length: settings.writerWorkers }, (_, i) => `writer-${i}`), ...(polls ? ['poller'] : [])];
    // Main's heartbeat and every thread's state, read by the http thread for /health and /ready.
    this.board = HealthBoard.create(names);
    this.board.startHeartbeat();
    if (httpThreadWanted(config)) {
      // First up, so /health answers (and /ready says "starting") while the rest starts.
      this.exitGuard = new HttpExitGuard().install();
      const guard = this.exitGuard;
      const data = { ...common, exitGuard: guard.sab, parseWorkers: settings.parseWorkers, healthBoard: this.board.data };
      this.http = this.thread('http', 'http', data, () => guard.closeSync());
      await this.http.start();
    }
    let poolUp: (pool: ParsePool) => void = () => undefined;
    const pool = new Promise<ParsePool>((resolve) => (poolUp = resolve));
    // Direct once the pool is up; slices cut before that wait for it.
    const run = (task: RingTask): Promise<unknown> => (this.pool !== null ? this.pool.run(task) : pool.then((p) => p.run(task)));
    this.ingests = [this.ingest('log', settings.logRingBytes), this.ingest('user', settings.userRingBytes)];
    for (const ingest of this.ingests) {
      ingest.dispatcher = new SliceDispatcher(ingest.ring, run, settings.slices, logger);
      if (!this.listens(ingest.socket)) continue;
      ingest.listener = new UdpListener({
        socket: ingest.socket,
        udpServerConfig: ingest.socket === 'log' ? config.logEvents.udpServerConfig : config.userEvents.udpServerConfig,
        udpReceiveBufferBytes: settings.udpReceiveBufferBytes,
        dispatcher: ingest.dispatcher,
        logger,
      });
      await ingest.listener.start();
      this.boundPorts[ingest.socket] = ingest.listener.address()?.port ?? null;
    }
    const rings = Object.fromEntries(this.ingests.map((i) => [i.ring.id, { sab: i.ring.sab, socket: i.socket }]));

    this.tracker = this.thread('tracker', 'tracker', { ...common, rings, hostname: hostname() });
    await this.tracker.start();
    this.writers = Array.from({ length: settings.writerWorkers }, (_, index) =>
      this.thread(`writer-${index}`, 'writer', { ...common, index }),
    );
    await Promise.all(this.writers.map((w) => w.start()));

    if (polls) {
      // Start-up checks (certificates, server tags) fail here, before any datagram is parsed.
      this.poller = this.pollerThread(common);
      await this.poller.start();
    }

    const parseData = { ...common, rings, parseSlotTable: createParseSlotTable(parseSlots), configBox: this.configBox.sab };
    this.pool = new ParsePool(settings.parseWorkers, parseData, workerResourceLimits(settings), () => this.appNames?.version ?? 0, (err) => {
      this.restarts.parse = (this.restarts.parse ?? 0) + 1;
      // Redacted like the crash dump: an error message can quote a URL or a config value with a secret.
      logger.error({ thread: 'parse', err: redactSecrets(sanitizeStack(err.stack ?? err.message)), crashes: this.restarts.parse }, 'Parse worker died of an uncaught error; the pool replaces it and retries its slices.');
      publishCollectorMetrics(this.metrics, { threadRestarts: { ...this.restarts } });
    });
    poolUp(this.pool);
    this.started = true;
    this.activity = startActivityFeed({
      logger,
      intervalMs: config.activitySummary.intervalMs,
      ports: listeningPorts(config),
      sources: {
        rings: () => this.ringCounters(),
        parseTotals: async () => (await this.tracker!.call<{ counters: CounterTotals }>('stats', null, 5_000)).counters.parse,
        destinations: async () => (await Promise.all(this.writers.map((w) => w.call<WriterHostStats>('stats', null, 5_000)))).flatMap((s) => s.destinations),
      },
    });
    this.publishSelfMetrics();
    this.selfMetricsTimer = setInterval(() => this.publishSelfMetrics(), SELF_METRICS_INTERVAL_MS).unref();
    this.board.setPhase(Phase.RUNNING);
    logger.info(
      {
        parseWorkers: settings.parseWorkers,
        writerWorkers: settings.writerWorkers,
        destinations: routes.map((r) => `${r.dest}→writer-${r.writer}`),
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
   * parse workers' next task, poller targets by restarting the poller thread, destinations and what goes to
   * them by reconciling the writers and switching every producer (src/threads/destination-switch.ts).
   * Sockets, rings and everything in them stay; changed settings that need a restart are logged by name and
   * keep their running value. Reloads are applied one at a time.
   */
  reload(next: Config): Promise<ReloadPlan> {
    const applying = this.reloading.then(() => this.applyReload(next));
    this.reloading = applying.catch(() => undefined);
    return applying;
  }

  private async applyReload(next: Config): Promise<ReloadPlan> {
    const live = this.common !== null && !this.stopping;
    const plan = await applyReloadPlan(planReload(this.running, next), {
      live,
      routes: this.common?.routes ?? [],
      writerCount: this.opts.settings.writerWorkers,
      switching: { writers: this.writers, tracker: this.tracker, pool: this.pool, ledger: this.ledger, configBox: this.configBox, logger: this.opts.logger },
      // The poller (also restarted by a destination switch) starts with the new routes.
      routed: (routes) => (this.common = { ...this.common!, routes }),
      restartPoller: (config) => this.restartPoller(config),
    });
    this.running = plan.config;
    if (this.common) this.common = { ...this.common, config: plan.config };
    return plan;
  }

  private async restartPoller(config: Config): Promise<void> {
    await this.poller?.stop(5_000);
    this.poller = null;
    if (!pollsAnything(pollerConfigFrom(config))) return;
    const poller = this.pollerThread({ ...this.common!, config });
    try {
      await poller.start();
      this.poller = poller;
    } catch (err) {
      this.opts.logger.error({ err: (err as Error).message }, 'Config reload: the poller did not start with the new configuration; polling stopped.');
    }
  }

  /** The poller thread; its app list goes to the relay that parse workers read (app-names-relay.ts). */
  private pollerThread(data: CommonThreadData): ManagedThread {
    this.appNames ??= new AppNamesRelay(this.instanceId, this.opts.logger);
    const relay = this.appNames;
    return this.thread('poller', 'poller', data, undefined, (msg) => {
      if (isAppListMessage(msg)) relay.update(msg);
    });
  }

  stop(): Promise<void> {
    this.activity?.stop();
    // A reload in progress finishes first: its destinations are then drained like the others.
    this.stopping ??= this.started ? this.reloading.then(() => this.shutdown()) : this.abandonStart();
    return this.stopping;
  }

  /** After a failed start: close what is open, without drain or summary (nothing was collected). */
  private async abandonStart(): Promise<void> {
    await Promise.all(this.ingests.map((i) => i.listener?.close()));
    await this.poller?.stop(2_000);
    await Promise.all(this.writers.map((w) => w.stop(2_000)));
    await this.tracker?.stop(2_000);
    await this.http?.stop(2_000);
    this.appNames?.close();
    this.board?.stopHeartbeat();
    this.exitGuard?.dispose();
  }

  private async shutdown(): Promise<void> {
    const { logger } = this.opts;
    if (this.selfMetricsTimer) clearInterval(this.selfMetricsTimer);
    const deadline = Date.now() + SHUTDOWN_DEADLINE_MS;
    const left = (): number => Math.max(1_000, deadline - Date.now());
    logger.info('Shutting down: closing UDP sockets, then draining the rings.');
    this.board?.setPhase(Phase.SHUTTING_DOWN);
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
    await this.pool?.destroy();
    await Promise.all(this.writers.map((w) => w.stop(left())));
    await this.tracker?.stop(left());
    await this.http?.stop(left());
    this.appNames?.close();
    this.exitGuard?.dispose();
    const sockets = this.ingests.map((i) => ({ socket: i.socket, port: this.boundPorts[i.socket], counters: readRingCounters(i.ring.sab) }));
    logShutdownSummary(logger, sockets, this.deliveryTotals(delivery));
    const writerCrashes = [...this.retired.values()].reduce((n, r) => n + r.length, 0);
    if (writerCrashes > 0) logger.info({ writerCrashes }, 'Writer incarnations that died are included in the totals above.');
    this.board?.stopHeartbeat();
    this.stopRuntime();
    logger.info('Butler SOS stopped.');
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

  /** Test faults only (src/threads/test-faults.ts): makes a managed thread throw an uncaught exception. */
  async crashThread(name: string): Promise<void> {
    const thread = [this.http, this.tracker, this.poller, ...this.writers].find((t) => t?.name === name);
    if (!thread) throw new Error(`no thread named ${name}`);
    await thread.call(CRASH_METHOD, null, 5_000);
  }

  private listens(socket: 'log' | 'user'): boolean {
    return listeningPorts(this.opts.config)[socket] !== undefined;
  }

  private ingest(socket: 'log' | 'user', bytes: number): Ingest {
    const ring = RingWriter.create(bytes, socket === 'log' ? SocketKind.LOG : SocketKind.USER);
    return { socket, ring, dispatcher: null as unknown as SliceDispatcher, listener: null };
  }

  /**
   * What only the main thread knows: restarts per thread (0 until one crashes, so the series exist from the
   * start) and the kernel's receive-buffer drops of the UDP sockets. Re-posted periodically, so a restarted
   * http thread gets them again.
   */
  private publishSelfMetrics(): void {
    const kernelDrops: Partial<Record<'log' | 'user', number>> = {};
    for (const ingest of this.ingests) {
      const port = ingest.listener?.address()?.port;
      const drops = port === undefined ? null : readSocketDrops([port]);
      if (drops !== null) kernelDrops[ingest.socket] = drops;
    }
    publishCollectorMetrics(this.metrics, { threadRestarts: { ...this.restarts }, kernelDrops });
  }

  private thread(name: string, file: string, workerData: unknown, beforeTerminate?: () => void, onMessage?: (msg: unknown) => void): ManagedThread {
    this.restarts[name] ??= 0;
    return new ManagedThread({
      name,
      file: new URL(`../workers/${file}.js`, import.meta.url),
      workerData,
      // Writers handle every batch; the tracker, http and poller threads little data.
      resourceLimits: workerResourceLimits(this.opts.settings, name.startsWith('writer') ? 'busy' : 'light'),
      logger: this.opts.logger,
      beforeTerminate,
      onMessage,
      onState: (n, state) => this.board?.setThread(n, state),
      onCrashReport: (n, final) => {
        const destinations = (final as Partial<WriterHostStats> | undefined)?.destinations;
        if (!destinations) return;
        this.retired.set(n, [...(this.retired.get(n) ?? []), ...destinations]);
        this.opts.logger.warn(
          { thread: n, destinations: destinations.map((d) => ({ id: d.id, spooled: d.spooledLines, dropped: d.droppedLines.writer_crash })) },
          'Writer saved its queues before dying: spooled (replayed after the restart) or counted as dropped (writer_crash).',
        );
      },
      onCrash: (n, crashes) => {
        // ManagedThread logs the crash itself; here it is only counted.
        this.restarts[n] = crashes;
        publishCollectorMetrics(this.metrics, { threadRestarts: { ...this.restarts } });
      },
    });
  }
}
