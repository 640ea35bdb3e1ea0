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

test('rejected-source log: counting only on the hot path; one summary WARN per flush, bounded for spoofed floods', () => {
  const { logger, lines } = captureLogger();
  const log = new RejectedSourceLog(logger, 'LOG EVENT');
  for (let i = 0; i < 5_000; i++) log.rejected(parseIPv4(`10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`), 1000 + (i % 7));
  for (let i = 0; i < 50; i++) log.rejected(parseIPv4('10.0.0.1'), 999);
  assert.equal(lines.length, 0, 'nothing is logged per datagram');
  log.flush();
  assert.equal(lines.length, 1);
  const line = lines[0] as unknown as { level: number; msg: string; rejected: number; sources: number; fromUntrackedSources: number; busiest: Array<{ source: string; count: number }> };
  assert.equal(line.level, WARN);
  assert.equal(line.rejected, 5_050);
  assert.equal(line.sources, 1_000, 'distinct sources tracked per interval are bounded');
  assert.equal(line.fromUntrackedSources, 4_000);
  assert.deepEqual(line.busiest[0], { source: '10.0.0.1:1001', count: 51 });
  assert.equal(line.msg, 'LOG EVENT: Rejected 5050 message(s) from more than 1000 unauthorized source(s) (not in allowedSources).');
  log.flush();
  assert.equal(lines.length, 1, 'a quiet interval logs nothing');
});

test('validation on with nothing allowed rejects every sender (fails safe), with an ERROR saying how to fix it', async () => {
  for (const allowedSources of [[], null]) {
    const { logger, lines } = captureLogger();
    const list = await SourceAllowList.build({ enableSourceValidation: true, allowedSources }, logger, 'LOG EVENT', resolver);
    assert.equal(list.active, true);
    assert.equal(list.allows(parseIPv4('10.0.0.5')), false);
    assert.ok(lines.some((l) => l.level === ERROR && /allowedSources is empty: every sender is rejected/.test(l.msg)));
  }
  const { logger, lines } = captureLogger();
  const list = await SourceAllowList.build({ enableSourceValidation: true, allowedSources: ['nowhere.example'] }, logger, 'LOG EVENT', resolver);
  assert.equal(list.allows(parseIPv4('10.0.0.5')), false);
  assert.ok(lines.some((l) => l.level === ERROR && /no entry of allowedSources resolves: every sender is rejected/.test(l.msg)));
});

test('refresh(): names are resolved again; a failed lookup keeps the earlier addresses', async () => {
  const { logger, lines } = captureLogger();
  let answer: string[] | Error = ['10.0.0.5'];
  const resolve: IPv4Resolver = async () => {
    if (answer instanceof Error) throw answer;
    return answer;
  };
  const list = await SourceAllowList.build({ enableSourceValidation: true, allowedSources: ['1.1.1.1', 'node.example'] }, logger, 'LOG EVENT', resolve);
  assert.equal(list.hasNames, true);
  answer = ['10.0.0.9'];
  await list.refresh();
  assert.equal(list.allows(parseIPv4('10.0.0.9')), true);
  assert.equal(list.allows(parseIPv4('10.0.0.5')), false, 'the old address is gone');
  assert.equal(list.allows(parseIPv4('1.1.1.1')), true, 'literals stay');
  assert.ok(lines.some((l) => /allowed sources changed/.test(l.msg)));
  answer = new Error('EAI_AGAIN');
  await list.refresh();
  assert.equal(list.allows(parseIPv4('10.0.0.9')), true, 'a DNS hiccup does not lock a node out');
  assert.ok(lines.some((l) => l.level === WARN && /Cannot resolve "node.example" again/.test(l.msg)));
});
