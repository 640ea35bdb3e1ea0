import { test } from 'node:test';
import assert from 'node:assert/strict';
import { silentLogger } from '../../../src/log/logger.js';
import { PostgresqlSink } from '../../../src/destinations/postgresql/postgresql-sink.js';
import { encodeLogEvent } from '../../../src/destinations/postgresql/encode-events.js';
import { encodeEventCount } from '../../../src/destinations/postgresql/encode-metrics.js';
import { isoMicros } from '../../../src/destinations/postgresql/record.js';
import { SinkWriteError } from '../../../src/destinations/sink-error.js';
import type { SinkBatch } from '../../../src/destinations/sink.js';
import type { DataModule } from '../../../src/threads/messages.js';
import type { EngineLogEvent } from '../../../src/events/types.js';
import { startPostgres, type PostgresHandle } from '../../support/postgres.js';
import { FAST_PG_TIMING, pgConfig } from './postgresql-config.js';

// The sink against a real PostgreSQL server: what it stores (nasty strings included), the migration, retention,
// refused rows, authentication failure and a server that is down at start.

function batch(module: DataModule, records: string[]): SinkBatch {
  return { module, body: Buffer.from(records.map((r) => r + '\n').join('')), lines: records.length, serverName: 'sense1' };
}

function logRecord(message: string, extra: Partial<EngineLogEvent> = {}, timeUs = Date.now() * 1000): string {
  const event: EngineLogEvent = {
    source: 'qseow-engine', log_row: 1, ts_iso: 't', ts_local: 't', level: 'ERROR', host: 'sense1', subsystem: 'System.Engine', windows_user: 'w',
    message, proxy_session_id: 'p', user_directory: 'LAB', user_id: 'joe', engine_ts: 'e', process_id: '1', engine_exe_version: 'v', server_started: 's',
    entry_type: 'Error', session_id: 's', app_id: 'a', user_full: 'LAB\\joe', category: [{ name: 'qs_log_category', value: 'unknown' }], ...extra,
  };
  let line = '';
  encodeLogEvent({ event, timeUs }, (r) => (line = r));
  return line;
}

async function withServer(t: { skip(msg: string): void }, body: (server: PostgresHandle) => Promise<void>): Promise<void> {
  const server = await startPostgres();
  if (!server) return t.skip('PostgreSQL not installed');
  try {
    await body(server);
  } finally {
    await server.stop();
  }
}

const NASTY = [
  'tab\there',
  'new\nline and\r\ncrlf',
  'back\\slash \\N \\. and \\t literal',
  `quotes "double" 'single' \`back\``,
  'unicode Ærøskøbing 日本語 🎉 \u00a0nbsp',
  'nul\u0000inside',
  'lone \uD800 surrogate',
  '',
];

test('PostgreSQL sink: tables and schema_version are created; nasty strings are stored as written (NUL removed, lone surrogate → U+FFFD)', async (t) => {
  await withServer(t, async (server) => {
    const sink = new PostgresqlSink(pgConfig(server), { logger: silentLogger(), timing: FAST_PG_TIMING });
    try {
      await sink.start();
      assert.deepEqual(sink.health(), { up: true, reason: '' });
      const versions = await server.query<{ version: number }>('SELECT version FROM butler_sos.schema_version');
      assert.deepEqual(versions.map((v) => v.version), [1]);
      const tables = await server.query<{ table_name: string }>("SELECT table_name FROM information_schema.tables WHERE table_schema = 'butler_sos' ORDER BY 1");
      assert.deepEqual(tables.map((r) => r.table_name), ['butler_memory', 'error_events', 'event_counts', 'health_metrics', 'log_events', 'proxy_sessions', 'queue_metrics', 'rejected_event_counts', 'schema_version', 'user_events']);

      await sink.write(batch('LOG_EVENTS', NASTY.map((m, i) => logRecord(m, { log_row: i, category: [{ name: 'k\tey', value: m }] }))));
      const rows = await server.query<{ message: string; categories: Record<string, string> }>('SELECT message, categories FROM butler_sos.log_events ORDER BY id');
      const expected = NASTY.map((m) => m.replace(/\u0000/g, '').replace('\uD800', '\uFFFD'));
      assert.deepEqual(rows.map((r) => r.message), expected);
      assert.deepEqual(rows.map((r) => r.categories['k\tey']), expected);
      // The jsonb containment index query of docs/postgresql.md.
      const hits = await server.query<{ n: string }>(`SELECT count(*) AS n FROM butler_sos.log_events WHERE categories @> '{"k\\tey": "tab\\there"}'`);
      assert.equal(Number(hits[0].n), 1);

      // A second sink (restart) finds everything in place.
      const again = new PostgresqlSink(pgConfig(server), { logger: silentLogger(), timing: FAST_PG_TIMING });
      await again.start();
      assert.equal(again.health().up, true);
      await again.stop();
      assert.equal((await server.query('SELECT version FROM butler_sos.schema_version')).length, 1);
    } finally {
      await sink.stop();
    }
  });
});

test('PostgreSQL sink: a refused row is named and taken out, the rest of the batch is stored in order', async (t) => {
  await withServer(t, async (server) => {
    const sink = new PostgresqlSink(pgConfig(server), { logger: silentLogger(), timing: FAST_PG_TIMING });
    try {
      await sink.start();
      const good = (n: number): string => logRecord(`m${n}`, { log_row: n });
      const bad = JSON.stringify({ t: 'log_events', time: 'yesterday-ish', message: 'bad time' });
      const err = await sink.write(batch('LOG_EVENTS', [good(1), bad, good(2), 'not json', good(3)])).then(() => undefined, (e: unknown) => e);
      assert.ok(err instanceof SinkWriteError);
      assert.equal(err.kind, 'rejected');
      assert.equal(err.rejectedLines, 2);
      assert.match(err.offending.join('\n'), /not a PostgreSQL row record: not json/);
      assert.match(err.offending.join('\n'), /log_events record 2 of the batch: .*invalid input syntax for type timestamp with time zone.*SQLSTATE 22007/);
      const rows = await server.query<{ message: string }>('SELECT message FROM butler_sos.log_events ORDER BY id');
      assert.deepEqual(rows.map((r) => r.message), ['m1', 'm2', 'm3']);
      assert.equal(sink.health().up, true);
    } finally {
      await sink.stop();
    }
  });
});

test('PostgreSQL sink: retention deletes rows older than retentionDays from every table and keeps the rest', async (t) => {
  await withServer(t, async (server) => {
    const sink = new PostgresqlSink(pgConfig(server, { retentionDays: 30 }), { logger: silentLogger(), timing: { ...FAST_PG_TIMING, retentionChunkRows: 2 } });
    try {
      await sink.start();
      const dayUs = 86_400_000_000;
      const now = Date.now() * 1000;
      await sink.write(batch('LOG_EVENTS', [logRecord('old1', {}, now - 40 * dayUs), logRecord('old2', {}, now - 31 * dayUs), logRecord('old3', {}, now - 35 * dayUs), logRecord('new', {}, now - 29 * dayUs)]));
      const counts: string[] = [];
      for (const [i, age] of [40, 1].entries()) encodeEventCount({ row: { eventType: 'log', source: 's', host: `h${i}`, subsystem: 'x', counter: 1 }, timeUs: now - age * dayUs }, (r) => counts.push(r));
      await sink.write(batch('EVENT_COUNTS', counts));
      const deleted = await sink.runRetention();
      assert.deepEqual(deleted, { log_events: 3, event_counts: 1 });
      assert.deepEqual((await server.query<{ message: string }>('SELECT message FROM butler_sos.log_events')).map((r) => r.message), ['new']);
      assert.deepEqual((await server.query<{ host: string }>('SELECT host FROM butler_sos.event_counts')).map((r) => r.host), ['h1']);
      assert.deepEqual(await sink.runRetention(), {});
    } finally {
      await sink.stop();
    }
  });
});

test('PostgreSQL sink: a wrong password is a config failure (retried slowly), named with its SQLSTATE; start does not fail', async (t) => {
  await withServer(t, async (server) => {
    const sink = new PostgresqlSink(pgConfig(server, { password: 'wrong' }), { logger: silentLogger(), timing: FAST_PG_TIMING });
    try {
      await sink.start();
      assert.equal(sink.health().up, false);
      assert.match(sink.health().reason, /password authentication failed for user "butler" \(SQLSTATE 28P01\)/);
      const err = await sink.write(batch('LOG_EVENTS', [logRecord('x')])).then(() => undefined, (e: unknown) => e);
      assert.ok(err instanceof SinkWriteError);
      assert.equal(err.kind, 'config');
      assert.equal(err.details.code, '28P01');
      assert.ok(!JSON.stringify(err.details).includes('wrong'), 'the password is never in an error');
    } finally {
      await sink.stop();
    }
  });
});

test('PostgreSQL sink: a server that is down at start: start resolves, health is down, the migration runs once it is up', async (t) => {
  await withServer(t, async (server) => {
    await server.halt();
    const sink = new PostgresqlSink(pgConfig(server, { writeTimeoutMs: 500 }), { logger: silentLogger(), timing: FAST_PG_TIMING });
    try {
      const t0 = Date.now();
      await sink.start();
      assert.ok(Date.now() - t0 < 5000);
      assert.equal(sink.health().up, false);
      assert.match(sink.health().reason, /ECONNREFUSED/);
      const err = await sink.write(batch('LOG_EVENTS', [logRecord('early')])).then(() => undefined, (e: unknown) => e);
      assert.ok(err instanceof SinkWriteError);
      assert.equal(err.kind, 'retryable');
      await server.start();
      const end = Date.now() + 10_000;
      while (!sink.health().up && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
      assert.equal(sink.health().up, true, 'background migration succeeded');
      await sink.write(batch('LOG_EVENTS', [logRecord('late')]));
      assert.deepEqual((await server.query<{ message: string }>('SELECT message FROM butler_sos.log_events')).map((r) => r.message), ['late']);
      // A table dropped by hand comes back on the next write.
      await server.query('DROP TABLE butler_sos.log_events');
      const dropped = await sink.write(batch('LOG_EVENTS', [logRecord('lost')])).then(() => undefined, (e: unknown) => e);
      assert.ok(dropped instanceof SinkWriteError && dropped.kind === 'retryable' && dropped.details.code === '42P01');
      await sink.write(batch('LOG_EVENTS', [logRecord('again')]));
      assert.deepEqual((await server.query<{ message: string }>('SELECT message FROM butler_sos.log_events')).map((r) => r.message), ['again']);
    } finally {
      await sink.stop();
    }
  });
});

test('PostgreSQL sink: the time column keeps microseconds', async (t) => {
  await withServer(t, async (server) => {
    const sink = new PostgresqlSink(pgConfig(server), { logger: silentLogger(), timing: FAST_PG_TIMING });
    try {
      await sink.start();
      const us = 1_767_225_600_123_456;
      await sink.write(batch('LOG_EVENTS', [logRecord('t', {}, us)]));
      const rows = await server.query<{ us: string }>("SELECT (extract(epoch FROM time) * 1000000)::bigint::text AS us FROM butler_sos.log_events");
      assert.equal(rows[0].us, String(us));
      assert.equal(isoMicros(us), '2026-01-01T00:00:00.123456Z');
    } finally {
      await sink.stop();
    }
  });
});

test('PostgreSQL sink: TLS with the server certificate trusted via tls.caFile; an untrusted certificate is refused', async (t) => {
  const server = await startPostgres({ tls: true });
  if (!server) return t.skip('PostgreSQL not installed');
  const tls = { enable: true, caFile: server.certPath!, certFile: '', keyFile: '', rejectUnauthorized: true };
  const sink = new PostgresqlSink(pgConfig(server, { tls }), { logger: silentLogger(), timing: FAST_PG_TIMING });
  const untrusted = new PostgresqlSink(pgConfig(server, { tls: { ...tls, caFile: '' } }), { logger: silentLogger(), timing: FAST_PG_TIMING });
  try {
    await sink.start();
    assert.deepEqual(sink.health(), { up: true, reason: '' });
    await sink.write(batch('LOG_EVENTS', [logRecord('over tls')]));
    const ssl = await server.query<{ ssl: boolean }>("SELECT s.ssl FROM pg_stat_ssl s JOIN pg_stat_activity a USING (pid) WHERE a.application_name = 'butler-sos'");
    assert.ok(ssl.length > 0 && ssl.every((r) => r.ssl), 'the sink connected with TLS');
    await untrusted.start();
    assert.equal(untrusted.health().up, false);
    assert.match(untrusted.health().reason, /self[- ]signed certificate/);
  } finally {
    await untrusted.stop();
    await sink.stop();
    await server.stop();
  }
});
