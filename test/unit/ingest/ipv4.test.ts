import { test } from 'node:test';
import assert from 'node:assert/strict';
import { INVALID_IPV4, formatIPv4, parseIPv4 } from '../../../src/ingest/ipv4.js';

test('parseIPv4: dotted quads to u32 and back', () => {
  for (const [text, value] of [
    ['0.0.0.0', 0],
    ['127.0.0.1', 0x7f000001],
    ['10.20.30.40', 0x0a141e28],
    ['255.255.255.255', 0xffffffff],
    ['192.168.0.10', 0xc0a8000a],
  ] as const) {
    assert.equal(parseIPv4(text), value, text);
    assert.equal(formatIPv4(value), text);
  }
});

test('parseIPv4: anything but a strict dotted quad is INVALID_IPV4', () => {
  for (const text of ['', '1.2.3', '1.2.3.4.5', '256.1.1.1', '1.2.3.-4', '01.2.3.4', '1..2.3', '1.2.3.4 ', ' 1.2.3.4', '::1', '::ffff:127.0.0.1', 'a.b.c.d', '1.2.3.', '.1.2.3', '1.2.3.4444']) {
    assert.equal(parseIPv4(text), INVALID_IPV4, JSON.stringify(text));
  }
});
