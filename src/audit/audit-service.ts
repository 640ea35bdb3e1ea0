import type { Config } from '../config/schema/index.js';
import type { DestinationPlugin } from '../destinations/plugin.js';
import { startAuditServer } from '../http/audit-server/start.js';
import type { EngineChoice } from '../http/start-server.js';
import type { HttpServerHandle } from '../http/types.js';
import type { AppLogger } from '../log/logger.js';
import type { ErrorReport } from '../threads/messages.js';
import { AuditApi } from './audit-api.js';
import { AuditOutputs } from './audit-outputs.js';
import { AuditQueue, type AuditQueueSnapshot } from './audit-queue.js';
import { auditQueueMetricsOn } from '../points/ingest-metrics.js';
import { AUDIT_PLUGINS } from './plugins.js';

// The Audit.qs back end on the http thread: API server → bounded queue → publishAuditEvent → audit outputs.

export interface AuditServiceOptions {
  config: Config;
  logger: AppLogger;
  engine: EngineChoice;
  appVersion: string;
  reportError: (report: ErrorReport) => void;
  /** Where each interval's queue numbers go (the tracker, which writes the audit_events_queue point). */
  reportQueue?: (sample: AuditQueueSnapshot) => void;
  plugins?: readonly DestinationPlugin[];
}

export class AuditService {
  private server: HttpServerHandle | null = null;
  private queueTimer: NodeJS.Timeout | null = null;

  private constructor(
    readonly api: AuditApi,
    readonly queue: AuditQueue,
    readonly outputs: AuditOutputs,
    private readonly logger: AppLogger,
  ) {}

  static async start(opts: AuditServiceOptions): Promise<AuditService> {
    const { config, logger } = opts;
    const section = config.auditEvents;
    const outputs = new AuditOutputs(config, opts.plugins ?? AUDIT_PLUGINS, { logger, reportError: opts.reportError, appVersion: opts.appVersion });
    const queue = new AuditQueue(
      section.queue,
      outputs.publishAuditEvent,
      (err) => logger.error(`AUDIT API: an accepted event could not be handed to the outputs: ${(err as Error).message}`),
      (size) => logger.warn(`AUDIT API: the event queue is ${section.queue.messageQueue.backpressureThreshold}% full or more (${size} of ${section.queue.messageQueue.maxSize})`),
    );
    const tls = section.tls.enable;
    const api = new AuditApi(section, { logger, queue, appVersion: opts.appVersion, reportError: opts.reportError, tls });
    const service = new AuditService(api, queue, outputs, logger);
    await outputs.start();
    try {
      service.server = await startAuditServer(
        {
          host: section.host,
          port: section.port,
          tls: tls ? { cert: section.tls.cert, key: section.tls.key, ca: section.tls.ca, passphrase: section.tls.passphrase } : null,
          maxBodyBytes: section.maxBodyBytes,
          handle: (req) => api.handle(req),
        },
        opts.engine,
        logger,
      );
    } catch (err) {
      await outputs.stop(1000);
      throw err;
    }
    if (opts.reportQueue && auditQueueMetricsOn(config)) {
      // The queue lives here; the tracker writes its point with the sockets' (QUEUE_METRICS), as v15's timer did.
      const report = opts.reportQueue;
      service.queueTimer = setInterval(() => report(queue.snapshot()), section.queue.queueMetrics.influxdb.writeFrequency);
      service.queueTimer.unref();
    }
    const scheme = tls ? 'https' : 'http';
    logger.info(`AUDIT API: listening on ${scheme}://${section.host}:${service.server.port}/api/v1/audit-event (${service.server.engine}); outputs: ${outputs.describe(config).join('; ') || 'none'}`);
    if (!section.apiToken) logger.warn('AUDIT API: no apiToken configured; any client that reaches the port can post events (set Butler-SOS.auditEvents.apiToken)');
    return service;
  }

  get port(): number {
    return this.server?.port ?? 0;
  }

  get engine(): string {
    return this.server?.engine ?? '';
  }

  /** Stops taking requests, hands every queued event on, then flushes (or spools) within the deadline. */
  async stop(deadlineMs = 5000): Promise<void> {
    this.stopQueueMetrics();
    await this.server?.close();
    this.server = null;
    this.queue.drainNow();
    await this.outputs.stop(deadlineMs);
    this.logger.info(`AUDIT API: stopped; ${this.api.accepted} events accepted, ${this.api.refusals.total} requests refused`);
  }

  closeNow(): void {
    this.stopQueueMetrics();
    this.server?.closeNow();
    this.server = null;
  }

  private stopQueueMetrics(): void {
    if (this.queueTimer) clearInterval(this.queueTimer);
    this.queueTimer = null;
  }
}
