// Start-up provisioning like Butler SOS (spec/destinations.md §2.1): when `dbName` does not exist, create
// it and its retention policy as the default (replication 1). Existing databases are never altered.
// Uses node-influx, as Butler did: these are a few admin queries, not the hot path.

import { InfluxDB } from 'influx';
import type { AppLogger } from '../../log/logger.js';
import { detailsOf, errorFromException, kindOfHttpStatus, SinkWriteError } from '../sink-error.js';
import type { Clock, TimerHandle } from '../delivery/clock.js';
import type { InfluxV1Connection } from './connection.js';
import type { InfluxdbConfigSubset, ProvisionRetry } from './options.js';

export interface ProvisionerDeps {
  logger: AppLogger;
  clock: Clock;
  retry: ProvisionRetry;
  timeoutMs: number;
}

/** node-influx would otherwise park the host for up to 10 s after a network error (and hold the event loop). */
const NO_HOST_BACKOFF = { getDelay: () => 0, next: () => NO_HOST_BACKOFF, reset: () => NO_HOST_BACKOFF };

export class InfluxV1Provisioner {
  private readonly influx: InfluxDB;
  private readonly queryUrl: string;
  private done = false;
  private inFlight: Promise<void> | undefined;
  private timer: TimerHandle | undefined;
  private failures = 0;
  private stopped = false;

  constructor(
    private readonly config: InfluxdbConfigSubset,
    connection: InfluxV1Connection,
    private readonly deps: ProvisionerDeps,
  ) {
    const auth = config.v1Config.auth;
    this.queryUrl = `${connection.origin}/query`;
    this.influx = new InfluxDB({
      host: connection.host,
      port: connection.port,
      protocol: connection.protocol,
      ...(connection.tls ? { options: { ca: connection.tls.ca, rejectUnauthorized: connection.tls.rejectUnauthorized } } : {}),
      database: config.v1Config.dbName,
      ...(auth.enable ? { username: auth.username, password: auth.password } : {}),
      pool: { maxRetries: 0, requestTimeout: deps.timeoutMs, backoff: NO_HOST_BACKOFF },
    });
  }

  get provisioned(): boolean {
    return this.done;
  }

  /** First attempt now; on failure keeps retrying in the background. Never rejects. */
  async start(): Promise<void> {
    await this.ensure().catch(() => undefined);
  }

  /** One attempt at a time; resolves once provisioned, rejects with the attempt's SinkWriteError. */
  ensure(): Promise<void> {
    if (this.done) return Promise.resolve();
    this.inFlight ??= this.attempt().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== undefined) this.deps.clock.clearTimer(this.timer);
    this.timer = undefined;
  }

  private async attempt(): Promise<void> {
    try {
      await this.provision();
      this.done = true;
      if (this.failures > 0) this.deps.logger.info({ target: this.queryUrl }, 'InfluxDB reachable again; provisioning done.');
      this.failures = 0;
    } catch (err) {
      const status = httpStatusOf(err);
      if (status !== undefined && kindOfHttpStatus(status) === 'config') {
        // A user without admin rights cannot list or create databases but may still write: let the
        // write path find out (and report) whether the configuration works.
        this.done = true;
        this.deps.logger.warn({ target: this.queryUrl, httpStatus: status, err: detailsOf(err) }, 'InfluxDB provisioning not allowed; skipping it, writes will tell.');
        return;
      }
      const failure =
        status !== undefined
          ? new SinkWriteError({ kind: kindOfHttpStatus(status), details: { ...detailsOf(err, { requestUrl: this.queryUrl }), httpStatus: status }, cause: err })
          : errorFromException(err, { requestUrl: this.queryUrl, requestTimeoutMs: this.deps.timeoutMs });
      this.scheduleRetry(failure);
      throw failure;
    }
  }

  private async provision(): Promise<void> {
    const { dbName, retentionPolicy } = this.config.v1Config;
    // Butler skips provisioning when no database is named; writes then fail with a clear config error.
    if (!dbName) return;
    const names = await this.influx.getDatabaseNames();
    if (names.includes(dbName)) {
      this.deps.logger.info({ database: dbName }, 'InfluxDB database exists; leaving it unchanged.');
      return;
    }
    await this.influx.createDatabase(dbName);
    await this.influx.createRetentionPolicy(retentionPolicy.name, {
      database: dbName,
      duration: retentionPolicy.duration,
      replication: 1,
      isDefault: true,
    });
    this.deps.logger.info({ database: dbName, retentionPolicy: retentionPolicy.name, duration: retentionPolicy.duration }, 'Created InfluxDB database and default retention policy.');
  }

  private scheduleRetry(failure: SinkWriteError): void {
    this.failures++;
    if (this.failures === 1) {
      this.deps.logger.warn({ target: this.queryUrl, err: failure.details }, 'InfluxDB not reachable for provisioning; retrying in the background.');
    }
    if (this.stopped || this.timer !== undefined) return;
    const { initialMs, maxMs } = this.deps.retry;
    const delay = Math.min(maxMs, initialMs * 2 ** Math.min(30, this.failures - 1));
    this.timer = this.deps.clock.setTimer(() => {
      this.timer = undefined;
      if (!this.stopped && !this.done) void this.ensure().catch(() => undefined);
    }, delay);
  }
}

function httpStatusOf(err: unknown): number | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const res = (err as { res?: { statusCode?: unknown } }).res;
  return typeof res?.statusCode === 'number' ? res.statusCode : undefined;
}
