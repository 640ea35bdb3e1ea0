import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classify, copyLineOf, kindOfSqlState } from '../../../../src/destinations/postgresql/classify.js';
import { categoriseError } from '../../../../src/errors/categorise.js';

const TARGET = 'postgresql://butler@db:5432/butler_sos';
const pgError = (code: string, message: string, where?: string) => Object.assign(new Error(message), { code, where, severity: 'ERROR' });

test('SQLSTATE classes: connection, resources, shutdown, rollback → retryable; data → data; auth, database, privilege → config', () => {
  for (const code of ['08006', '08001', '53300', '53100', '57P01', '57P03', '57014', '40001', '40P01', 'XX000', '58030']) assert.equal(kindOfSqlState(code), 'retryable', code);
  for (const code of ['22P02', '22003', '22021', '23502', '23505']) assert.equal(kindOfSqlState(code), 'data', code);
  for (const code of ['28P01', '28000', '3D000', '42501', '42703']) assert.equal(kindOfSqlState(code), 'config', code);
  assert.equal(kindOfSqlState('42P01'), 'retryable', 'a dropped table: the sink migrates again');
});

test('a data error is rejected for good; auth failure is config; the message names PostgreSQL, the server and the SQLSTATE', () => {
  const data = classify(pgError('22P02', 'invalid input syntax for type bigint: "x"'), TARGET);
  assert.equal(data.kind, 'rejected');
  const auth = classify(pgError('28P01', 'password authentication failed for user "butler"'), TARGET);
  assert.equal(auth.kind, 'config');
  assert.equal(auth.details.message, `PostgreSQL ${TARGET}: password authentication failed for user "butler" (SQLSTATE 28P01)`);
  assert.equal(auth.details.code, '28P01');
});

test('network errors and timeouts are retryable and categorised as Node spells them', () => {
  const refused = classify(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }), TARGET);
  assert.equal(refused.kind, 'retryable');
  assert.equal(categoriseError(refused.details), 'connection_refused');
  const timeout = classify(Object.assign(new Error('write timeout after 400 ms'), { code: 'ETIMEDOUT' }), TARGET, 400);
  assert.equal(timeout.kind, 'retryable');
  assert.equal(categoriseError(timeout.details), 'timeout');
  const lost = classify(new Error('Connection terminated unexpectedly'), TARGET);
  assert.equal(lost.kind, 'retryable');
  assert.match(lost.details.message ?? '', /^PostgreSQL postgresql:\/\/butler@db:5432\/butler_sos: Connection terminated unexpectedly/);
});

test('the refused COPY row is read from the error context', () => {
  assert.equal(copyLineOf(pgError('22P02', 'bad', 'COPY log_events, line 7, column log_row: "1e+30"')), 7);
  assert.equal(copyLineOf(pgError('23502', 'null', 'COPY log_events, line 2: "..."')), 2);
  assert.equal(copyLineOf(pgError('22P02', 'bad')), undefined);
});
