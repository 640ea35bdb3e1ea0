// Property-based tests of the UDP event parsers (issue 15): whatever arrives, the handlers of all five log
// sources and of user events return a known outcome and never throw, and every event they accept encodes
// to valid line protocol for InfluxDB 1, 2 and 3 (one physical line, schema-conformant).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decodeDatagram } from '../../../src/events/decode.js';
import { createLogEventHandler } from '../../../src/events/log-event-router.js';
import { logEventHandlerOptions, userEventHandlerOptions } from '../../../src/events/options.js';
import { createUserEventHandler } from '../../../src/events/user-event.js';
import { createLogEventEncoder, createUserEventEncoder } from '../../../src/points/index.js';
import { checkLines, defaultConfig, LOG_SAMPLES, mangled, RUNS, USER_SAMPLES } from '../../support/fuzz.js';

const config = defaultConfig();
config.logEvents.categorise.enable = true;
const logHandler = createLogEventHandler(logEventHandlerOptions(config.logEvents, config.qlikSenseEvents, () => 'an app'));
const userHandler = createUserEventHandler(userEventHandlerOptions(config.userEvents, config.qlikSenseEvents, () => 'an app'));
const VERSIONS = [1, 2, 3] as const;
const logEncoders = VERSIONS.map((v) => createLogEventEncoder(config, v));
const userEncoders = VERSIONS.map((v) => createUserEventEncoder(config, v));
const LOG_KINDS = new Set(['event', 'unrecognised', 'perf-disabled', 'rejected', 'dropped-by-rule']);
const USER_KINDS = new Set(['event', 'unrecognised', 'excluded']);
const TIME_US = 1_733_000_000_000_000;

test('the seeds cover all five log sources, accepted', () => {
  const accepted = LOG_SAMPLES.filter((s) => logHandler(s).kind === 'event');
  const prefixes = new Set(accepted.map((s) => s.slice(0, s.indexOf('/', 1) + 1)));
  for (const p of ['/qseow-engine/', '/qseow-proxy/', '/qseow-repository/', '/qseow-scheduler/', '/qseow-qix-perf/']) assert.ok(prefixes.has(p), p);
  assert.ok(USER_SAMPLES.filter((s) => userHandler(s).kind === 'event').length > 10);
});

test('log events: any datagram gives a known outcome; accepted events encode to valid lines (v1, v2, v3)', () => {
  fc.assert(
    fc.property(mangled(LOG_SAMPLES), (text) => {
      const outcome = logHandler(text);
      assert.ok(LOG_KINDS.has(outcome.kind), outcome.kind);
      if (outcome.kind !== 'event') return;
      VERSIONS.forEach((v, i) => {
        const line = logEncoders[i](outcome.event, TIME_US);
        assert.notEqual(line, '', 'an accepted event is written');
        assert.deepEqual(checkLines(line, v), []);
      });
    }),
    { numRuns: RUNS * 5 },
  );
});

test('user events: any datagram gives a known outcome; accepted events encode to valid lines (v1, v2, v3)', () => {
  fc.assert(
    fc.property(mangled(USER_SAMPLES), (text) => {
      const outcome = userHandler(text);
      assert.ok(USER_KINDS.has(outcome.kind), outcome.kind);
      if (outcome.kind !== 'event') return;
      VERSIONS.forEach((v, i) => {
        const line = userEncoders[i](outcome.event, TIME_US);
        assert.notEqual(line, '');
        assert.deepEqual(checkLines(line, v), []);
      });
    }),
    { numRuns: RUNS * 3 },
  );
});

test('raw bytes: decoding never throws and gives a string the handlers accept as input', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 2048 }), (bytes) => {
      const text = decodeDatagram(bytes);
      assert.equal(typeof text, 'string');
      assert.ok(LOG_KINDS.has(logHandler(text).kind));
      assert.ok(USER_KINDS.has(userHandler(text).kind));
    }),
    { numRuns: RUNS },
  );
});
