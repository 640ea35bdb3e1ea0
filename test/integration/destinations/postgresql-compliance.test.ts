import type pg from 'pg';
import { silentLogger } from '../../../src/log/logger.js';
import { PostgresqlSink } from '../../../src/destinations/postgresql/postgresql-sink.js';
import { isoMicros } from '../../../src/destinations/postgresql/record.js';
import { runDestinationCompliance } from '../../support/destination-compliance.js';
import { startPostgres } from '../../support/postgres.js';
import { FAST_PG_TIMING, pgConfig } from './postgresql-config.js';

// The real PostgreSQL server. Compliance lines become log_events rows (k → host, s → log_row, the line →
// message), read back in id (= commit) order. The bad line is a row whose log_row does not fit a bigint: the
// server refuses it (SQLSTATE 22P02) and the sink writes the rest. An outage is the server shut down (fast
// shutdown: connections terminated, then refused) and started again on the same port and data. Transient
// failures: another connection holds an exclusive lock on log_events; "timeout" lets the sink's writes run into
// writeTimeoutMs, "5xx" (the SQL analogue: a server-side error worth retrying) cancels each waiting write
// (SQLSTATE 57014). The lock is taken on a connection opened in setup, so it is in place before the first write.
const TABLE = 'butler_sos.log_events';

function encodeBody(lines: string[]): Uint8Array {
  const records = lines.map((line) => {
    const m = /k=([^ ,]+) s=(\d+)i.* (\d+)$/.exec(line);
    if (!m) return { t: 'log_events', time: isoMicros(Date.now() * 1000), source: 'compliance', host: 'bad', log_row: 1e30, message: line };
    return { t: 'log_events', time: isoMicros(Number(m[3]) / 1000), source: 'compliance', host: m[1], log_row: Number(m[2]), message: line };
  });
  return Buffer.from(records.map((r) => JSON.stringify(r) + '\n').join(''));
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

runDestinationCompliance({
  name: 'PostgreSQL sink against a real PostgreSQL server (outage = server shut down)',
  async setup() {
    const server = await startPostgres();
    if (!server) return null;
    const makeSink = (): PostgresqlSink => new PostgresqlSink(pgConfig(server, { writeTimeoutMs: 400 }), { logger: silentLogger(), timing: FAST_PG_TIMING });
    const sink = makeSink();
    const locker: pg.Client = await server.connect();
    let injections = 0;
    let injector: Promise<void> | undefined;

    const inject = async (kind: '5xx' | 'timeout'): Promise<void> => {
      await sleep(0);
      const end = Date.now() + 10_000;
      const waited = new Set<number>();
      let cancels = 0;
      // Timeouts: each failed attempt leaves its backend waiting (its socket is closed, it notices only
      // when it gets the lock); the attempt after the injected ones must find the lock free.
      while (Date.now() < end && (kind === '5xx' ? cancels < injections : waited.size < injections + 1)) {
        const rows = await locker.query<{ pid: number }>("SELECT pid FROM pg_stat_activity WHERE usename = 'butler' AND wait_event_type = 'Lock'");
        for (const { pid } of rows.rows) {
          if (kind === '5xx') {
            if (cancels < injections && (await locker.query('SELECT pg_cancel_backend($1)', [pid])).rowCount) cancels++;
          } else waited.add(pid);
        }
        await sleep(20);
      }
      await locker.query('ROLLBACK');
    };

    return {
      sink,
      reopen: makeSink,
      arrivalOrder: true,
      rejectsBadLines: true,
      encodeBody,
      async stored() {
        const exists = await server.query<{ t: string | null }>("SELECT to_regclass($1)::text AS t", [TABLE]);
        if (!exists[0]?.t) return [];
        const rows = await server.query<{ message: string }>(`SELECT message FROM ${TABLE} WHERE source = 'compliance' ORDER BY id`);
        return rows.map((r) => r.message);
      },
      injectTransient(kind) {
        injections++;
        if (injector) return;
        // Sent now, on an idle connection: the lock request is on the wire before the sink's first COPY.
        const locked = locker.query(`BEGIN; LOCK TABLE ${TABLE} IN ACCESS EXCLUSIVE MODE`);
        injector = locked.then(() => inject(kind));
        injector.catch((err: unknown) => console.error('postgresql compliance: lock injection failed', err));
      },
      outage: { begin: () => server.halt(), end: () => server.start() },
      async teardown() {
        await injector?.catch(() => undefined);
        await locker.end().catch(() => undefined);
        await sink.stop();
        await server.stop();
      },
    };
  },
});
