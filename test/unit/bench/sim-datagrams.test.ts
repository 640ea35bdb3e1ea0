// The simulator's datagrams must be what a real Qlik Sense cluster sends: every source parses with our own
// parsers into a published event, with the fields the templates put there, and the sequence token survives
// into a stored field and round-trips through extractSequence / extractDatagramSequence.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createCluster } from '../../../bench/sim/cluster.js';
import { buildDatagramPool } from '../../../bench/sim/datagram-pool.js';
import { SIM_LOG_SOURCES, renderTemplate } from '../../../bench/sim/datagram-template.js';
import { LOG_FIELD_COUNT } from '../../../bench/sim/log-events.js';
import { formatCompactTs } from '../../../bench/sim/qlik-time.js';
import { extractDatagramSequence, extractSequence, formatToken } from '../../../bench/sim/sequence-token.js';
import { createLogEventHandler } from '../../../src/events/log-event-router.js';
import { createUserEventHandler } from '../../../src/events/user-event.js';
import { logOptions, userOptions } from '../events/helpers.js';

const RUN_ID = 4711;
const cluster = createCluster({ nodes: 3, seed: 'unit' });
const appNames = new Map(cluster.apps.map((a) => [a.id, a.name]));
const SEND_MS = Date.UTC(2025, 5, 1, 12, 30, 15, 250);

for (const source of SIM_LOG_SOURCES) {
  test(`sim ${source} datagrams parse as ${source} log events and keep their token`, () => {
    const handle = createLogEventHandler(logOptions({ appName: (id) => appNames.get(id) }));
    const pool = buildDatagramPool(cluster, source, { runId: RUN_ID, size: 300, startMs: SEND_MS });
    pool.forEach((template, i) => {
      const seq = 1_000_000 + i * 7919;
      const text = renderTemplate(template, seq, SEND_MS, cluster.utcOffsetMinutes);
      assert.equal(text.split(';').length, LOG_FIELD_COUNT[source], `field count of ${text}`);
      const outcome = handle(text);
      assert.equal(outcome.kind, 'event', `outcome of ${text}`);
      if (outcome.kind !== 'event') return;
      const event = outcome.event;
      assert.equal(event.source, `qseow-${source}`);
      assert.ok(cluster.nodes.some((n) => n.name === event.host), `host ${event.host}`);
      // The send time stamped into the template is what the parser reads back.
      assert.equal(event.ts_iso, formatCompactTs(SEND_MS, cluster.utcOffsetMinutes));
      assert.deepEqual(extractDatagramSequence(text), { runId: RUN_ID, seq });
      // The token must sit in a stored field: message for text sources, request_id for qix-perf.
      if (event.source === 'qseow-qix-perf') {
        assert.equal(event.request_id, Number(`${RUN_ID}${String(seq).padStart(10, '0')}`));
        assert.ok(Number.isFinite(event.process_time));
        assert.ok(appNames.has(event.app_id), `app id ${event.app_id}`);
        assert.deepEqual(extractSequence(`log_event raw_event="${JSON.stringify(event).replace(/"/g, '\\"')}"`), { runId: RUN_ID, seq });
      } else {
        assert.ok(event.message.endsWith(formatToken(RUN_ID, seq)), `message ${event.message}`);
        assert.deepEqual(extractSequence(`log_event message="${event.message}"`), { runId: RUN_ID, seq });
      }
    });
  });
}

test('sim user-event datagrams parse as user events with app ids, user agents and tokens', () => {
  const handle = createUserEventHandler(userOptions({ appName: (id) => appNames.get(id) }));
  const pool = buildDatagramPool(cluster, 'user', { runId: RUN_ID, size: 300 });
  const commands = new Set<string>();
  let withApp = 0;
  let withUa = 0;
  pool.forEach((template, i) => {
    const seq = 42 + i;
    const text = renderTemplate(template, seq, SEND_MS, cluster.utcOffsetMinutes);
    const outcome = handle(text);
    assert.equal(outcome.kind, 'event', `outcome of ${text}`);
    if (outcome.kind !== 'event') return;
    const event = outcome.event;
    commands.add(event.command);
    assert.ok(event.user_id.endsWith(`_${formatToken(RUN_ID, seq)}`), `user id ${event.user_id}`);
    assert.deepEqual(extractSequence(`user_events,userId=${event.user_id} x=1`), { runId: RUN_ID, seq });
    assert.deepEqual(extractDatagramSequence(text), { runId: RUN_ID, seq });
    if (event.appId) {
      withApp++;
      assert.equal(event.appName, appNames.get(event.appId));
    }
    if (event.ua && event.ua.browser.name !== '') withUa++;
  });
  assert.deepEqual([...commands].sort(), ['Close connection', 'Open connection', 'Start session', 'Stop session']);
  assert.ok(withApp > pool.length / 2, `most user events carry an app id (${withApp}/${pool.length})`);
  assert.ok(withUa > pool.length / 2, `most user events carry a parsable user agent (${withUa}/${pool.length})`);
});

test('sequence tokens round-trip at the edges of the sequence range', () => {
  for (const seq of [0, 1, 99_999, 100_000, 2 ** 31 + 5, 9_999_999_999]) {
    assert.deepEqual(extractSequence(`m,t=a message="x ${formatToken(1, seq)}" 1`), { runId: 1, seq });
    assert.deepEqual(extractSequence(`m raw_event="{\\"request_id\\":89999${String(seq).padStart(10, '0')}}"`), { runId: 89_999, seq });
  }
  // A real Qlik request id (small number) is not a token.
  assert.equal(extractSequence('m raw_event="{\\"request_id\\":1234}"'), null);
});
