import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeLine, formatUptime, memoryUsagePoint, parseQlikStarted } from '../../../src/points/index.js';

const MB = 1024 * 1024;

test('butlersos_memory_usage matches the reference line: MB rounded to two decimals, float in every version', () => {
  const sample = { heapUsed: 45.12 * MB, heapTotal: 60.5 * MB, external: 3.2149 * MB, rss: 140.334 * MB };
  assert.equal(
    encodeLine(memoryUsagePoint(sample, 'DEV', '15.0.1', 1)),
    'butlersos_memory_usage,butler_sos_instance=DEV,version=15.0.1 external=3.21,heap_total=60.5,heap_used=45.12,process_memory=140.33',
  );
  assert.equal(
    encodeLine(memoryUsagePoint(sample, 'DEV', '15.0.1', 3, 7)),
    'butlersos_memory_usage,butler_sos_instance=DEV,version=15.0.1 external=3.21,heap_total=60.5,heap_used=45.12,process_memory=140.33 7000',
  );
});

test('Qlik start times: Z, offsets with and without colon, fractions, no offset = UTC; garbage is NaN', () => {
  const utc = Date.UTC(2024, 4, 15, 6, 1, 2);
  assert.equal(parseQlikStarted('20240515T060102.000Z'), utc);
  assert.equal(parseQlikStarted('20240515T080102.000+0200'), utc);
  assert.equal(parseQlikStarted('20240515T033102.000-02:30'), utc);
  assert.equal(parseQlikStarted('20240515T060102'), utc);
  assert.equal(parseQlikStarted('20240515T060102.250Z'), utc + 250);
  for (const bad of ['', '2024-05-15', '20240515T2501020', '20240515T060102+2', 'started', '20241315T060102Z']) {
    assert.ok(Number.isNaN(parseQlikStarted(bad)), bad);
  }
});

test('uptime: days, hours of the duration (not shifted by a UTC offset), zero-padded minutes and seconds', () => {
  const start = '20240515T080102.000+0200';
  const since = Date.UTC(2024, 4, 15, 6, 1, 2);
  assert.equal(formatUptime(start, since + ((13 * 24 + 2) * 3600 + 5 * 60 + 9) * 1000), '13 days, 2h 05m 09s');
  assert.equal(formatUptime(start, since + (23 * 3600 + 59 * 60 + 59) * 1000 + 999), '0 days, 23h 59m 59s');
  assert.equal(formatUptime(start, since), '0 days, 0h 00m 00s');
  assert.equal(formatUptime(start, since - 1000), '');
  assert.equal(formatUptime('not a time', since), '');
});
