// Start-up check like Butler SOS (spec/destinations.md §2.1): InfluxDB 3 creates a database on its first write,
// so nothing is created here. Butler ran `SELECT 1` over Arrow Flight (gRPC) to prove the server answers; we ask
// `@influxdata/influxdb3-client` for the server version instead (`GET /ping` with the token: same proof over the
// HTTP port the writes use, no second protocol), then list databases (`GET /api/v3/configure/database`) only
// to tell the administrator whether the database exists yet.

import { HttpError, InfluxDBClient } from '@influxdata/influxdb3-client';
import type { AppLogger } from '../../log/logger.js';
import { kindOfHttpStatus, SinkWriteError } from '../sink-error.js';
import type { ResolvedTls } from '../influxdb-v1/options.js';
import type { HttpLineWriter } from '../http-line-writer.js';

export interface V3ProvisionerOptions {
  origin: string;
  tls?: ResolvedTls;
  timeoutMs: number;
  database: string;
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
      timeout: options.timeoutMs,
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
    if (exists === false) logger.info({ database, version, token: tokenHint }, 'InfluxDB 3 reachable; the database does not exist yet and will be created by the first write.');
    else logger.info({ database, version, token: tokenHint }, 'InfluxDB 3 reachable.');
  }

  async close(): Promise<void> {
    await this.client.close();
  }

  /** True/false when the server lists its databases; undefined when this token may not list them. */
  private async databaseExists(): Promise<boolean | undefined> {
    const path = '/api/v3/configure/database?format=json';
    const answer = await this.options.http.getJson(path, `${this.options.origin}/api/v3/configure/database`);
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
