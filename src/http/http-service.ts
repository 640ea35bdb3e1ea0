import type { AuditQueueSnapshot } from '../audit/audit-queue.js';
import type { AuditService } from '../audit/audit-service.js';
import type { Config } from '../config/schema/index.js';
import type { AppLogger } from '../log/logger.js';
import type { ErrorReport } from '../threads/messages.js';
import { serverLabelNames } from '../metrics/health-gauges.js';
import { MetricsRegistry } from '../metrics/metrics-registry.js';
import { ThrottledWarning } from '../pipeline/parse/throttled-warning.js';
import { Readiness } from './probes.js';
import type { HealthBoardData } from '../threads/health-board.js';
import { startHttpServer, type EngineChoice } from './start-server.js';
import type { HttpEndpointsConfig } from './thread-wanted.js';
import type { HttpServerHandle, RouteHandler } from './types.js';
import { startWebConsole, type WebConsoleConfig, type WebConsoleRuntime } from './web-console/start.js';
import type { WebConsole } from './web-console/web-console.js';

// What the http thread runs: the metrics registry fed from the metrics channel, the Prometheus endpoint
// (prometheus.host:port → /metrics, /health, /ready), the Node.js metrics endpoint (prometheus.nodeMetricsHost:
// nodeMetricsPort → /metrics, as Butler SOS; it does not follow prometheus.host) and the Docker health check endpoint
// (dockerHealthCheck.port → /health, /ready). Works the same outside a worker thread (tests).

export interface HttpServiceConfig extends Omit<HttpEndpointsConfig, 'configVisualisation'>, Partial<WebConsoleConfig> {
  serversToMonitor: {
    pollingInterval: number;
    serverTagsDefinition?: readonly string[] | null;
    servers: ReadonlyArray<{ serverTags?: Readonly<Record<string, unknown>> | null }>;
  };
  userSessions: { pollingInterval: number };
  /** /ready checks that the spool directory takes writes when the spool is on. */
  delivery?: { spool: { enable: boolean; directory: string } };
  /** The Audit.qs API (src/audit/); when enabled the whole Config must be passed (its outputs read it). */
  auditEvents?: { enable: boolean };
}

export interface HttpServiceOptions {
  config: HttpServiceConfig;
  logger: AppLogger;
  engine?: EngineChoice;
  /** Series of a server go stale after this many of its poll intervals without an update (default 3). */
  staleAfterPolls?: number;
  /** Bind address of the Docker health endpoint (default 127.0.0.1: the probe runs inside the container). */
  dockerHealthHost?: string;
  /** prom-client default process/Node metrics (default true). */
  defaultMetrics?: boolean;
  now?: () => number;
  /** The web console's live feed: channel names and parse-thread counts (the http thread's workerData). */
  webConsole?: WebConsoleRuntime;
  /** The supervisor's health board: /health and /ready answer from it. */
  healthBoard?: HealthBoardData;
  /** Error reports for the tracker (refused audit API requests, failed audit writes). */
  reportError?: (report: ErrorReport) => void;
  /** Each interval's audit queue numbers, for the tracker (auditEvents.queue.queueMetrics). */
  reportAuditQueue?: (sample: AuditQueueSnapshot) => void;
  /** This collector's version (the audit API's test-connection answer). */
  appVersion?: string;
}

export class HttpService {
  readonly readiness: Readiness;
  readonly registry: MetricsRegistry;
  prometheus: HttpServerHandle | null = null;
  nodeMetrics: HttpServerHandle | null = null;
  docker: HttpServerHandle | null = null;
  webConsole: WebConsole | null = null;
  audit: AuditService | null = null;
  private readonly badMessage: ThrottledWarning;
  private stopped = false;

  private constructor(private readonly opts: HttpServiceOptions) {
    const { config } = opts;
    const polls = opts.staleAfterPolls ?? 3;
    const spool = config.delivery?.spool;
    this.readiness = new Readiness({ board: opts.healthBoard, spoolDirectory: spool?.enable ? spool.directory : null });
    this.registry = new MetricsRegistry({
      serverLabelNames: serverLabelNames(config),
      healthStaleAfterMs: polls * config.serversToMonitor.pollingInterval,
      sessionStaleAfterMs: polls * config.userSessions.pollingInterval,
      defaultMetrics: opts.defaultMetrics,
      now: opts.now,
    });
    this.badMessage = new ThrottledWarning(opts.logger, 'HTTP: ignored a metrics update that cannot be used');
  }

  /** Builds the registry and binds the configured endpoints; rejects naming the key whose port failed. */
  static async start(opts: HttpServiceOptions): Promise<HttpService> {
    const service = new HttpService(opts);
    try {
      await service.listen();
    } catch (err) {
      // Close what did bind, and let the handles finish closing before the thread may end.
      await service.stop();
      throw err;
    }
    return service;
  }

  /** Applies one message from the metrics channel; unusable ones are counted and logged (throttled). */
  apply(msg: unknown): void {
    const result = this.registry.apply(msg);
    if (!result.ok) this.badMessage.note({ problem: result.problem });
    // Only messages the registry could use reach the live console (it relies on the same checks).
    else this.webConsole?.applyMetrics(msg);
  }

  setReady(ready: boolean, reason?: string): void {
    this.readiness.set(ready, reason);
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.readiness.set(false, 'shutting down');
    await Promise.all([this.prometheus?.close(), this.nodeMetrics?.close(), this.docker?.close(), this.webConsole?.stop(), this.audit?.stop()]);
  }

  /** Closes the sockets synchronously (exit paths). */
  closeNow(): void {
    this.stopped = true;
    this.prometheus?.closeNow();
    this.nodeMetrics?.closeNow();
    this.docker?.closeNow();
    this.webConsole?.closeNow();
    this.audit?.closeNow();
  }

  private async listenNodeMetrics(engine: EngineChoice): Promise<void> {
    const { nodeMetricsHost: host, nodeMetricsPort: port } = this.opts.config.prometheus;
    const routes = new Map<string, RouteHandler>([
      ['/metrics', async () => ({ status: 200, headers: { 'Content-Type': this.registry.contentType }, body: await this.registry.nodeMetrics() })],
    ]);
    this.nodeMetrics = await startHttpServer({ host, port, routes, label: 'prometheus.nodeMetricsPort' }, engine, this.opts.logger);
    this.opts.logger.info(`HTTP: Node.js process metrics on http://${host}:${this.nodeMetrics.port}/metrics (${this.nodeMetrics.engine})`);
  }

  private async listen(): Promise<void> {
    const { config, logger } = this.opts;
    const engine = this.opts.engine ?? 'auto';
    const probes = new Map<string, RouteHandler>([
      ['/health', () => this.readiness.health()],
      ['/ready', () => this.readiness.reply()],
    ]);
    if (config.prometheus.enable) {
      const routes = new Map(probes);
      routes.set('/metrics', async () => ({
        status: 200,
        headers: { 'Content-Type': this.registry.contentType },
        body: await this.registry.metrics(),
      }));
      const { host, port } = config.prometheus;
      this.prometheus = await startHttpServer({ host, port, routes, label: 'prometheus.port' }, engine, logger);
      logger.info(`HTTP: Prometheus metrics on http://${host}:${this.prometheus.port}/metrics (${this.prometheus.engine})`);
      await this.listenNodeMetrics(engine);
    }
    // configVisualisation: the config page and the live console (src/http/web-console).
    this.webConsole = await startWebConsole(config, this.opts.webConsole, logger, engine);
    if (config.auditEvents?.enable) {
      // Loaded only when on: the audit API and its outputs (database clients, the Parquet writer) are ~16 MB of
      // heap and ~60 MB of RSS in this thread that a collector without Audit.qs should not carry.
      const { AuditService } = await import('../audit/audit-service.js');
      this.audit = await AuditService.start({
        config: config as unknown as Config,
        logger,
        engine,
        appVersion: this.opts.appVersion ?? '0.0.0',
        reportError: this.opts.reportError ?? (() => {}),
        reportQueue: this.opts.reportAuditQueue,
      });
    }
    if (config.dockerHealthCheck.enable) {
      if (this.prometheus && config.dockerHealthCheck.port === config.prometheus.port && config.prometheus.port !== 0) {
        logger.info(`HTTP: dockerHealthCheck.port equals prometheus.port; /health is served by the Prometheus endpoint`);
        return;
      }
      const host = this.opts.dockerHealthHost ?? '127.0.0.1';
      this.docker = await startHttpServer({ host, port: config.dockerHealthCheck.port, routes: probes, label: 'dockerHealthCheck.port' }, engine, logger);
      logger.info(`HTTP: Docker health check on http://${host}:${this.docker.port}/health (${this.docker.engine})`);
    }
  }
}
