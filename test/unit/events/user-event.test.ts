// User-event datagrams (port 9997) from text to outcome (docs/inputs.md#user-events-port-9997,
// docs/inputs.md#event-counters-qliksenseevents): every field of both types, malformed input, exclude list, count keys,
// app id and app name. User-agent details: user-agent.test.ts; app-id contexts in depth: app-id.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createUserEventHandler, UNKNOWN_APP_NAME, type UserEventOutcome } from '../../../src/events/user-event.js';
import { userEventHandlerOptions } from '../../../src/events/options.js';
import { decodeDatagram } from '../../../src/events/decode.js';
import type { UserEvent } from '../../../src/events/types.js';
import { datagrams, keysInOrder, lookupAppName, userOptions } from './helpers.js';

const constructed = datagrams('udp', 'user-events-constructed.txt');
const fromTests = datagrams('udp', 'user-events-from-tests-and-docs.txt');
const [START_SESSION, OPEN_CONNECTION, CLOSE_CONNECTION, STOP_SESSION] = constructed;

const CHROME_124_WINDOWS = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';
const SAFARI_17_MAC = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15';
const APP_ID = 'e7af59a0-c243-480d-9571-08727551a66f';
const RELOAD_CONTEXT = `/app/${APP_ID}?reloaduri=https%3a%2f%2fsense.lab.local%2fsense%2fapp%2f${APP_ID}`;
const USER_EVENT_KEYS = ['messageType', 'host', 'command', 'user_directory', 'user_id', 'origin', 'context', 'message', 'user_full'];

function eventOf(out: UserEventOutcome): UserEvent {
  if (out.kind !== 'event') assert.fail(`expected an event, got ${out.kind}`);
  return out.event;
}

const handle = (text: string, overrides = {}): UserEventOutcome => createUserEventHandler(userOptions(overrides))(text);

test('fixtures hold the datagrams their headers list (4 constructed, 13 from tests/docs/script)', () => {
  assert.equal(constructed.length, 4);
  assert.equal(fromTests.length, 13);
});

test('session start (constructed line 1): the full documented object, keys in order, counted by origin', () => {
  const out = handle(START_SESSION);
  assert.equal(out.kind, 'event');
  assert.deepEqual(out.count, { eventType: 'user', source: 'qseow-proxy-session', host: 'SENSE-CENTRAL', subsystem: 'AppAccess' });
  const event = eventOf(out);
  assert.deepEqual(event, {
    messageType: 'qseow-proxy-session',
    host: 'SENSE-CENTRAL',
    command: 'Start session',
    user_directory: 'LAB',
    user_id: 'goran',
    origin: 'AppAccess',
    context: RELOAD_CONTEXT,
    message: `Start session for user 'LAB\\goran' UserAgent: '${CHROME_124_WINDOWS}'`,
    user_full: 'LAB\\goran',
    appId: APP_ID,
    appName: 'Test failing reloads 2',
    ua: {
      browser: { name: 'Chrome', version: '124.0.0.0', major: '124' },
      os: { name: 'Windows', version: 'NT 10.0', versionName: '10' },
      ua: CHROME_124_WINDOWS,
    },
  });
  assert.deepEqual(keysInOrder(event), [...USER_EVENT_KEYS, 'appId', 'appName', 'ua']);
});

test('connection open (constructed line 2): every field', () => {
  const event = eventOf(handle(OPEN_CONNECTION));
  assert.equal(event.messageType, 'qseow-proxy-connection');
  assert.equal(event.host, 'SENSE-CENTRAL');
  assert.equal(event.command, 'Open connection');
  assert.equal(event.user_directory, 'LAB');
  assert.equal(event.user_id, 'goran');
  assert.equal(event.origin, 'AppAccess');
  assert.equal(event.context, RELOAD_CONTEXT);
  assert.equal(event.message, `Websocket connection Opened for session '6f0b7c3e-9a61-4c0e-8f44-1b2a3c4d5e6f' UserAgent: '${CHROME_124_WINDOWS}'`);
  assert.equal(event.user_full, 'LAB\\goran');
  assert.equal(event.appId, APP_ID);
  assert.equal(event.appName, 'Test failing reloads 2');
  assert.equal(event.ua?.browser.name, 'Chrome');
  assert.equal(event.ua?.ua, CHROME_124_WINDOWS);
});

test('connection close (constructed line 3): context without query string, Safari on macOS', () => {
  const out = handle(CLOSE_CONNECTION);
  assert.deepEqual(out.count, { eventType: 'user', source: 'qseow-proxy-connection', host: 'SENSE-CENTRAL', subsystem: 'AppAccess' });
  const event = eventOf(out);
  assert.equal(event.command, 'Close connection');
  assert.equal(event.context, `/app/${APP_ID}`);
  assert.equal(event.appId, APP_ID);
  assert.equal(event.appName, 'Test failing reloads 2');
  assert.deepEqual(event.ua, {
    browser: { name: 'Safari', version: '17.4', major: '17' },
    os: { name: 'macOS', version: '10.15.7', versionName: 'Catalina' },
    ua: SAFARI_17_MAC,
  });
});

test('session stop (constructed line 4): /hub/ context gives no app keys, no UserAgent gives no ua key', () => {
  const event = eventOf(handle(STOP_SESSION));
  assert.deepEqual(event, {
    messageType: 'qseow-proxy-session',
    host: 'SENSE-CENTRAL',
    command: 'Stop session',
    user_directory: 'LAB',
    user_id: 'goran',
    origin: 'AppAccess',
    context: '/hub/',
    message: "Stop session for user 'LAB\\goran'",
    user_full: 'LAB\\goran',
  });
  assert.deepEqual(keysInOrder(event), USER_EVENT_KEYS);
});

test("Butler test datagrams: app ids with a non-RFC variant nibble are rejected (Butler's tests mocked uuid.validate)", () => {
  const h = createUserEventHandler(userOptions());
  for (const i of [0, 1, 2, 3]) {
    const event = eventOf(h(fromTests[i]));
    assert.equal(event.appId, undefined, fromTests[i]);
    assert.equal(event.appName, undefined, fromTests[i]);
  }
  const first = eventOf(h(fromTests[0]));
  assert.equal(first.messageType, 'qseow-proxy-connection');
  assert.equal(first.command, 'Start session', 'command values are not validated against the type');
  assert.equal(first.origin, 'https://host1');
  assert.equal(first.context, '/app/12345678-1234-1234-1234-123456789abc');
  assert.equal(first.user_full, 'INTERNAL\\testuser');
  assert.equal(first.ua?.ua, 'Mozilla/5.0');
  assert.equal(first.ua?.browser.name, '');
  const second = eventOf(h(fromTests[1]));
  assert.equal(second.messageType, 'qseow-proxy-session');
  assert.deepEqual(second.ua?.browser, { name: 'Chrome', version: '91.0', major: '91' });
  assert.deepEqual(second.ua?.os, {});
});

test('Butler test datagrams: user agents bare, quoted, absent and empty', () => {
  const h = createUserEventHandler(userOptions());
  const bare = eventOf(h(fromTests[5]));
  assert.equal(bare.ua?.ua, 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36');
  assert.equal(bare.ua?.os.name, 'Windows');
  assert.equal(bare.ua?.os.version, 'NT 10.0');
  const quoted = eventOf(h(fromTests[6]));
  assert.equal(quoted.ua?.ua, 'Mozilla/5.0 (Windows NT 10.0)');
  assert.equal(quoted.message, "UserAgent: 'Mozilla/5.0 (Windows NT 10.0)'", 'the message keeps its quotes');
  const none = eventOf(h(fromTests[7]));
  assert.equal(none.message, 'Regular message without user agent');
  assert.equal('ua' in none, false);
  const empty = eventOf(h(fromTests[8]));
  assert.deepEqual(empty.ua, { browser: { name: '', version: '', major: undefined }, os: {}, ua: '' });
});

test('docs datagrams: context "app/<guid>" without leading slash and "hub" give no app id (kept as Butler SOS)', () => {
  const h = createUserEventHandler(userOptions());
  const docs = eventOf(h(fromTests[10]));
  assert.equal(docs.host, 'server1.domain.com');
  assert.equal(docs.origin, 'https://sense.domain.com');
  assert.equal(docs.context, `app/${APP_ID}`);
  assert.equal(docs.appId, undefined);
  assert.equal(docs.ua?.ua, 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36');
  const hub = eventOf(h(fromTests[11]));
  assert.deepEqual(hub, {
    messageType: 'qseow-proxy-connection',
    host: 'server2.domain.com',
    command: 'Open connection',
    user_directory: 'LAB',
    user_id: 'jdoe',
    origin: 'https://sense.domain.com',
    context: 'hub',
    message: 'Connection established',
    user_full: 'LAB\\jdoe',
  });
});

test('generate-script datagram: valid app id not in the app list gets "<unknown app name>"', () => {
  const event = eventOf(handle(fromTests[12]));
  assert.equal(event.appId, 'a421f4a2-c311-4ef4-ba41-fe2e6a2b0d69');
  assert.equal(event.appName, UNKNOWN_APP_NAME);
  assert.equal(UNKNOWN_APP_NAME, '<unknown app name>');
  assert.deepEqual(event.ua?.browser, { name: 'Firefox', version: '58.0', major: '58' });
  assert.equal(event.user_full, 'userdir\\user3');
});

test('app name: looked up by the lower-cased id; uppercase GUID in the context still finds the app (fix)', () => {
  const seen: string[] = [];
  const appName = (id: string): string | undefined => {
    seen.push(id);
    return lookupAppName(id);
  };
  const upper = START_SESSION.replace(`/app/${APP_ID}`, `/app/${APP_ID.toUpperCase()}`);
  const event = eventOf(createUserEventHandler(userOptions({ appName }))(upper));
  assert.equal(event.appId, APP_ID);
  assert.equal(event.appName, 'Test failing reloads 2');
  assert.deepEqual(seen, [APP_ID]);
  assert.ok(event.context.includes(APP_ID.toUpperCase()), 'the context itself is kept as sent');
});

test('app name: no lookup when there is no app id; lookup always on (not gated by appNameLookup)', () => {
  let calls = 0;
  const appName = (): string | undefined => {
    calls++;
    return undefined;
  };
  const h = createUserEventHandler(userOptions({ appName }));
  eventOf(h(STOP_SESSION));
  assert.equal(calls, 0);
  assert.equal(eventOf(h(START_SESSION)).appName, UNKNOWN_APP_NAME);
  assert.equal(calls, 1);
});

test('too few fields: missing fields are empty (fix: Butler wrote "undefined"), no count without origin', () => {
  const out = handle('/qseow-proxy-session/;HOST;Start session;LAB');
  assert.equal(out.count, null, 'origin empty → not counted');
  assert.deepEqual(eventOf(out), {
    messageType: 'qseow-proxy-session',
    host: 'HOST',
    command: 'Start session',
    user_directory: 'LAB',
    user_id: '',
    origin: '',
    context: '',
    message: '',
    user_full: '',
  });
  const bare = eventOf(handle('/qseow-proxy-connection/'));
  for (const key of USER_EVENT_KEYS.slice(1)) assert.equal(bare[key as keyof UserEvent], '', key);
  const sevenFields = eventOf(handle('/qseow-proxy-session/;H;Stop session;D;U;O;/hub/'));
  assert.equal(sevenFields.context, '/hub/');
  assert.equal(sevenFields.message, '');
});

test('log4net (null) properties are empty, so user_full is never "(null)\\(null)" (fix)', () => {
  const event = eventOf(handle('/qseow-proxy-session/;HOST;Start session;(null);(null);(null);(null);msg'));
  assert.equal(event.user_directory, '');
  assert.equal(event.user_id, '');
  assert.equal(event.user_full, '');
  assert.equal(event.origin, '');
  assert.equal(event.context, '');
});

test('too many fields: every ";" after the 7th goes into the message, earlier fields keep their place', () => {
  const text = `/qseow-proxy-session/;HOST;Start session;LAB;goran;AppAccess;/hub/;a;b; c;;UserAgent: '${CHROME_124_WINDOWS}'`;
  const event = eventOf(handle(text));
  assert.equal(event.context, '/hub/');
  assert.equal(event.message, `a;b; c;;UserAgent: '${CHROME_124_WINDOWS}'`);
  assert.equal(event.ua?.ua, CHROME_124_WINDOWS, 'the UA (which itself holds ";") survives');
  assert.equal(eventOf(handle('/qseow-proxy-session/;H;C;D;U;O;X;;')).message, ';');
});

test('control characters are deleted from every field; trailing newline (nc -u) is harmless', () => {
  const text = '/qseow-proxy-connection/;HO\tST;Open\u0000 connection;L\rAB;go\u007fran;App\u001fAccess;/app/' + APP_ID + "\n;msg\r\n UserAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:58.0) Gecko/20100101 Firefox/58.0'\n";
  const out = handle(text);
  const event = eventOf(out);
  assert.equal(event.host, 'HOST');
  assert.equal(event.command, 'Open connection');
  assert.equal(event.user_full, 'LAB\\goran');
  assert.equal(event.origin, 'AppAccess');
  assert.equal(event.context, `/app/${APP_ID}`);
  assert.equal(event.appId, APP_ID);
  assert.equal(event.message, "msg UserAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:58.0) Gecko/20100101 Firefox/58.0'");
  assert.equal(event.ua?.browser.name, 'Firefox');
  assert.deepEqual(out.count, { eventType: 'user', source: 'qseow-proxy-connection', host: 'HOST', subsystem: 'AppAccess' });
});

test('field length limits: 100/200/500/1000 UTF-16 units', () => {
  const long = (c: string): string => c.repeat(5000);
  const event = eventOf(handle(['/qseow-proxy-session/', long('h'), long('c'), long('d'), long('u'), long('o'), long('x'), long('m')].join(';')));
  assert.equal(event.host.length, 100);
  assert.equal(event.command.length, 100);
  assert.equal(event.user_directory.length, 100);
  assert.equal(event.user_id.length, 100);
  assert.equal(event.origin.length, 200);
  assert.equal(event.context.length, 500);
  assert.equal(event.message.length, 1000);
});

test('invalid UTF-8 becomes U+FFFD and the event still parses', () => {
  const bytes = new TextEncoder().encode(STOP_SESSION);
  const at = STOP_SESSION.indexOf('goran');
  const broken = new Uint8Array([...bytes.slice(0, at), 0xc3, 0x28, 0xff, ...bytes.slice(at)]);
  const event = eventOf(handle(decodeDatagram(broken)));
  assert.equal(event.user_id, '\ufffd(\ufffdgoran');
  assert.equal(event.user_full, 'LAB\\\ufffd(\ufffdgoran');
  assert.equal(event.context, '/hub/');
});

test('empty datagram: unrecognised, counted as Unknown/Unknown/Unknown', () => {
  assert.deepEqual(handle(decodeDatagram(new Uint8Array(0))), handle(''));
  assert.deepEqual(handle(''), {
    kind: 'unrecognised',
    count: { eventType: 'user', source: 'Unknown', host: 'Unknown', subsystem: 'Unknown' },
    first512: '',
  });
});

test('unknown prefixes: unrecognised with the first 512 chars (sanitised) for the WARN line', () => {
  const docsPrefix = STOP_SESSION.replace('/qseow-proxy-session/', '/proxy-user-event/');
  assert.deepEqual(handle(docsPrefix), {
    kind: 'unrecognised',
    count: { eventType: 'user', source: 'Unknown', host: 'Unknown', subsystem: 'Unknown' },
    first512: docsPrefix,
  });
  assert.equal(handle(START_SESSION.replace('/qseow-proxy-session/', '/qseow-proxy/')).kind, 'unrecognised');
  assert.equal(handle(START_SESSION.replace('/qseow-proxy-session/', '/qseow-proxy-sessions/')).kind, 'unrecognised');
  assert.equal(handle('\n' + START_SESSION).kind, 'unrecognised', 'no trimming before the prefix check');
  const long = '/nope/;' + 'x'.repeat(2000);
  const out = handle(long);
  assert.equal(out.kind, 'unrecognised');
  assert.equal((out as { first512: string }).first512, long.slice(0, 512));
  const withControls = handle('/nope/;a\u0000b\nc');
  assert.equal((withControls as { first512: string }).first512, '/nope/;abc');
  assert.equal(handle('/' + 'q'.repeat(70_000)).kind, 'unrecognised');
});

test('prefix: case-insensitive, only the first two "/" removed, as Butler', () => {
  assert.equal(eventOf(handle(START_SESSION.replace('/qseow-proxy-session/', '/QSEoW-Proxy-SESSION/'))).messageType, 'qseow-proxy-session');
  assert.equal(eventOf(handle(OPEN_CONNECTION.replace('/qseow-proxy-connection/', '/QSEOW-PROXY-CONNECTION/'))).messageType, 'qseow-proxy-connection');
  // Butler checks nothing beyond removing two slashes, so these are accepted too.
  assert.equal(eventOf(handle(STOP_SESSION.replace('/qseow-proxy-session/', '/qseow-proxy-session'))).messageType, 'qseow-proxy-session');
  assert.equal(eventOf(handle(STOP_SESSION.replace('/qseow-proxy-session/', 'qseow-proxy-session'))).messageType, 'qseow-proxy-session');
  assert.equal(handle(STOP_SESSION.replace('/qseow-proxy-session/', '///qseow-proxy-session/')).kind, 'unrecognised');
});

test('count key: (messageType, host, origin); skipped when host or origin is empty or counting is off', () => {
  const h = createUserEventHandler(userOptions());
  assert.deepEqual(h(fromTests[4]).count, { eventType: 'user', source: 'qseow-proxy-connection', host: 'host1', subsystem: 'origin' });
  assert.equal(h('/qseow-proxy-session/;;Start session;LAB;goran;AppAccess;/hub/;m').count, null, 'empty host');
  assert.equal(h('/qseow-proxy-session/;HOST;Start session;LAB;goran;;/hub/;m').count, null, 'empty origin');
  assert.equal(eventOf(h('/qseow-proxy-session/;HOST;Start session;LAB;goran;;/hub/;m')).origin, '', 'still published');
  const off = createUserEventHandler(userOptions({ eventCountEnabled: false }));
  assert.equal(off(START_SESSION).count, null);
  assert.equal(off('/nope/').count, null);
  assert.equal(off(STOP_SESSION).kind, 'event');
});

test('exclude list: exact, case-sensitive directory+userId; excluded events are still counted', () => {
  const excludeUser = [
    { directory: 'INTERNAL', userId: 'blacklisteduser' },
    { directory: 'LAB', userId: 'sa_scheduler' },
  ];
  const h = createUserEventHandler(userOptions({ excludeUser }));
  assert.deepEqual(h(fromTests[9]), {
    kind: 'excluded',
    count: { eventType: 'user', source: 'qseow-proxy-connection', host: 'host1', subsystem: 'origin' },
  });
  assert.equal(h(fromTests[4]).kind, 'event', 'other user in the same directory');
  assert.equal(h(fromTests[9].replace('INTERNAL', 'internal')).kind, 'event', 'directory is case-sensitive');
  assert.equal(h(fromTests[9].replace('blacklisteduser', 'BlacklistedUser')).kind, 'event', 'userId is case-sensitive');
  assert.equal(h(STOP_SESSION.replace('goran', 'sa_scheduler')).kind, 'excluded');
  assert.equal(h(STOP_SESSION.replace('LAB;goran', 'INTERNAL;sa_scheduler')).kind, 'event', 'both keys of one entry must match');
  assert.equal(h(fromTests[9].replace('blacklisteduser', 'blacklisted\tuser')).kind, 'excluded', 'compared after sanitising');
  const notCounting = createUserEventHandler(userOptions({ excludeUser, eventCountEnabled: false }));
  assert.deepEqual(notCounting(fromTests[9]), { kind: 'excluded', count: null });
});

test('exclude list: null list and null entries are handled', () => {
  assert.equal(handle(fromTests[9], { excludeUser: null }).kind, 'event');
  const withNull = [null as unknown as { directory: string; userId: string }, { directory: 'INTERNAL', userId: 'blacklisteduser' }];
  assert.equal(handle(fromTests[9], { excludeUser: withNull }).kind, 'excluded');
});

test('userEventHandlerOptions maps the config subtrees', () => {
  const excludeUser = [{ directory: 'LAB', userId: 'x' }];
  const options = userEventHandlerOptions({ excludeUser }, { eventCount: { enable: true }, rejectedEventCount: { enable: false } }, lookupAppName);
  assert.deepEqual(options, { excludeUser, eventCountEnabled: true, appName: lookupAppName });
  const off = userEventHandlerOptions({}, { eventCount: { enable: false }, rejectedEventCount: { enable: true } }, lookupAppName);
  assert.equal(off.eventCountEnabled, false);
  assert.equal(createUserEventHandler(off)(START_SESSION).count, null);
});

test('the handler keeps no state between datagrams: a short one after a long one has no leftover fields', () => {
  const h = createUserEventHandler(userOptions());
  eventOf(h(START_SESSION));
  const short = eventOf(h('/qseow-proxy-session/;HOST'));
  assert.equal(short.command, '');
  assert.equal(short.context, '');
  assert.equal(short.message, '');
  assert.equal(short.appId, undefined);
  assert.equal(eventOf(h(START_SESSION)).appId, APP_ID);
});
