// The direct `log_event` line writer against the reference rendering (encodeLine of the `Point`): the same
// bytes for every simulator event of every source, every InfluxDB version, with and without static tags,
// categories, MQTT forwarding's `tags` in raw_event, names that collide, and values full of characters that
// need escaping.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLogEventHandler } from '../../../src/events/log-event-router.js';
import type { Category, LogEvent } from '../../../src/events/types.js';
import { createLogEventEncoder, encodeLine, logEventContext, logEventPoint, type LogEventPointConfig } from '../../../src/points/index.js';
import type { InfluxVersion } from '../../../src/points/point.js';
import { createCluster } from '../../../bench/sim/cluster.js';
import { buildDatagramPools } from '../../../bench/sim/datagram-pool.js';
import { renderTemplate } from '../../../bench/sim/datagram-template.js';
import { datagrams, logOptions } from '../events/helpers.js';

const TIME_US = 1_715_779_812_345_678;
// Events the router marked plain (LogEventOutcome.plain): the writer is given that flag for them, as the parse
// worker does, so the plain path is held to the reference bytes too. Copies (categories, escaping) are not plain.
const PLAIN = new WeakSet<LogEvent>();
const VERSIONS: readonly InfluxVersion[] = [1, 2, 3];

function simulatorEvents(perSource: number): LogEvent[] {
  const cluster = createCluster({ nodes: 4, seed: '7' });
  const pools = buildDatagramPools(cluster, { runId: 3, size: perSource });
  const handle = createLogEventHandler(logOptions());
  const events: LogEvent[] = [];
  for (const source of ['engine', 'proxy', 'repository', 'scheduler', 'qix-perf'] as const) {
    const pool = pools.get(source) ?? [];
    pool.forEach((template, i) => {
      const outcome = handle(renderTemplate(template, i, Date.now(), cluster.utcOffsetMinutes));
      if (outcome.kind !== 'event') return;
      events.push(outcome.event);
      if (outcome.plain) PLAIN.add(outcome.event);
    });
  }
  for (const file of ['log-events-constructed.txt']) {
    for (const d of datagrams('udp', file)) {
      const outcome = handle(d);
      if (outcome.kind === 'event') events.push(outcome.event);
    }
  }
  return events;
}

function config(tags: Array<{ name: string; value: string }>, mqtt = false): LogEventPointConfig {
  return { logEvents: { tags, sendToMQTT: { enable: mqtt } }, mqttConfig: { enable: mqtt } };
}

function assertSame(events: readonly LogEvent[], cfg: LogEventPointConfig, label: string): void {
  for (const version of VERSIONS) {
    const fast = createLogEventEncoder(cfg, version);
    const ctx = logEventContext(cfg, version);
    for (const e of events) {
      const expected = encodeLine(logEventPoint(e, ctx, TIME_US));
      const actual = fast(e, TIME_US, PLAIN.has(e));
      if (actual !== expected) assert.equal(actual, expected, `${label}, v${version}, ${e.source} row ${e.log_row}`);
    }
  }
}

const EVENTS = simulatorEvents(300);

test('the simulator produced events of every log source, most of them plain', () => {
  assert.ok(EVENTS.filter((e) => PLAIN.has(e)).length > EVENTS.length / 2);
  const sources = new Set(EVENTS.map((e) => e.source));
  assert.deepEqual([...sources].sort(), ['qseow-engine', 'qseow-proxy', 'qseow-qix-perf', 'qseow-repository', 'qseow-scheduler']);
});

test('direct log_event lines equal the reference: no tags, static tags, MQTT tags in raw_event', () => {
  assertSame(EVENTS, config([]), 'no tags');
  assertSame(EVENTS, config([{ name: 'qs_env', value: 'dev' }, { name: 'aaa', value: 'first' }, { name: 'zz top', value: 'a,b=c' }]), 'static tags');
  assertSame(EVENTS, config([{ name: 'qs_env', value: 'dev' }], true), 'mqtt');
  assertSame(EVENTS, config([{ name: 'empty', value: '' }, { name: '', value: 'x' }, { name: 'v3', value: '<a\\b>' }]), 'empty and v3-sanitised statics');
});

function withCategories(events: readonly LogEvent[], pick: (i: number) => Category[]): LogEvent[] {
  return events.map((e, i) => ({ ...e, category: pick(i) }) as LogEvent);
}

test('direct log_event lines equal the reference with categories, sorted in between base and static tags', () => {
  const sets: Category[][] = [
    [{ name: 'aaa', value: 'x' }],
    [{ name: 'error_category', value: 'Data connection' }, { name: 'abc', value: 'b c' }],
    [{ name: 'zzz', value: 'last' }, { name: 'm', value: '' }, { name: 'log_level_group', value: 'a\\b<c>' }],
    [],
  ];
  const cfg = config([{ name: 'qs_env', value: 'dev' }, { name: 'site', value: 'lab' }]);
  assertSame(withCategories(EVENTS, (i) => sets[i % sets.length]), cfg, 'categories');
});

test('names that collide (category or static tag named like a base tag, repeated names) take the reference path', () => {
  const sets: Category[][] = [
    [{ name: 'host', value: 'other-host' }],
    [{ name: 'user_id', value: 'overridden' }],
    [{ name: 'qs_env', value: 'from-category' }],
    [{ name: 'dup', value: '1' }, { name: 'dup', value: '2' }],
  ];
  assertSame(withCategories(EVENTS, (i) => sets[i % sets.length]), config([{ name: 'qs_env', value: 'dev' }]), 'category collisions');
  assertSame(EVENTS, config([{ name: 'level', value: 'static-level' }]), 'static named like a base tag');
  assertSame(EVENTS, config([{ name: 'a', value: '1' }, { name: 'a', value: '2' }]), 'repeated static');
});

test('values that need escaping or are empty are written exactly as the reference writes them', () => {
  const nasty = ['', 'a b', 'a,b', 'a=b', 'tail\\', '\\\\', 'q"uote', 'DIR\\user', 'x\\ y', 'æøå €', '<Unknown>', '\\,'];
  const mutated = EVENTS.slice(0, 400).map((e, i) => {
    const copy: Record<string, unknown> = { ...e };
    for (const key of Object.keys(copy)) {
      if (typeof copy[key] === 'string' && key !== 'source' && (i + key.length) % 3 === 0) copy[key] = nasty[(i + key.length) % nasty.length];
    }
    if (e.source === 'qseow-qix-perf' && i % 5 === 0) copy.process_time = Number.NaN;
    return copy as unknown as LogEvent;
  });
  assertSame(mutated, config([{ name: 'qs_env', value: 'dev' }]), 'escaping');
});
