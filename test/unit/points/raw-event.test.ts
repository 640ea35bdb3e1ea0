// raw_event written from per-source shapes against the reference JSON.stringify(JSON.stringify(event)): every
// simulator and fixture event, categories, MQTT tags, and every kind of value that has to take the exact path.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLogEventHandler } from '../../../src/events/log-event-router.js';
import type { LogEvent } from '../../../src/events/types.js';
import { rawEventJson, rawEventLiteral, rawEventTags } from '../../../src/points/raw-event.js';
import { createCluster } from '../../../bench/sim/cluster.js';
import { buildDatagramPools } from '../../../bench/sim/datagram-pool.js';
import { renderTemplate } from '../../../bench/sim/datagram-template.js';
import { datagrams, logOptions } from '../events/helpers.js';

function events(): LogEvent[] {
  const cluster = createCluster({ nodes: 3, seed: '11' });
  const pools = buildDatagramPools(cluster, { runId: 2, size: 400 });
  const handle = createLogEventHandler(logOptions());
  const texts: string[] = datagrams('udp', 'log-events-constructed.txt');
  for (const source of ['engine', 'proxy', 'repository', 'scheduler', 'qix-perf'] as const) {
    (pools.get(source) ?? []).forEach((t, i) => texts.push(renderTemplate(t, i, Date.now(), cluster.utcOffsetMinutes)));
  }
  const out: LogEvent[] = [];
  for (const text of texts) {
    const o = handle(text);
    if (o.kind === 'event') out.push(o.event);
  }
  return out;
}

const EVENTS = events();
const NO_TAGS = rawEventTags(null);

function assertExact(e: LogEvent, tagsJson: string | null, label: string): void {
  const expected = JSON.stringify(rawEventJson(e, tagsJson));
  assert.equal(rawEventLiteral(e, rawEventTags(tagsJson)), expected, label);
}

test('every simulator and fixture event: the literal is JSON.stringify of its JSON', () => {
  assert.ok(EVENTS.length > 1500);
  assert.ok(EVENTS.some((e) => e.source === 'qseow-qix-perf') && EVENTS.some((e) => e.source === 'qseow-scheduler'));
  for (const e of EVENTS) assertExact(e, null, `${e.source} ${e.log_row}`);
});

test('with categories (shared frozen lists and fresh ones) and MQTT forwarding tags', () => {
  const shared = Object.freeze([Object.freeze({ name: 'error', value: 'Data "connection"' }), Object.freeze({ name: 'x\\y', value: 'ü' })]);
  const tagsJson = JSON.stringify({ qs_env: 'dev', 'we"ird': 'a\\b' });
  EVENTS.slice(0, 300).forEach((e, i) => {
    const categorised = { ...e, category: i % 3 === 0 ? shared : i % 3 === 1 ? [] : [{ name: 'c', value: String(i) }] } as LogEvent;
    assertExact(categorised, null, 'categories');
    assertExact(categorised, tagsJson, 'categories and tags');
    assertExact(e, tagsJson, 'tags');
  });
});

test('values only the exact path handles: quotes, control characters, surrogates, non-finite numbers, odd types and keys', () => {
  const odd: Array<(e: Record<string, unknown>) => void> = [
    (e) => (e.host = 'say "hi"'),
    (e) => (e.level = 'tab\there'),
    (e) => (e.subsystem = 'lone \ud800 surrogate'),
    (e) => (e.subsystem = 'pair 😀 ok'),
    (e) => (e.host = 'back\\slash \\\\ twice'),
    (e) => (e.log_row = Number.NaN),
    (e) => (e.log_row = -0),
    (e) => (e.log_row = 1.5e300),
    (e) => (e.host = undefined),
    (e) => (e.host = 42),
    (e) => (e.extra = 'x'),
    (e) => delete e.level,
    (e) => (e.ts_iso = 'ünïcødé € 中文'),
  ];
  EVENTS.slice(0, 200).forEach((e, i) => {
    const copy = { ...e } as Record<string, unknown>;
    odd[i % odd.length](copy);
    assertExact(copy as unknown as LogEvent, null, `mutation ${i % odd.length}`);
  });
});

test('qix-perf numbers: NaN times become null as JSON.stringify writes them', () => {
  const perf = EVENTS.find((e) => e.source === 'qseow-qix-perf');
  assert.ok(perf);
  const e = { ...perf, process_time: Number.NaN, work_time: Infinity } as LogEvent;
  const literal = rawEventLiteral(e, NO_TAGS);
  assert.match(literal, /\\"process_time\\":null,\\"work_time\\":null,/);
  assertExact(e, null, 'NaN');
});

test('an event the parser marked plain: the literal without the value check is still JSON.stringify of its JSON', () => {
  const cluster = createCluster({ nodes: 2, seed: '5' });
  const pools = buildDatagramPools(cluster, { runId: 4, size: 200 });
  const handle = createLogEventHandler(logOptions());
  let plain = 0;
  for (const source of ['engine', 'proxy', 'repository', 'scheduler', 'qix-perf'] as const) {
    (pools.get(source) ?? []).forEach((t, i) => {
      const o = handle(renderTemplate(t, i, Date.now(), cluster.utcOffsetMinutes));
      if (o.kind !== 'event' || !o.plain) return;
      plain++;
      for (const tagsJson of [null, JSON.stringify({ qs_env: 'dev' })]) {
        assert.equal(rawEventLiteral(o.event, rawEventTags(tagsJson), true), JSON.stringify(rawEventJson(o.event, tagsJson)), `${o.event.source} ${i}`);
      }
    });
  }
  assert.ok(plain > 500, `${plain} plain events`);
});
