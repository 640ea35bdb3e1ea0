// No JSON log line carries a key twice: a child logger's binding and the same field in the call used to
// produce `"destination":"file","destination":"file"`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pino } from 'pino';
import { withoutBoundKeys } from '../../../src/log/unique-keys.js';
import { duplicateKeys } from '../../support/json-duplicate-keys.js';

function capture(): { logger: pino.Logger; lines: string[] } {
  const lines: string[] = [];
  const logger = pino({ name: 'writer-0', hooks: { logMethod: withoutBoundKeys } }, { write: (l: string) => void lines.push(l.trimEnd()) });
  return { logger, lines };
}

test('duplicateKeys finds a repeated key, also nested, and nothing in clean JSON', () => {
  assert.deepEqual(duplicateKeys('{"a":1,"b":{"c":2,"c":3},"a":"x"}'), ['b.c', 'a']);
  assert.deepEqual(duplicateKeys('{"a":[{"b":1},{"b":2}],"s":"\\"a\\":1"}'), []);
});

test('a field equal to a child binding is written once', () => {
  const { logger, lines } = capture();
  logger.child({ destination: 'file' }).info({ destination: 'file', target: './data' }, 'Destination started.');
  assert.deepEqual(duplicateKeys(lines[0]), []);
  const entry = JSON.parse(lines[0]);
  assert.equal(entry.destination, 'file');
  assert.equal(entry.target, './data');
});

test('a field that differs from its binding, or names one of pino\'s keys, is kept under key_', () => {
  const { logger, lines } = capture();
  logger.child({ destination: 'file' }).warn({ destination: 'influxdb', msg: 'inner', level: 7, name: 'other' }, 'outer');
  assert.deepEqual(duplicateKeys(lines[0]), []);
  const entry = JSON.parse(lines[0]);
  assert.equal(entry.destination, 'file');
  assert.equal(entry.destination_, 'influxdb');
  assert.equal(entry.msg, 'outer');
  assert.equal(entry.msg_, 'inner');
  assert.equal(entry.level_, 7);
  assert.equal(entry.name, 'writer-0');
  assert.equal(entry.name_, 'other');
});

test('errors and plain messages pass unchanged', () => {
  const { logger, lines } = capture();
  logger.error(new Error('boom'), 'failed');
  logger.info('plain %s', 'text');
  assert.equal(JSON.parse(lines[0]).err.message, 'boom');
  assert.equal(JSON.parse(lines[1]).msg, 'plain text');
});
