import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyField, copyLine, storableJson, storableText } from '../../../../src/destinations/postgresql/copy-text.js';
import { TABLES } from '../../../../src/destinations/postgresql/tables.js';

test('COPY text escaping: backslash, newline, carriage return and tab are escaped; quotes and Unicode pass', () => {
  assert.equal(copyField('a\tb'), 'a\\tb');
  assert.equal(copyField('line1\nline2\r\n'), 'line1\\nline2\\r\\n');
  assert.equal(copyField('C:\\Program Files\\Qlik'), 'C:\\\\Program Files\\\\Qlik');
  assert.equal(copyField('\\N'), '\\\\N', 'a literal \\N is text, not NULL');
  assert.equal(copyField(`he said "hi" and 'bye'`), `he said "hi" and 'bye'`);
  assert.equal(copyField('Ærøskøbing ✓ 日本 🎉'), 'Ærøskøbing ✓ 日本 🎉');
  assert.equal(copyField('\\.'), '\\\\.', 'the old end-of-data marker cannot appear');
});

test('COPY text: NUL is removed and lone surrogates become U+FFFD, in text and in jsonb strings and keys', () => {
  assert.equal(storableText('a\u0000b\u0000'), 'ab');
  assert.equal(storableText('x\uD800y'), 'x\uFFFDy');
  assert.equal(storableText('x\uDC00'), 'x\uFFFD');
  assert.equal(storableText('🎉'), '🎉', 'a surrogate pair stays');
  assert.deepEqual(storableJson({ 'k\u0000ey': ['v\u0000', { n: 1, b: true, z: null }] }), { key: ['v', { n: 1, b: true, z: null }] });
  assert.equal(copyField({ m: 'tab\there\u0000' }), '{"m":"tab\\\\there"}', 'JSON escapes first, then COPY doubles the backslash');
});

test('COPY text: NULL, numbers and booleans', () => {
  assert.equal(copyField(null), '\\N');
  assert.equal(copyField(undefined), '\\N');
  assert.equal(copyField(42), '42');
  assert.equal(copyField(-1.5), '-1.5');
  assert.equal(copyField(true), 't');
  assert.equal(copyField(false), 'f');
  assert.equal(copyField([]), '[]');
});

test('a row has time, then every column of its table in order, tab separated, missing ones NULL', () => {
  const line = copyLine(TABLES.event_counts, { time: '2026-01-01T00:00:00.000001Z', event_type: 'log', host: 'h\t1', counter: 3 });
  assert.equal(line, '2026-01-01T00:00:00.000001Z\tlog\t\\N\th\\t1\t\\N\t3\n');
  assert.equal(line.split('\t').length, 1 + TABLES.event_counts.columns.length);
});
