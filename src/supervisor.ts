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
import { channelNames, openChannel } from './threads/channels.js';
import { HttpExitGuard } from './http/exit-guard.js';
import { httpThreadWanted } from './http/thread-wanted.js';
import { publishCollectorMetrics } from './metrics/index.js';
import type { RuntimeSettings } from './config/resolve.js';
import { HealthBoard, Phase } from './threads/health-board.js';
import { CRASH_METHOD } from './threads/test-faults.js';

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
  private board: HealthBoard | null = null;

  private readonly metrics = openChannel(channelNames(this.instanceId).metrics);

  constructor(private readonly opts: SupervisorOptions) {}

  async start(): Promise<void> {
    const { config, settings, logger } = this.opts;
    const routes = lineRoutes(config, settings.writerWorkers);
    const common: CommonThreadData = {
      instanceId: this.instanceId,
      config,
      logLevel: this.opts.logLevel,
      logFormat: this.opts.logFormat,
      routes,
      recordRoutes: recordRoutes(config, settings.writerWorkers),
      writerCount: settings.writerWorkers,
      // Slots beyond the pool size go to workers Piscina starts in place of crashed ones.
      parseSlots: settings.parseWorkers * PARSE_SLOTS_PER_WORKER,
    };
    const polls = pollsAnything(pollerConfigFrom(config));
    const names = ['http', 'tracker', ...Array.from({ length: settings.writerWorkers }, (_, i) => `writer-${i}`), ...(polls ? ['poller'] : [])];
    // Main's heartbeat and every thread's state, read by the http thread for /health and /ready.
    this.board = HealthBoard.create(names);
    this.board.startHeartbeat();
    if (httpThreadWanted(config)) {
      // First up, so /health answers (and /ready says "starting") while the rest starts.
      this.exitGuard = new HttpExitGuard().install();
      const guard = this.exitGuard;
      const data = { ...common, exitGuard: guard.sab, healthBoard: this.board.data };
      this.http = this.thread('http', 'http', data, () => guard.closeSync());
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

    if (polls) {
      // Start-up checks (certificates, server tags) fail here, before any socket is bound.
      this.poller = this.thread('poller', 'poller', common);
      await this.poller.start();
    }

    this.pool = new ParsePool(settings.parseWorkers, { ...common, rings, parseSlotCounter: new SharedArrayBuffer(4) });
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
    this.board.setPhase(Phase.RUNNING);
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

  stop(): Promise<void> {
    this.stopping ??= this.shutdown();
    return this.stopping;
  }

  private async shutdown(): Promise<void> {
    const { logger } = this.opts;
    const deadline = Date.now() + SHUTDOWN_DEADLINE_MS;
    const left = (): number => Math.max(1_000, deadline - Date.now());
    logger.info('Shutting down: closing UDP sockets, then draining the rings.');
    this.board?.setPhase(Phase.SHUTTING_DOWN);
    await Promise.all(this.ingests.map((i) => i.listener?.close()));
    // Polls in progress finish or are abandoned here; their points reach the writers before the drain ends
    // in practice (the drain waits for the parse pool first), but are not part of its counted batches.
    await this.poller?.stop(left());
    await Promise.all(this.ingests.map((i) => i.dispatcher?.drain(left())));
    const expected = { parse: [...(this.pool?.posted ?? [])], tracker: new Array<number>(this.writers.length).fill(0) };
    if (this.tracker) {
      const final = await this.tracker.call<{ posted: number[] }>('flushAll', null, left());
      expected.tracker = final.posted;
    }
    const drained = await Promise.all(
      this.writers.map((w, i) =>
        w.call<{ received: boolean; flushed: boolean }>('drain', { parse: expected.parse[i], tracker: expected.tracker[i], deadlineMs: left() }, left() + 1_000),
      ),
    );
    const incomplete = drained.filter((d) => !d.received || !d.flushed).length;
    if (incomplete > 0) logger.warn({ incomplete }, 'Some writers did not finish draining before the deadline.');
    const delivery = await Promise.all(this.writers.map((w) => w.call<WriterHostStats>('stats', null, 5_000).catch(() => null)));
    logger.info(
      {
        destinations: delivery.flatMap((d) => d?.destinations ?? []).map((d) => ({ id: d.id, written: d.writtenLines, dropped: d.droppedLines, queued: d.queuedLines })),
      },
      'Delivery totals at shutdown.',
    );
    await this.pool?.destroy();
    await Promise.all(this.writers.map((w) => w.stop(left())));
    await this.tracker?.stop(left());
    await this.http?.stop(left());
    this.exitGuard?.dispose();
    this.board?.stopHeartbeat();
    logger.info({ counters: this.ringCounters() }, 'Butler SOS stopped.');
  }

  /** Test faults only (src/threads/test-faults.ts): makes a managed thread throw an uncaught exception. */
  async crashThread(name: string): Promise<void> {
    const thread = [this.http, this.tracker, this.poller, ...this.writers].find((t) => t?.name === name);
    if (!thread) throw new Error(`no thread named ${name}`);
    await thread.call(CRASH_METHOD, null, 5_000);
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
      onState: (n, state) => this.board?.setThread(n, state),
      onCrash: (n, crashes) => {
        this.restarts[n] = crashes;
        this.opts.logger.error({ thread: n, crashes }, `Thread ${n} crashed.`);
        publishCollectorMetrics(this.metrics, { threadRestarts: { ...this.restarts } });
      },
    });
  }
}
