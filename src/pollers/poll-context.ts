import type { HealthPollMessage, SessionPollMessage } from '../metrics/index.js';
import type { AppLogger } from '../log/logger.js';
import { encodeRecordLines } from '../messages/record-lines.js';
import { encodeLines } from '../points/line-protocol.js';
import type { InfluxVersion, Point } from '../points/point.js';
import type { AppListMessage, BatchMessage, DataModule, ErrorReport, ErrorType } from '../threads/messages.js';
import type { AgentPool } from './agent-pool.js';
import type { AppNameMap } from './app-list.js';
import type { CertStore } from './cert-store.js';
import type { PollerConfig, PollerOptions } from './config.js';
import { categorisePollError, PollError } from './poll-error.js';
import type { RecordBatch } from './poll-records.js';
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
  lines: number;
  /** MQTT messages and New Relic items posted (record destinations). */
  records: number;
}

function sourceStats(): SourceStats {
  return { attempts: 0, succeeded: 0, failed: 0, skippedOverlap: 0, failures: {}, lastDurationMs: 0 };
}

export function emptyStats(): PollerStats {
  return { health: sourceStats(), sessions: sourceStats(), appNames: sourceStats(), certReloads: 0, certReloadFailures: 0, batches: 0, lines: 0, records: 0 };
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

  constructor(
    readonly config: PollerConfig,
    readonly options: PollerOptions,
    readonly certs: CertStore,
    readonly agents: AgentPool,
    readonly logger: AppLogger,
    readonly output: PollerOutput,
    readonly appNames: () => AppNameMap,
    readonly now: () => number = Date.now,
  ) {}

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

  /** Encodes points once per destination dialect and hands one batch per destination to the output. */
  emit(module: DataModule, serverName: string, build: (version: InfluxVersion) => Point[]): void {
    const encoded = new Map<InfluxVersion, { body: Uint8Array; count: number }>();
    for (const route of this.options.routes) {
      let e = encoded.get(route.version);
      if (!e) {
        const text = encodeLines(build(route.version));
        e = { body: Buffer.from(text, 'utf8'), count: text === '' ? 0 : text.split('\n').length };
        encoded.set(route.version, e);
      }
      if (e.count === 0) continue;
      // Each destination gets its own copy: a body may be transferred to a writer, detaching it.
      const body = new Uint8Array(e.body);
      this.output.batch({ t: 'batch', origin: 'poller', dest: route.dest, module, count: e.count, body, serverName }, route.writer);
      this.stats.batches++;
      this.stats.lines += e.count;
    }
  }

  /** Posts one NDJSON batch per record destination (MQTT messages, New Relic items) of one poll. */
  emitRecords(module: DataModule, serverName: string, batches: readonly RecordBatch[]): void {
    for (const b of batches) {
      if (b.records.length === 0) continue;
      const body = encodeRecordLines(b.records);
      this.output.batch({ t: 'batch', origin: 'poller', dest: b.dest, module, count: b.records.length, body, serverName }, b.writer);
      this.stats.batches++;
      this.stats.records += b.records.length;
    }
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
