// `postgresql` config → pg pool settings. TLS files are read here, so a wrong path fails at start-up naming
// its key instead of inside every reconnect.
import { readTlsFiles } from '../tls-files.js';
import type { ConnectionOptions } from 'node:tls';
import type { PoolConfig } from 'pg';
import type { PostgresqlConfig } from './section.js';

/** Tuning that is not configuration (tests shorten it). */
export interface PostgresqlTiming {
  /** Connections in the pool: one write per data kind may run at a time, plus migration and retention. */
  maxConnections: number;
  /** Between two retention runs (the first runs right after the migration). */
  retentionIntervalMs: number;
  /** Rows one retention DELETE removes at most; a run repeats it until the table is clean or maxRounds. */
  retentionChunkRows: number;
  retentionMaxRounds: number;
  /** Back-off of the background migration while the server is unreachable. */
  provisionRetry: { initialMs: number; maxMs: number };
}

export const DEFAULT_POSTGRESQL_TIMING: PostgresqlTiming = {
  maxConnections: 4,
  retentionIntervalMs: 60 * 60 * 1000,
  retentionChunkRows: 50_000,
  retentionMaxRounds: 200,
  provisionRetry: { initialMs: 1000, maxMs: 60_000 },
};

/** Where the data goes, for logs and error reports: never the password. */
export function targetOf(config: PostgresqlConfig): string {
  return `postgresql://${config.user}@${config.host}:${config.port}/${config.database}`;
}

export function tlsOptions(config: PostgresqlConfig): false | ConnectionOptions {
  const tls = config.tls;
  if (!tls.enable) return false;
  return { rejectUnauthorized: tls.rejectUnauthorized, ...readTlsFiles(tls, 'postgresql.tls') };
}

export function poolConfig(config: PostgresqlConfig, timing: PostgresqlTiming): PoolConfig {
  return {
    host: config.host,
    port: config.port,
    database: config.database,
    user: config.user,
    // pg reads PGPASSWORD / ~/.pgpass when no password is given; '' would be sent as an empty password.
    password: config.password === '' ? undefined : config.password,
    ssl: tlsOptions(config),
    max: timing.maxConnections,
    connectionTimeoutMillis: config.writeTimeoutMs,
    idleTimeoutMillis: 30_000,
    application_name: 'butler-sos',
    keepAlive: true,
  };
}
