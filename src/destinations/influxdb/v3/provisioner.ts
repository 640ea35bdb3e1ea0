// Start-up check and database creation. Butler ran `SELECT 1` over Arrow Flight (gRPC) to prove the server
// answers; we ask `@influxdata/influxdb3-client` for the server version instead (`GET /ping` with the token: same
// proof over the HTTP port the writes use, no second protocol), then list databases (`GET
// /api/v3/configure/database`). A missing database is created with `POST /api/v3/configure/database {"db",
// "retention_period"}` so v3Config.retentionDuration applies (Butler SOS left creation to the first write, and a
// "10d" retention became unlimited). All three calls are the "queries" of v3Config.queryTimeout. An existing
// database keeps its retention (InfluxDB 3 Core cannot change it afterwards). A token that may not create
// databases gets a warning naming the key; the first write then creates the database without retention.

import { HttpError, InfluxDBClient } from '@influxdata/influxdb3-client';
import type { AppLogger } from '../../../log/logger.js';
import { kindOfHttpStatus, SinkWriteError } from '../../sink-error.js';
import type { ResolvedTls } from '../options.js';
import type { HttpLineWriter } from '../http-line-writer.js';

export interface V3ProvisionerOptions {
  origin: string;
  tls?: ResolvedTls;
  /** v3Config.queryTimeout: every provisioning request. */
  queryTimeoutMs: number;
  database: string;
  /** retention_period for a database created here (v3RetentionPeriod); undefined = keep forever. */
  retentionPeriod: string | undefined;
  token: string;
  logger: AppLogger;
  /** The sink's HTTP pool, reused for the database listing. */
  http: HttpLineWriter;
}

export class InfluxV3Provisioner {
  private readonly client: InfluxDBClient;

  constructor(private readonly options: V3ProvisionerOptions) {
    this.client = new InfluxDBClient({
      host: options.origin,
      token: options.token,
      database: options.database,
      timeout: options.queryTimeoutMs,
      ...(options.tls ? { transportOptions: { ca: options.tls.ca, rejectUnauthorized: options.tls.rejectUnauthorized } } : {}),
    });
  }

  /** One attempt; throws SinkWriteError when it must be tried again. */
  async provision(): Promise<void> {
    const { database, logger } = this.options;
    let version: string | undefined;
    try {
      version = await this.client.getServerVersion();
    } catch (err) {
      if (err instanceof HttpError && (err.statusCode === 401 || err.statusCode === 403)) {
        logger.warn({ database, httpStatus: err.statusCode }, 'InfluxDB 3 refused the token on /ping; writes will tell whether it may write.');
        return;
      }
      throw this.failure(err, '/ping');
    }
    const exists = await this.databaseExists();
    const tokenHint = this.options.token.slice(0, 4) + '…';
    if (exists === true) {
      logger.info({ database, version, token: tokenHint }, 'InfluxDB 3 reachable; the database exists and keeps its retention period.');
      return;
    }
    await this.createDatabase();
    logger.info({ database, version, token: tokenHint }, 'InfluxDB 3 reachable.');
  }

  private async createDatabase(): Promise<void> {
    const { database, retentionPeriod, logger } = this.options;
    const path = '/api/v3/configure/database';
    const body = retentionPeriod === undefined ? { db: database } : { db: database, retention_period: retentionPeriod };
    const answer = await this.options.http.postJson(path, body, `${this.options.origin}${path}`, this.options.queryTimeoutMs);
    const retention = retentionPeriod ?? 'none (data does not expire)';
    if (answer.status >= 200 && answer.status < 300) {
      logger.info({ database, retentionPeriod: retention }, 'Created the InfluxDB 3 database with the retention period of influxdbConfig.v3Config.retentionDuration.');
    } else if (answer.status === 409) {
      logger.info({ database }, 'The InfluxDB 3 database exists (this token may not list databases); it keeps its retention period.');
    } else if (answer.status >= 500) {
      throw this.failure(new HttpError(answer.status, 'database creation failed', answer.text), path);
    } else {
      logger.warn(
        { database, httpStatus: answer.status, answer: answer.text.slice(0, 300) },
        `influxdbConfig.v3Config.retentionDuration (${retention}) is not applied: InfluxDB 3 refused to create database "${database}" (HTTP ${answer.status}); the first write creates it without a retention period.`,
      );
    }
  }

  async close(): Promise<void> {
    await this.client.close();
  }

  /** True/false when the server lists its databases; undefined when this token may not list them. */
  private async databaseExists(): Promise<boolean | undefined> {
    const path = '/api/v3/configure/database?format=json';
    const answer = await this.options.http.getJson(path, `${this.options.origin}/api/v3/configure/database`, this.options.queryTimeoutMs);
    if (answer.status < 200 || answer.status >= 300 || !Array.isArray(answer.json)) return undefined;
    return (answer.json as Array<Record<string, unknown>>).some((row) => row['iox::database'] === this.options.database);
  }

  private failure(err: unknown, path: string): unknown {
    if (!(err instanceof HttpError)) return err;
    return new SinkWriteError({
      kind: kindOfHttpStatus(err.statusCode),
      details: { httpStatus: err.statusCode, message: `InfluxDB provisioning: ${err.message}`, requestUrl: `${this.options.origin}${path}`, name: 'InfluxDBProvisionError' },
      cause: err,
    });
  }
}
