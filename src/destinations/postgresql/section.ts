import Type, { type Static } from 'typebox';
import { Flag, Int, Port, RequiredText, Text, Words } from '../../config/schema/common.js';
import { enabledBy } from '../../config/schema/keywords.js';

// `postgresql` (new in this edition; docs/postgresql.md): log events, user events, health, sessions, counters
// and error counts in SQL tables of one schema, created and migrated at start.

/** `dataKinds` words: the table a kind goes to, spelled as the kind (LOG_EVENTS → log_events). */
export const POSTGRESQL_DATA_KIND_WORDS = [
  'log_events',
  'user_events',
  'health_metrics',
  'proxy_sessions',
  'event_counts',
  'rejected_event_counts',
  'queue_metrics',
  'butler_memory',
  'error_events',
] as const;

export const PostgresqlSection = Type.Object(
  {
    enable: Flag(false),
    host: RequiredText('host'),
    port: Port(5432),
    database: Type.String({ default: 'butler_sos', minLength: 1 }),
    /** Tables live in this schema (created when missing), so they never mix with other applications' tables. */
    schema: Type.String({ default: 'butler_sos', minLength: 1 }),
    user: Type.String({ default: 'butler_sos', minLength: 1 }),
    password: Text(''),
    tls: Type.Object({
      enable: Flag(false),
      /** PEM file with the CA(s) that signed the server certificate; '' uses Node's default CAs. */
      caFile: Text(''),
      /** PEM client certificate and key, for servers that authenticate clients by certificate (`cert` in pg_hba.conf). */
      certFile: Text(''),
      keyFile: Text(''),
      rejectUnauthorized: Flag(true),
    }),
    /** Rows older than this many days are deleted hourly; 0 keeps everything. */
    retentionDays: Int(30, { minimum: 0, maximum: 36500 }),
    /** A write (connect, COPY, commit) that takes longer fails and is retried. */
    writeTimeoutMs: Int(10000, { minimum: 100 }),
    /** Absent: every kind of data. A list: only these kinds. */
    dataKinds: Type.Optional(Type.Array(Words([...POSTGRESQL_DATA_KIND_WORDS]))),
  },
  enabledBy('enable'),
);

export type PostgresqlConfig = Static<typeof PostgresqlSection>;
