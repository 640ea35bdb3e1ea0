// User-agent extraction and parsing (docs/inputs.md#user-events-port-9997). Dashboards filter on Bowser's names and
// versions (`Chrome`, `Firefox`, `Safari`, `Microsoft Edge`, `macOS`, `Windows`, `NT 10.0`, major versions), so the
// expected values below are the data contract, written out per user agent of the fixture.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fixturePath } from '../../support/paths.js';
import { createUserAgentParser, userAgentFromMessage } from '../../../src/events/user-agent.js';
import type { UserAgentInfo } from '../../../src/events/types.js';

const fixtureAgents = readFileSync(fixturePath('spec', 'udp', 'user-agents-from-generate-script.txt'), 'utf8')
  .split('\n')
  .filter((line) => line !== '' && !line.startsWith('#'));

type Expected = [browser: string, version: string, major: string | undefined, os: UserAgentInfo['os']];
const WINDOWS_10 = { name: 'Windows', version: 'NT 10.0', versionName: '10' };

/** One entry per fixture line, same order. */
const EXPECTED: Expected[] = [
  ['Firefox', '58.0', '58', WINDOWS_10],
  ['Chrome', '58.0.3029.110', '58', WINDOWS_10],
  ['Safari', '11.0.1', '11', { name: 'macOS', version: '10.12.6', versionName: 'Sierra' }],
  ['Opera', '45.0.2552.888', '45', WINDOWS_10],
  ['Microsoft Edge', '16.16299', '16', WINDOWS_10],
  ['Internet Explorer', '11.0', '11', WINDOWS_10],
  ['Opera', '9.80', '9', {}],
  ['UC Browser', '4.0', '4', { name: 'Android', version: '4.2.2', versionName: 'Jelly Bean' }],
  ['Safari', '16.5', '16', { name: 'iOS', version: '16.5' }],
  ['Chrome', '60.0.3112.107', '60', { name: 'Android', version: '7.0', versionName: 'Nougat' }],
  ['Chrome', '112.0.0.0', '112', { name: 'Android', version: '12' }],
];

test('every user agent of the generate-script fixture parses to Bowser names, versions, majors and os', () => {
  assert.equal(fixtureAgents.length, EXPECTED.length);
  const parse = createUserAgentParser();
  fixtureAgents.forEach((ua, i) => {
    const [name, version, major, os] = EXPECTED[i];
    assert.deepEqual(parse(ua), { browser: { name, version, major }, os, ua }, ua);
  });
});

test('current browsers: Chromium Edge, Chrome, Firefox on Windows; Safari on macOS', () => {
  const parse = createUserAgentParser();
  const cases: [string, string, string, string, string][] = [
    ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.51', 'Microsoft Edge', '124', 'Windows', 'NT 10.0'],
    ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36', 'Chrome', '124', 'Windows', 'NT 10.0'],
    ['Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0', 'Firefox', '125', 'Windows', 'NT 10.0'],
    ['Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15', 'Safari', '17', 'macOS', '10.15.7'],
    ['Mozilla/5.0 (Windows NT 6.1; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/109.0.0.0 Safari/537.36', 'Chrome', '109', 'Windows', 'NT 6.1'],
  ];
  for (const [ua, name, major, osName, osVersion] of cases) {
    const info = parse(ua);
    assert.equal(info.browser.name, name, ua);
    assert.equal(info.browser.major, major, ua);
    assert.equal(info.os.name, osName, ua);
    assert.equal(info.os.version, osVersion, ua);
  }
});

test('no browser version: version "" and major undefined; bare product tokens', () => {
  const parse = createUserAgentParser();
  assert.deepEqual(parse('Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36').browser, { name: 'Safari', version: '', major: undefined });
  assert.deepEqual(parse('Mozilla/5.0'), { browser: { name: '', version: '', major: undefined }, os: {}, ua: 'Mozilla/5.0' });
  assert.deepEqual(parse('Chrome/91.0').browser, { name: 'Chrome', version: '91.0', major: '91' });
  assert.deepEqual(parse('something unknown 1.0'), { browser: { name: '', version: '', major: undefined }, os: {}, ua: 'something unknown 1.0' });
});

test('empty user agent: Bowser is not called, the fixed empty shape', () => {
  assert.deepEqual(createUserAgentParser()(''), { browser: { name: '', version: '', major: undefined }, os: {}, ua: '' });
});

test('parsed objects are frozen (they are shared through the cache) and repeat parses agree', () => {
  const parse = createUserAgentParser();
  const first = parse(fixtureAgents[0]);
  assert.ok(Object.isFrozen(first) && Object.isFrozen(first.browser) && Object.isFrozen(first.os));
  assert.deepEqual(parse(fixtureAgents[0]), first);
});

test('a tiny cache gives the same results as a large one, whatever the order', () => {
  const small = createUserAgentParser(2);
  const large = createUserAgentParser(1000);
  for (let round = 0; round < 3; round++) {
    for (const ua of round === 1 ? [...fixtureAgents].reverse() : fixtureAgents) assert.deepEqual(small(ua), large(ua), ua);
  }
});

test('userAgentFromMessage: text after "UserAgent:", trimmed, every quote removed', () => {
  assert.equal(userAgentFromMessage("Start session for user 'LAB\\goran' UserAgent: 'Mozilla/5.0 (X11)'"), 'Mozilla/5.0 (X11)');
  assert.equal(userAgentFromMessage('UserAgent: Mozilla/5.0'), 'Mozilla/5.0');
  assert.equal(userAgentFromMessage("UserAgent:''"), '');
  assert.equal(userAgentFromMessage('UserAgent:'), '');
  assert.equal(userAgentFromMessage("UserAgent:   'a'b'c'   "), 'abc');
  assert.equal(userAgentFromMessage("x UserAgent: 'A; B' and more text"), 'A; B and more text', 'the whole tail, as Butler');
});

test('userAgentFromMessage: only the text between the first and second marker', () => {
  assert.equal(userAgentFromMessage("UserAgent: 'first' UserAgent: 'second'"), 'first');
  assert.equal(userAgentFromMessage('UserAgent:UserAgent: x'), '');
});

test('userAgentFromMessage: no marker (case-sensitive) → undefined', () => {
  assert.equal(userAgentFromMessage(''), undefined);
  assert.equal(userAgentFromMessage('Regular message without user agent'), undefined);
  assert.equal(userAgentFromMessage('useragent: Mozilla/5.0'), undefined);
  assert.equal(userAgentFromMessage('UserAgent Mozilla/5.0'), undefined);
});
