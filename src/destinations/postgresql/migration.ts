// The schema migration run at start (and again after the server lost our tables): creates the schema, the
// tables and their indexes when missing, and records what it applied in `schema_version`. An advisory lock
// keeps two collectors starting together from racing; every statement is IF NOT EXISTS, so a re-run is a no-op.
import type { PoolClient } from 'pg';
import { qualified, quoteIdent } from './copy-text.js';
import { TABLE_NAMES, TABLES, type TableDef } from './tables.js';

/** Bump when a migration step is added below; steps are applied in order to databases with an older version. */
export const SCHEMA_VERSION = 1;

const MIGRATIONS: ReadonlyArray<{ version: number; description: string; sql: (schema: string) => string[] }> = [
  { version: 1, description: 'tables of every kind of data, with time, host, level and category indexes', sql: (schema) => TABLE_NAMES.flatMap((t) => tableSql(schema, t, TABLES[t])) },
];

/** Any fixed number; pg_advisory_xact_lock keys on it per database. */
const LOCK_KEY = 0x42534f53;

export function tableSql(schema: string, name: string, table: TableDef): string[] {
  const columns = ['id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY', 'time timestamptz NOT NULL', ...table.columns.map(([col, type]) => `${quoteIdent(col)} ${type}`)];
  const target = qualified(schema, name);
  const statements = [`CREATE TABLE IF NOT EXISTS ${target} (\n  ${columns.join(',\n  ')}\n)`];
  statements.push(`CREATE INDEX IF NOT EXISTS ${quoteIdent(`${name}_time_idx`)} ON ${target} (time)`);
  for (const index of table.indexes) {
    if (index.startsWith('gin:')) {
      const col = index.slice(4);
      statements.push(`CREATE INDEX IF NOT EXISTS ${quoteIdent(`${name}_${col}_idx`)} ON ${target} USING gin (${quoteIdent(col)} jsonb_path_ops)`);
    } else {
      const cols = index.split(',').map((c) => c.trim());
      statements.push(`CREATE INDEX IF NOT EXISTS ${quoteIdent(`${name}_${cols.join('_')}_idx`)} ON ${target} (${cols.map(quoteIdent).join(', ')})`);
    }
  }
  return statements;
}

export interface MigrationResult {
  /** Version the database had before (0: new). */
  from: number;
  to: number;
  /** The database was migrated by a newer collector; we write the columns we know. */
  newer: boolean;
}

/** Runs inside one transaction on `client`; throws the server's error as is (the caller classifies it). */
export async function migrate(client: PoolClient, schema: string): Promise<MigrationResult> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [LOCK_KEY]);
    // A user without CREATE on the database can still use a schema an administrator made for it.
    const exists = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]);
    if (exists.rowCount === 0) await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
    const versions = qualified(schema, 'schema_version');
    await client.query(`CREATE TABLE IF NOT EXISTS ${versions} (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now(), description text NOT NULL)`);
    const found = await client.query<{ v: number | null }>(`SELECT max(version) AS v FROM ${versions}`);
    const from = found.rows[0]?.v ?? 0;
    for (const step of MIGRATIONS) {
      if (step.version <= from) continue;
      for (const sql of step.sql(schema)) await client.query(sql);
      await client.query(`INSERT INTO ${versions} (version, description) VALUES ($1, $2)`, [step.version, step.description]);
    }
    // A table dropped by hand (or by a restore) comes back even when the version says it exists.
    if (from >= 1) for (const t of TABLE_NAMES) for (const sql of tableSql(schema, t, TABLES[t])) await client.query(sql);
    await client.query('COMMIT');
    return { from, to: Math.max(from, SCHEMA_VERSION), newer: from > SCHEMA_VERSION };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}
