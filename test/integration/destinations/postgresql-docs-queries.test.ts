import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { silentLogger } from '../../../src/log/logger.js';
import { PostgresqlSink } from '../../../src/destinations/postgresql/postgresql-sink.js';
import { encodeLogEvent } from '../../../src/destinations/postgresql/encode-events.js';
import type { SchedulerLogEvent } from '../../../src/events/types.js';
import { startPostgres } from '../../support/postgres.js';
import { repoRoot } from '../../support/paths.js';
import { FAST_PG_TIMING, pgConfig } from './postgresql-config.js';

// Every ```sql example of docs/postgresql.md runs against the tables the migration creates, so the documented
// queries stay valid when a column changes. One of them is checked for its answer.
test('the example queries of docs/postgresql.md run against the migrated tables', async (t) => {
  const server = await startPostgres();
  if (!server) return t.skip('PostgreSQL not installed');
  const sink = new PostgresqlSink(pgConfig(server), { logger: silentLogger(), timing: FAST_PG_TIMING });
  try {
    await sink.start();
    const event: SchedulerLogEvent = {
      source: 'qseow-scheduler', log_row: 1, ts_iso: 't', ts_local: 't', level: 'ERROR', host: 'sense1', subsystem: 'System.Scheduler', windows_user: 'w',
      message: 'Task failed', exception_message: '', user_directory: 'd', user_id: 'u', user_full: 'd\\u', task_name: 'Reload Sales', app_name: 'Sales',
      task_id: 't1', app_id: 'a1', execution_id: 'e1', category: [{ name: 'qs_log_category', value: 'access-denied' }],
    };
    const records: string[] = [];
    for (let i = 0; i < 3; i++) encodeLogEvent({ event, timeUs: Date.now() * 1000 }, (r) => records.push(r));
    await sink.write({ module: 'LOG_EVENTS', body: Buffer.from(records.join('\n') + '\n'), lines: 3, serverName: '' });

    const docs = readFileSync(join(repoRoot(), 'docs', 'postgresql.md'), 'utf8');
    const queries = [...docs.matchAll(/```sql\n([\s\S]*?)```/g)].map((m) => m[1]);
    assert.ok(queries.length >= 8, `${queries.length} queries`);
    for (const sql of queries) await server.query(sql).catch((err: Error) => assert.fail(`${err.message} in:\n${sql}`));

    const perHour = await server.query<{ host: string; level: string; events: string }>(queries[0]);
    assert.deepEqual(perHour.map((r) => [r.host, r.level, Number(r.events)]), [['sense1', 'ERROR', 3]]);
    const failed = await server.query<{ task_name: string; failures: string }>(queries[3]);
    assert.deepEqual(failed.map((r) => [r.task_name, Number(r.failures)]), [['Reload Sales', 3]]);
    assert.equal((await server.query(queries[2])).length, 3, 'the category query finds the categorised events');
  } finally {
    await sink.stop();
    await server.stop();
  }
});
