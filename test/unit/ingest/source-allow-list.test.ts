import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseIPv4 } from '../../../src/ingest/ipv4.js';
import { RejectedSourceLog } from '../../../src/ingest/rejected-source-log.js';
import { SourceAllowList, type IPv4Resolver } from '../../../src/ingest/source-allow-list.js';
import { ERROR, WARN, captureLogger } from './fixtures/capture-logger.js';

const resolver: IPv4Resolver = async (name) => {
  if (name === 'qlik.example') return ['10.0.0.5', '10.0.0.6', 'fe80::1'];
  throw new Error(`ENOTFOUND ${name}`);
};

test('validation off: everything allowed, nothing resolved', async () => {
  const { logger, lines } = captureLogger();
  const list = await SourceAllowList.build({ enableSourceValidation: false, allowedSources: ['1.2.3.4'] }, logger, 'LOG EVENT', () => assert.fail());
  assert.equal(list.active, false);
  assert.equal(list.allows(parseIPv4('9.9.9.9')), true);
  assert.equal(lines.length, 0);
});

test('literals and resolved names are loaded; IPv6 answers ignored; failures logged as errors', async () => {
  const { logger, lines } = captureLogger();
  const list = await SourceAllowList.build(
    { enableSourceValidation: true, allowedSources: ['192.168.1.1', 'qlik.example', 'nowhere.example'] },
    logger,
    'USER EVENT',
    resolver,
  );
  assert.equal(list.active, true);
  assert.deepEqual(list.list().sort(), ['10.0.0.5', '10.0.0.6', '192.168.1.1']);
  assert.equal(list.allows(parseIPv4('10.0.0.6')), true);
  assert.equal(list.allows(parseIPv4('10.0.0.7')), false);
  assert.equal(list.allows(-1), false, 'an unparsable sender address is never allowed');
  assert.ok(lines.some((l) => l.level === ERROR && l.msg === 'USER EVENT: Cannot resolve hostname or invalid IPv4: "nowhere.example".'));
  assert.ok(lines.some((l) => l.level === WARN && /1 allowed source\(s\) could not be resolved/.test(l.msg)));
  assert.ok(lines.some((l) => /Source IP validation enabled, 3 IP\(s\) loaded/.test(l.msg)));
});

test('rejected-source log: one WARN per source per 60 s', () => {
  const { logger, lines } = captureLogger();
  const log = new RejectedSourceLog(logger, 'LOG EVENT');
  const a = parseIPv4('10.1.1.1');
  const b = parseIPv4('10.1.1.2');
  log.rejected(a, 1000, 0);
  log.rejected(a, 1001, 10_000);
  log.rejected(b, 1002, 10_000);
  log.rejected(a, 1003, 60_000);
  assert.deepEqual(
    lines.map((l) => l.msg),
    [
      'LOG EVENT: Rejected message from unauthorized source 10.1.1.1:1000.',
      'LOG EVENT: Rejected message from unauthorized source 10.1.1.2:1002.',
      'LOG EVENT: Rejected message from unauthorized source 10.1.1.1:1003.',
    ],
  );
});
