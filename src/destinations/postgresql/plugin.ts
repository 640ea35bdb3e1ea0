// The PostgreSQL destination (docs/postgresql.md): every kind of data in its own table, one transaction with a
// COPY per batch. Registered with one line in src/destinations/registry.ts.
import type { Config } from '../../config/schema/index.js';
import type { DataKind } from '../../publish/published-data.js';
import type { Encoders } from '../../publish/encoding.js';
import type { DestinationPlugin } from '../plugin.js';
import { encodeLogEvent, encodeUserEvent } from './encode-events.js';
import { encodeErrorEvent, encodeEventCount, encodeHealth, encodeQueueMetrics, encodeRejectedCount, memoryEncoder, sessionEncoder } from './encode-metrics.js';
import { targetOf } from './options.js';
import type { PostgresqlConfig } from './section.js';

const sectionOf = (config: Config): PostgresqlConfig => config.postgresql;

/** The kinds this config sends: all unless `postgresql.dataKinds` lists some. */
export function takesKind(section: PostgresqlConfig, kind: DataKind): boolean {
  return section.dataKinds === undefined || section.dataKinds.includes(kind.toLowerCase() as (typeof section.dataKinds)[number]);
}

/** A PostgreSQL identifier we can use unquoted in docs and queries; quoting still guards the SQL. */
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export const postgresqlDestination: DestinationPlugin = {
  id: 'postgresql',
  name: 'PostgreSQL',
  sections: ['postgresql'],
  errorTypes: ['POSTGRESQL_WRITE'],
  enabled: (config) => config.postgresql?.enable === true,
  takes: (config, kind) => takesKind(sectionOf(config), kind),
  encoding(config, ctx) {
    const section = sectionOf(config);
    const all: Required<Encoders> = {
      LOG_EVENTS: encodeLogEvent,
      USER_EVENTS: encodeUserEvent,
      HEALTH_METRICS: encodeHealth,
      PROXY_SESSIONS: sessionEncoder(config.userSessions.excludeUser ?? []),
      EVENT_COUNTS: encodeEventCount,
      REJECTED_EVENT_COUNTS: encodeRejectedCount,
      QUEUE_METRICS: encodeQueueMetrics,
      BUTLER_MEMORY: memoryEncoder(config.uptimeMonitor.storeInInfluxdb.instanceTag, ctx.appVersion),
      ERROR_EVENTS: encodeErrorEvent,
    };
    const encoders: Encoders = {};
    for (const kind of Object.keys(all) as DataKind[]) {
      if (takesKind(section, kind)) (encoders as Record<string, unknown>)[kind] = all[kind];
    }
    return { key: 'postgresql', encoders };
  },
  async create(config, deps) {
    const { PostgresqlSink } = await import('./postgresql-sink.js');
    return { sink: new PostgresqlSink(sectionOf(config), { logger: deps.logger, clock: deps.clock }) };
  },
  check(config) {
    const section = sectionOf(config);
    const problems: string[] = [];
    const warnings: string[] = [];
    if (!SCHEMA_NAME.test(section.schema)) {
      problems.push(`Butler-SOS.postgresql.schema: "${section.schema}" is not a plain PostgreSQL name (lower-case letters, digits and _, not starting with a digit, at most 63 characters)`);
    }
    if ((section.tls.certFile === '') !== (section.tls.keyFile === '')) {
      problems.push('Butler-SOS.postgresql.tls: certFile and keyFile go together (a client certificate needs its key)');
    }
    if (!section.tls.enable && (section.tls.caFile !== '' || section.tls.certFile !== '')) {
      warnings.push('Butler-SOS.postgresql.tls: caFile/certFile are set but tls.enable is false; the connection is not encrypted');
    }
    if (section.dataKinds !== undefined && section.dataKinds.length === 0) {
      warnings.push('Butler-SOS.postgresql.dataKinds: empty list; PostgreSQL receives nothing (remove the key to send every kind)');
    }
    return { problems, warnings };
  },
  describe(config) {
    const section = sectionOf(config);
    const kinds = section.dataKinds === undefined ? 'all data' : section.dataKinds.join(', ') || 'nothing';
    const retention = section.retentionDays > 0 ? `rows kept ${section.retentionDays} days` : 'rows kept forever';
    return `PostgreSQL ${targetOf(section)} schema ${section.schema}${section.tls.enable ? ' (TLS)' : ''}: ${kinds}; ${retention}`;
  },
};
