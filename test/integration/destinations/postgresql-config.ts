// The `postgresql` section the PostgreSQL integration tests point at a test server (test/support/postgres.ts).
import type { PostgresqlConfig } from '../../../src/destinations/postgresql/section.js';
import { PG_DATABASE, PG_PASSWORD, PG_USER, type PostgresHandle } from '../../support/postgres.js';

export function pgConfig(server: PostgresHandle, over: Partial<PostgresqlConfig> = {}): PostgresqlConfig {
  return {
    enable: true,
    host: server.host,
    port: server.port,
    database: PG_DATABASE,
    schema: 'butler_sos',
    user: PG_USER,
    password: PG_PASSWORD,
    tls: { enable: false, caFile: '', certFile: '', keyFile: '', rejectUnauthorized: true },
    retentionDays: 30,
    writeTimeoutMs: 2000,
    ...over,
  };
}

/** Fast background retries, so tests see the server come back within a second. */
export const FAST_PG_TIMING = { provisionRetry: { initialMs: 50, maxMs: 300 } };
