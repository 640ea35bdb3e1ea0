// The plain-datagram fast path (src/events/text-field.ts): a datagram without control characters, quotes or
// surrogates is parsed with truncation only, and its event is marked `plain` so raw_event skips its own check.
// Held against the sanitising path on every fixture and simulator datagram, and against the characters that
// must send a datagram (or a looked-up app name) down the exact path.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isPlainText, plainTextField, textField } from '../../../src/events/text-field.js';
import { createLogEventHandler } from '../../../src/events/log-event-router.js';
import { createUserEventHandler } from '../../../src/events/user-event.js';
import { parseEngineEvent } from '../../../src/events/engine-event.js';
import { parseProxyRepositoryEvent } from '../../../src/events/proxy-repository-event.js';
import { parseSchedulerEvent } from '../../../src/events/scheduler-event.js';
import { parseQixPerfEvent } from '../../../src/events/qix-perf-event.js';
import type { LogEvent } from '../../../src/events/types.js';
import { createCluster } from '../../../bench/sim/cluster.js';
import { buildDatagramPools } from '../../../bench/sim/datagram-pool.js';
import { renderTemplate, type SimSource } from '../../../bench/sim/datagram-template.js';
import { datagrams, logOptions, userOptions } from './helpers.js';

// The characters JSON.stringify escapes besides the backslash, and those sanitizeField deletes.
const JSON_SPECIAL = /["\u0000-\u001f\ud800-\udfff]/;

function texts(sources: readonly SimSource[]): string[] {
  const cluster = createCluster({ nodes: 3, seed: '23' });
  const pools = buildDatagramPools(cluster, { runId: 3, size: 300 });
  const out: string[] = [];
  for (const source of sources) (pools.get(source) ?? []).forEach((t, i) => out.push(renderTemplate(t, i, Date.now(), cluster.utcOffsetMinutes)));
  return out;
}

const LOG_TEXTS = [...datagrams('udp', 'log-events-constructed.txt'), ...datagrams('udp', 'log-events-from-tests.txt'), ...texts(['engine', 'proxy', 'repository', 'scheduler', 'qix-perf'])];

function strings(e: object): string[] {
  return Object.values(e).filter((v): v is string => typeof v === 'string');
}

test('isPlainText: control characters, DEL, quotes and surrogates are not plain; backslashes and other text are', () => {
  for (const s of ['', '/qseow-engine/;1;a\\b;ü;€;;(null)', 'x'.repeat(70_000), 'tab-free; semi;colons']) assert.equal(isPlainText(s), true, JSON.stringify(s));
  for (const s of ['a\tb', 'a\nb', 'a\rb', 'a\u0000b', 'a\u001fb', 'a\u007fb', 'say "hi"', 'pair 😀', 'lone \ud800', 'lone \udc00']) {
    assert.equal(isPlainText(s), false, JSON.stringify(s));
  }
});

test('plainTextField equals textField on text without control characters: absent, (null), short, truncated', () => {
  for (const raw of [undefined, '(null)', '', 'abc', 'x'.repeat(99), 'x'.repeat(100), 'y'.repeat(101), 'ü€'.repeat(80), 'LAB\\joe']) {
    for (const max of [1, 20, 100, 1000]) assert.equal(plainTextField(raw, max), textField(raw, max), `${String(raw).slice(0, 12)} ${max}`);
  }
});

test('every fixture and simulator log datagram: the plain reader parses the same event as the sanitising one', () => {
  let plain = 0;
  for (const text of LOG_TEXTS) {
    if (!isPlainText(text)) continue;
    plain++;
    const parts = text.split(';');
    const prefix = parts[0].toLowerCase();
    const pairs: Array<[LogEvent, LogEvent]> = prefix.includes('engine') && !prefix.includes('perf')
      ? [[parseEngineEvent(parts, plainTextField), parseEngineEvent(parts)]]
      : prefix.includes('proxy') || prefix.includes('repository')
        ? [[parseProxyRepositoryEvent(parts, 'qseow-proxy', plainTextField), parseProxyRepositoryEvent(parts, 'qseow-proxy')]]
        : prefix.includes('scheduler')
          ? [[parseSchedulerEvent(parts, plainTextField), parseSchedulerEvent(parts)]]
          : [[parseQixPerfEvent(parts, 'An app', plainTextField), parseQixPerfEvent(parts, 'An app')]];
    for (const [fast, exact] of pairs) assert.deepEqual(fast, exact, text.slice(0, 80));
  }
  assert.ok(plain > 1000, `${plain} plain datagrams`);
});

test('the router marks an event plain exactly when none of its strings needs JSON escaping beyond backslashes', () => {
  const handle = createLogEventHandler(logOptions());
  let plain = 0;
  for (const text of LOG_TEXTS) {
    const o = handle(text);
    if (o.kind !== 'event') continue;
    assert.equal(o.plain, isPlainText(text), text.slice(0, 80));
    if (!o.plain) continue;
    plain++;
    for (const s of strings(o.event)) assert.ok(!JSON_SPECIAL.test(s), `${o.event.source} ${s.slice(0, 40)}`);
  }
  assert.ok(plain > 1000, `${plain} plain events`);
  // Qlik's %encodedmessage leaves no quote in any recorded datagram, so the others are made here: a quote, a tab
  // or a surrogate anywhere in the datagram makes it not plain, and the tab is still removed.
  const engine = LOG_TEXTS.find((t) => t.startsWith('/qseow-engine/') && isPlainText(t)) as string;
  for (const extra of [' "quoted"', ' with\ttab', ' pair 😀']) {
    const parts = engine.split(';');
    parts[8] += extra;
    const o = handle(parts.join(';'));
    assert.equal(o.kind, 'event');
    if (o.kind === 'event' && o.event.source === 'qseow-engine') {
      assert.equal(o.plain, false, extra);
      assert.equal(o.event.message, (engine.split(';')[8] + extra).replace('\t', ''));
    }
  }
});

test('qix-perf: a looked-up app name with a quote or control character makes the event not plain, and is sanitised', () => {
  const perf = LOG_TEXTS.find((t) => t.startsWith('/qseow-qix-perf/') && isPlainText(t)) as string;
  const appId = perf.split(';')[13];
  for (const [name, plain, stored] of [['Sales', true, 'Sales'], ['The "best" app', false, 'The "best" app'], ['Tab\tapp', true, 'Tabapp'], ['Emoji 😀', false, 'Emoji 😀']] as const) {
    const handle = createLogEventHandler(logOptions({
      appName: () => name,
      enginePerformanceMonitor: { ...logOptions().enginePerformanceMonitor, appNameLookup: { enable: true } },
    }));
    const o = handle(perf);
    assert.equal(o.kind, 'event', name);
    if (o.kind === 'event' && o.event.source === 'qseow-qix-perf') {
      assert.equal(o.event.app_id, appId.toLowerCase());
      assert.equal(o.event.app_name, stored, name);
      assert.equal(o.plain, plain, name);
    }
  }
});

test('user events: the plain reader gives the same events as the sanitising path', () => {
  const handle = createUserEventHandler(userOptions());
  const users = texts(['user']);
  assert.ok(users.length > 100);
  for (const text of users) {
    const fast = handle(text);
    // The same datagram with a control character appended to the message takes the sanitising path.
    const exact = handle(text + '\u0001');
    assert.equal(fast.kind, exact.kind);
    if (fast.kind === 'event' && exact.kind === 'event') assert.deepEqual(fast.event, exact.event, text.slice(0, 80));
  }
});
