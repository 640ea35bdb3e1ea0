// Start-up provisioning like Butler SOS (docs/destinations.md#influxdb-1x-start-up): when `dbName` does not exist,
// create it and its retention policy as the default (replication 1). Existing databases are never altered, but their
// field types are read (SHOW FIELD KEYS) so that we write the types they hold (field-types.ts).
// Uses node-influx, as Butler did: these are a few admin queries, not the hot path.

import { InfluxDB } from 'influx';
import type { AppLogger } from '../../../log/logger.js';
import { detailsOf, errorFromException, kindOfHttpStatus, SinkWriteError } from '../../sink-error.js';
import type { InfluxConnection } from '../connection.js';
import { describeOverrides, fieldTypeOverrides, type FieldKeySeries, type FieldTypeOverrides } from './field-types.js';
import type { InfluxdbConfigSubset } from './options.js';
import type { WrittenFieldTypes } from './written-types.js';

export interface ProvisionerDeps {
  logger: AppLogger;
  timeoutMs: number;
  /** Our field types per measurement; without them existing types are not checked. */
  written?: WrittenFieldTypes;
  /** Receives the fields to convert once the existing database was read (an empty map: none). */
  onFieldTypes?: (overrides: FieldTypeOverrides) => void;
}

/** node-influx would otherwise park the host for up to 10 s after a network error (and hold the event loop). */
const NO_HOST_BACKOFF = { getDelay: () => 0, next: () => NO_HOST_BACKOFF, reset: () => NO_HOST_BACKOFF };

export class InfluxV1Provisioner {
  private readonly influx: InfluxDB;
  /** Where provisioning talks to (logs, error reports, the ProvisionLoop's target). */
  readonly queryUrl: string;

  constructor(
    private readonly config: InfluxdbConfigSubset,
    connection: InfluxConnection,
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

  /**
   * One attempt, for a ProvisionLoop (../provision-loop.ts), which retries it in the background: resolves when
   * done or skipped for good, throws a SinkWriteError otherwise.
   */
  async provision(): Promise<void> {
    // Butler skips provisioning when no database is named; writes then fail with a clear config error.
    if (!this.config.v1Config.dbName) return;
    // A user without admin rights cannot list or create databases but may still write: let the write path
    // find out (and report) whether the configuration works.
    const created = await this.step(() => this.createIfMissing(), 'InfluxDB provisioning not allowed; skipping it, writes will tell.');
    if (created !== true) await this.step(() => this.readFieldTypes(), 'InfluxDB field types not readable; writing ours (a field stored with another type refuses those points).');
  }

  /** Runs one admin step; a refusal for want of rights is logged and skipped, anything else thrown for a retry. */
  private async step<T>(run: () => Promise<T>, refusedMessage: string): Promise<T | undefined> {
    try {
      return await run();
    } catch (err) {
      const status = httpStatusOf(err);
      if (status !== undefined && kindOfHttpStatus(status) === 'config') {
        this.deps.logger.warn({ target: this.queryUrl, httpStatus: status, err: detailsOf(err) }, refusedMessage);
        return undefined;
      }
      throw status !== undefined
        ? new SinkWriteError({ kind: kindOfHttpStatus(status), details: { ...detailsOf(err, { requestUrl: this.queryUrl }), httpStatus: status }, cause: err })
        : errorFromException(err, { requestUrl: this.queryUrl, requestTimeoutMs: this.deps.timeoutMs });
    }
  }

  private async readFieldTypes(): Promise<void> {
    const { written, onFieldTypes } = this.deps;
    if (!written || !onFieldTypes) return;
    const raw = (await this.influx.queryRaw('SHOW FIELD KEYS', { database: this.config.v1Config.dbName })) as {
      results?: Array<{ series?: FieldKeySeries[]; error?: string }>;
    };
    const series = raw.results?.[0]?.series ?? [];
    const overrides = fieldTypeOverrides(series, written);
    if (overrides.size > 0) {
      this.deps.logger.info({ database: this.config.v1Config.dbName, fields: describeOverrides(overrides, written) }, 'InfluxDB database holds other field types than ours; writing its types.');
    }
    onFieldTypes(overrides);
  }

  /** True when the database was created (it then holds no fields yet). */
  private async createIfMissing(): Promise<boolean> {
    const { dbName, retentionPolicy } = this.config.v1Config;
    const names = await this.influx.getDatabaseNames();
    if (names.includes(dbName)) {
      this.deps.logger.info({ database: dbName }, 'InfluxDB database exists; leaving it unchanged.');
      return false;
    }
    await this.influx.createDatabase(dbName);
    await this.influx.createRetentionPolicy(retentionPolicy.name, {
      database: dbName,
      duration: retentionPolicy.duration,
      replication: 1,
      isDefault: true,
    });
    this.deps.logger.info({ database: dbName, retentionPolicy: retentionPolicy.name, duration: retentionPolicy.duration }, 'Created InfluxDB database and default retention policy.');
    return true;
  }
}

function httpStatusOf(err: unknown): number | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const res = (err as { res?: { statusCode?: unknown } }).res;
  return typeof res?.statusCode === 'number' ? res.statusCode : undefined;
}
