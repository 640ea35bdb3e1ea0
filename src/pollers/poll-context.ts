import type { HealthPollMessage, SessionPollMessage } from '../metrics/index.js';
import type { AppLogger } from '../log/logger.js';
import type { Config } from '../config/schema/index.js';
import { publisherFor } from '../publish/publish-table.js';
import type { Publisher } from '../publish/publisher.js';
import type { PublishedData } from '../publish/published-data.js';
import type { AppListMessage, BatchMessage, ErrorReport, ErrorType } from '../threads/messages.js';
import type { AgentPool } from './agent-pool.js';
import type { AppNameMap } from './app-list.js';
import type { CertStore } from './cert-store.js';
import type { PollerConfig, PollerOptions } from './config.js';
import { categorisePollError, PollError } from './poll-error.js';
import { isClosedWithoutResponse, probeTls } from './tls-probe.js';

// What the three pollers share: configuration, agents, the output ports and the counters.

/** Where the pollers' results go: the thread entry posts them on BroadcastChannels, tests collect them. */
export interface PollerOutput {
  batch(msg: BatchMessage, writer: number): void;
  error(report: ErrorReport): void;
  /** The app list, to the supervisor, which keeps it and forwards changes to the parse workers. */
  appNames(msg: AppListMessage): void;
  /** Gauge updates for the Prometheus endpoint (src/metrics); optional, dropped when nobody listens. */
  metrics?(msg: HealthPollMessage | SessionPollMessage): void;
}

export type PollSource = 'health' | 'sessions' | 'appNames';

export interface SourceStats {
  attempts: number;
  succeeded: number;
  failed: number;
  skippedOverlap: number;
  /** Failures by category (docs/error-tracking.md#error-categories, plus invalid_response). */
  failures: Record<string, number>;
  lastDurationMs: number;
}

export interface PollerStats {
  health: SourceStats;
  sessions: SourceStats;
  appNames: SourceStats;
  certReloads: number;
  certReloadFailures: number;
  batches: number;
  /** Records posted over all destinations (line-protocol points, MQTT messages, New Relic items, ...). */
  records: number;
}

function sourceStats(): SourceStats {
  return { attempts: 0, succeeded: 0, failed: 0, skippedOverlap: 0, failures: {}, lastDurationMs: 0 };
}

export function emptyStats(): PollerStats {
  return { health: sourceStats(), sessions: sourceStats(), appNames: sourceStats(), certReloads: 0, certReloadFailures: 0, batches: 0, records: 0 };
}

export interface FailureContext {
  type: ErrorType;
  serverName: string;
  host: string;
  virtualProxy?: string;
}

export class PollContext {
  readonly stats = emptyStats();
  /** Set at shutdown: requests aborted by closing the agents are not failures of Qlik Sense. */
  stopping = false;
  private readonly publisher: Publisher | undefined;

  constructor(
    readonly config: PollerConfig,
    readonly options: PollerOptions,
    readonly certs: CertStore,
    readonly agents: AgentPool,
    readonly logger: AppLogger,
    readonly output: PollerOutput,
    readonly appNames: () => AppNameMap,
    readonly now: () => number = Date.now,
  ) {
    const setup = options.publish;
    if (setup) {
      // The pollers' own sections win, so what is polled and how it is encoded come from one config.
      const merged: Config = { ...setup.config, ...config, influxdbConfig: { ...setup.config.influxdbConfig, includeFields: config.influxdbConfig.includeFields } };
      this.publisher = publisherFor(merged, setup, 'poller', (writer, msg) => output.batch(msg, writer), setup.encoding);
    }
  }

  /** Picks up rotated certificate files before a request; a broken replacement keeps the old certificate. */
  async refreshCerts(): Promise<void> {
    try {
      if (await this.certs.refresh()) {
        this.stats.certReloads++;
        this.logger.info({ files: this.certs.paths() }, 'POLLER: certificate files changed, reloaded the client certificate');
      }
    } catch (err) {
      this.stats.certReloadFailures++;
      this.logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'POLLER: certificate files changed but cannot be loaded; keeping the previous certificate');
    }
  }

  /** For getJson: finds the TLS alert behind a connection the server closed without answering. */
  explainFor(url: URL): (err: unknown) => Promise<unknown | undefined> {
    return async (err) => {
      if (!isClosedWithoutResponse(err)) return undefined;
      return probeTls({
        hostname: url.hostname,
        port: Number(url.port) || 443,
        material: this.certs.current(),
        rejectUnauthorized: this.config.serversToMonitor.rejectUnauthorized !== false,
        timeoutMs: Math.min(this.options.requestTimeoutMs, 2000),
      });
    };
  }

  /**
   * Publishes one poll's data to every destination that takes it: one batch per destination, posted now
   * (a poll is complete in itself), tagged with the server for error reports.
   */
  publish<K extends 'HEALTH_METRICS' | 'PROXY_SESSIONS'>(kind: K, serverName: string, datum: PublishedData[K]): void {
    const publisher = this.publisher;
    if (!publisher) return;
    publisher.publish(kind, datum);
    const flushed = publisher.flush(serverName);
    this.stats.batches += flushed.batches;
    this.stats.records += flushed.records;
  }

  /** Counts, logs and reports one failed call to the error tracker. */
  fail(source: PollSource, ctx: FailureContext, err: unknown): void {
    if (this.stopping) {
      this.logger.debug({ source, serverName: ctx.serverName }, 'POLLER: request aborted by shutdown');
      return;
    }
    const details = err instanceof PollError ? err.details : { message: err instanceof Error ? err.message : String(err) };
    const category = categorisePollError(details);
    const s = this.stats[source];
    s.failed++;
    s.failures[category] = (s.failures[category] ?? 0) + 1;
    this.logger.warn(
      { errorType: ctx.type, serverName: ctx.serverName, host: ctx.host, virtualProxy: ctx.virtualProxy, category, ...details },
      `POLLER: ${ctx.type} ${ctx.serverName}${ctx.virtualProxy ? ` ${ctx.virtualProxy}` : ''} failed (${category}): ${details.message ?? ''}`,
    );
    const report: ErrorReport = { t: 'error', type: ctx.type, serverName: ctx.serverName, host: ctx.host, err: details, at: this.now() };
    if (ctx.virtualProxy !== undefined) report.virtualProxy = ctx.virtualProxy;
    this.output.error(report);
  }
}
