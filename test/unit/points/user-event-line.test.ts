// The direct `user_events` line writer against the reference rendering (encodeLine of the `Point`): the same
// bytes for every simulator user event, every InfluxDB version, with static tags, colliding names and values
// that need escaping.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createUserEventHandler } from '../../../src/events/user-event.js';
import type { UserEvent } from '../../../src/events/types.js';
import { createUserEventEncoder, encodeLine, userEventContext, userEventPoint, type UserEventPointConfig } from '../../../src/points/index.js';
import type { InfluxVersion } from '../../../src/points/point.js';
import { createCluster } from '../../../bench/sim/cluster.js';
import { buildDatagramPools } from '../../../bench/sim/datagram-pool.js';
import { renderTemplate } from '../../../bench/sim/datagram-template.js';
import { datagrams, userOptions } from '../events/helpers.js';

const TIME_US = 1_715_779_812_345_678;
const VERSIONS: readonly InfluxVersion[] = [1, 2, 3];

function userEvents(count: number): UserEvent[] {
  const cluster = createCluster({ nodes: 4, seed: '9' });
  const pool = buildDatagramPools(cluster, { runId: 5, size: count }).get('user') ?? [];
  const handle = createUserEventHandler(userOptions());
  const texts = [...pool.map((t, i) => renderTemplate(t, i, Date.now(), cluster.utcOffsetMinutes)), ...datagrams('udp', 'user-events-constructed.txt')];
  const out: UserEvent[] = [];
  for (const text of texts) {
    const outcome = handle(text);
    if (outcome.kind === 'event') out.push(outcome.event);
  }
  return out;
}

function assertSame(events: readonly UserEvent[], tags: Array<{ name: string; value: string }>, label: string): void {
  const cfg: UserEventPointConfig = { userEvents: { tags } };
  for (const version of VERSIONS) {
    const fast = createUserEventEncoder(cfg, version);
    const ctx = userEventContext(cfg, version);
    for (const e of events) {
      const expected = encodeLine(userEventPoint(e, ctx, TIME_US));
      const actual = fast(e, TIME_US);
      if (actual !== expected) assert.equal(actual, expected, `${label}, v${version}, ${e.messageType} ${e.command}`);
    }
  }
}

const EVENTS = userEvents(600);

test('the simulator produced session and connection events, with and without app and user agent', () => {
  assert.ok(EVENTS.some((e) => e.messageType === 'qseow-proxy-session'));
  assert.ok(EVENTS.some((e) => e.messageType === 'qseow-proxy-connection'));
  assert.ok(EVENTS.some((e) => e.appId) && EVENTS.some((e) => !e.appId));
  assert.ok(EVENTS.some((e) => e.ua !== undefined));
});

test('direct user_events lines equal the reference: no tags, static tags, tags sorting between members', () => {
  assertSame(EVENTS, [], 'no tags');
  assertSame(EVENTS, [{ name: 'qs_env', value: 'dev' }, { name: 'aaa', value: 'x y' }, { name: 'zz', value: '<v3>\\' }, { name: 'e', value: '' }], 'statics');
});

test('static tags named like a member or repeated take the reference path, with the same bytes', () => {
  assertSame(EVENTS, [{ name: 'host', value: 'static-host' }], 'static host');
  assertSame(EVENTS, [{ name: 'a', value: '1' }, { name: 'a', value: '2' }], 'repeated');
});

test('values that need escaping or are empty are written exactly as the reference writes them', () => {
  const nasty = ['', 'a b', 'a,b', 'a=b', 'tail\\', 'q"uote', 'DIR\\user', '<unknown app name>', 'æøå'];
  const mutated = EVENTS.map((e, i) => {
    const copy: Record<string, unknown> = { ...e };
    for (const key of ['host', 'command', 'user_full', 'user_directory', 'user_id', 'origin', 'appId', 'appName']) {
      if ((i + key.length) % 3 === 0) copy[key] = nasty[(i + key.length) % nasty.length];
    }
    return copy as unknown as UserEvent;
  });
  assertSame(mutated, [{ name: 'qs_env', value: 'dev' }], 'escaping');
});
