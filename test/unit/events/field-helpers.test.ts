import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sanitizeField } from '../../../src/events/sanitize.js';
import { textField } from '../../../src/events/text-field.js';
import { decodeDatagram } from '../../../src/events/decode.js';
import { isoTimestampField, localTimestampField } from '../../../src/events/timestamps.js';
import { normaliseGuid } from '../../../src/events/guid.js';
import { floatOrNaN, integerOr, nonNegativeIntegerOr, positiveIntegerOr } from '../../../src/events/numbers.js';
import { formatUserFields } from '../../../src/events/user-fields.js';
import { joinParts, messageEndIndex, startsWithExceptionTypeName } from '../../../src/events/message-fields.js';

test('sanitizeField deletes U+0000-U+001F and U+007F (incl. TAB, CR, LF) and keeps the rest', () => {
  assert.equal(sanitizeField('Test message with\u0000control\u001fcharacters\u007f', 1000), 'Test message withcontrolcharacters');
  assert.equal(sanitizeField('a\tb\r\nc', 100), 'abc');
  assert.equal(sanitizeField('\u0001\u0002', 100), '');
  assert.equal(sanitizeField('\u0000abc', 100), 'abc');
  assert.equal(sanitizeField('åäö €\u0080\u00a0 😀', 100), 'åäö €\u0080\u00a0 😀');
});

test('sanitizeField truncates to maxLength UTF-16 code units after removal', () => {
  assert.equal(sanitizeField('abcdef', 3), 'abc');
  assert.equal(sanitizeField('abc', 3), 'abc');
  assert.equal(sanitizeField('\u0000a\u0000b\u0000c\u0000d', 3), 'abc');
  assert.equal(sanitizeField('ab\u0000cdef', 3), 'abc');
  assert.equal(sanitizeField('ab\u0000c', 3), 'abc');
  assert.equal(sanitizeField('ab\u0000', 3), 'ab');
  assert.equal(sanitizeField('😀😀', 3), '😀\ud83d');
  const long = 'x'.repeat(70_000);
  assert.equal(sanitizeField(long, 1000), 'x'.repeat(1000));
  assert.equal(sanitizeField('\u0007' + long, 1000), 'x'.repeat(1000));
});

test('textField: missing field and log4net (null) are empty (fix: Butler wrote "undefined" / "(null)")', () => {
  assert.equal(textField(undefined, 100), '');
  assert.equal(textField('(null)', 100), '');
  assert.equal(textField('(null) x', 100), '(null) x');
  assert.equal(textField('a\u0000b', 100), 'ab');
});

test('decodeDatagram: UTF-8, invalid sequences become U+FFFD, empty gives empty, shared memory works', () => {
  assert.equal(decodeDatagram(new Uint8Array(0)), '');
  assert.equal(decodeDatagram(new TextEncoder().encode('/qseow-engine/;åäö;€')), '/qseow-engine/;åäö;€');
  assert.equal(decodeDatagram(new Uint8Array([0x41, 0xff, 0x42, 0xc3, 0x28, 0x43])), 'A\ufffdB\ufffd(C');
  const sab = new SharedArrayBuffer(64);
  const bytes = new TextEncoder().encode('/qseow-proxy/;1');
  new Uint8Array(sab).set(bytes, 8);
  assert.equal(decodeDatagram(new Uint8Array(sab, 8, bytes.length)), '/qseow-proxy/;1');
});

test('ts_iso: hyphenated and compact ISO with +hhmm', () => {
  assert.equal(isoTimestampField('2021-11-09T15:37:26.028+0200'), '2021-11-09T15:37:26.028+0200');
  assert.equal(isoTimestampField('20211109T153726.028+0200'), '20211109T153726.028+0200');
  assert.equal(isoTimestampField('2021-11-09 15:37:26,028'), '');
  assert.equal(isoTimestampField('2021-11-09T15:37:26.028'), '');
  assert.equal(isoTimestampField('2021-11-09T15:37:26.028+020'), '');
  assert.equal(isoTimestampField('2021-11-09T15:37:26.028+0200x'), '');
  assert.equal(isoTimestampField('x021-11-09T15:37:26.028+0200'), '');
  assert.equal(isoTimestampField(''), '');
  assert.equal(isoTimestampField(undefined), '');
  assert.equal(isoTimestampField('(null)'), '');
});

test('ts_iso fix: -hhmm, Z and ±hh:mm offsets accepted (Butler blanked them)', () => {
  assert.equal(isoTimestampField('20211109T153726.028-0500'), '20211109T153726.028-0500');
  assert.equal(isoTimestampField('2021-11-09T15:37:26.028-0500'), '2021-11-09T15:37:26.028-0500');
  assert.equal(isoTimestampField('2021-11-09T15:37:26.028Z'), '2021-11-09T15:37:26.028Z');
  assert.equal(isoTimestampField('20211109T153726.028Z'), '20211109T153726.028Z');
  assert.equal(isoTimestampField('2021-11-09T15:37:26.028+02:00'), '2021-11-09T15:37:26.028+02:00');
  assert.equal(isoTimestampField('2021-11-09T15:37:26.028-03:30'), '2021-11-09T15:37:26.028-03:30');
  assert.equal(isoTimestampField('2021-11-09T15:37:26.028z'), '');
  assert.equal(isoTimestampField('2021-11-09T15:37:26.028+02-00'), '');
});

test('ts_local: log4net local format and hyphenated ISO', () => {
  assert.equal(localTimestampField('2021-11-09 15:37:26,028'), '2021-11-09 15:37:26,028');
  assert.equal(localTimestampField('2021-11-09T15:37:26.028+0200'), '2021-11-09T15:37:26.028+0200');
  assert.equal(localTimestampField('2021-11-09T15:37:26.028-0500'), '2021-11-09T15:37:26.028-0500');
  assert.equal(localTimestampField('20211109T153726.028+0200'), '');
  assert.equal(localTimestampField('2021-11-09 15:37:26.028'), '');
  assert.equal(localTimestampField('2021-11-09 15:37:26,0280'), '');
  assert.equal(localTimestampField(undefined), '');
});

test('GUIDs: 8-4-4-4-12 hex; uppercase accepted and lower-cased (fix); others blank', () => {
  assert.equal(normaliseGuid('550e8400-e29b-41d4-a716-446655440000'), '550e8400-e29b-41d4-a716-446655440000');
  assert.equal(normaliseGuid('550E8400-E29B-41D4-A716-446655440000'), '550e8400-e29b-41d4-a716-446655440000');
  assert.equal(normaliseGuid('3b3b3b3b-3b3b-3b3b-3b3b-3b3b3b3b3b3b'), '3b3b3b3b-3b3b-3b3b-3b3b-3b3b3b3b3b3b');
  for (const bad of ['0', '', '(null)', 'uuid4', '{550e8400-e29b-41d4-a716-446655440000}', '550e8400e29b41d4a716446655440000',
    '550e8400-e29b-41d4-a716-44665544000g', '550e8400-e29b-41d4-a716_446655440000', ' 550e8400-e29b-41d4-a716-44665544000']) {
    assert.equal(normaliseGuid(bad), '', bad);
  }
  assert.equal(normaliseGuid(undefined), '');
});

test('numbers: parseInt/parseFloat semantics with per-field sentinels', () => {
  assert.equal(integerOr('42abc', -1), 42);
  assert.equal(integerOr(' 7', -1), 7);
  assert.equal(integerOr('-3', -1), -3);
  assert.equal(integerOr('0', -1), 0);
  assert.equal(integerOr('', -1), -1);
  assert.equal(integerOr('(null)', -99), -99);
  assert.equal(integerOr(undefined, -99), -99);
  assert.equal(positiveIntegerOr('0', -1), -1);
  assert.equal(positiveIntegerOr('5', -1), 5);
  assert.equal(positiveIntegerOr('-5', -1), -1);
  assert.equal(nonNegativeIntegerOr('0', -99), 0);
  assert.equal(nonNegativeIntegerOr('-1', -99), -99);
  assert.equal(nonNegativeIntegerOr('abc', -1), -1);
  assert.equal(floatOrNaN('152.337'), 152.337);
  assert.equal(floatOrNaN('1.5ms'), 1.5);
  assert.ok(Number.isNaN(floatOrNaN('abc')));
  assert.ok(Number.isNaN(floatOrNaN(undefined)));
});

test('formatUserFields: its three rules', () => {
  const a = { user_directory: 'LAB', user_id: 'goran', user_full: 'OTHER\\x' };
  formatUserFields(a);
  assert.deepEqual(a, { user_directory: 'LAB', user_id: 'goran', user_full: 'LAB\\goran' });
  const b = { user_directory: '', user_id: '', user_full: 'INTERNAL\\sa_scheduler' };
  formatUserFields(b);
  assert.deepEqual(b, { user_directory: 'INTERNAL', user_id: 'sa_scheduler', user_full: 'INTERNAL\\sa_scheduler' });
  const c = { user_directory: '', user_id: '', user_full: 'A\\b\\c' };
  formatUserFields(c);
  assert.deepEqual(c, { user_directory: 'A', user_id: 'b', user_full: 'A\\b\\c' });
  const d = { user_directory: 'LAB', user_id: '', user_full: 'LAB\\x' };
  formatUserFields(d);
  assert.deepEqual(d, { user_directory: 'LAB', user_id: '', user_full: '' });
  const e = { user_directory: '', user_id: '', user_full: 'noslash' };
  formatUserFields(e);
  assert.deepEqual(e, { user_directory: '', user_id: '', user_full: '' });
});

test('exception type names are recognised at the start of a part', () => {
  for (const yes of ['System.Net.WebException: Unable to connect', 'NullPointerException', 'System.AggregateException',
    'Qlik.Sense.Common.ServiceError: boom', 'System.IO.IOException, inner', 'Exception']) {
    assert.equal(startsWithExceptionTypeName(yes), true, yes);
  }
  for (const no of ['', ' System.Net.WebException: x', 'Access was denied', 'Resource: x', 'e.g: x', 'retry.later: x', '42.Exception', 'Exceptional']) {
    assert.equal(startsWithExceptionTypeName(no), false, no);
  }
});

test('messageEndIndex splits surplus parts between message and exception', () => {
  // 16-field layout + 2 surplus parts; message 'a;b;c', exception ''.
  const p1 = ['p', '1', '2', '3', '4', '5', '6', '7', 'a', 'b', 'c', '', 'u', 'i', 'c', 'r', 'o', 'x'];
  assert.equal(messageEndIndex(p1, 2), 10);
  assert.equal(joinParts(p1, 8, 10), 'a;b;c');
  // message 'm', exception 'System.X.YException: a; b'.
  const p2 = ['p', '1', '2', '3', '4', '5', '6', '7', 'm', 'System.X.YException: a', ' b', 'u', 'i', 'c', 'r', 'o', 'x'];
  assert.equal(messageEndIndex(p2, 1), 8);
});
