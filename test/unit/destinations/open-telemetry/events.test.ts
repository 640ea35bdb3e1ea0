import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LogEvent } from '../../../../src/events/types.js';
import { eventTimeUs } from '../../../../src/destinations/open-telemetry/encode-events.js';
import type { LogLine } from '../../../../src/destinations/open-telemetry/records.js';
import { qlikService } from '../../../../src/destinations/open-telemetry/resources.js';
import { severityOf } from '../../../../src/destinations/open-telemetry/severity.js';
import { fixtureLogEvents, fixtureUserEvents } from '../../../integration/destinations/record-fixtures.js';
import { encode, otelConfig } from './fixtures.js';

const config = otelConfig();
const T = 1_767_225_600_123_456;

test('every fixture log event becomes one log record: resource, times, severity, body, no empty attributes', () => {
  const events = fixtureLogEvents(config);
  assert.ok(events.length >= 5, 'fixtures cover the sources');
  for (const event of events) {
    const lines = encode(config, 'LOG_EVENTS', { event, timeUs: T });
    assert.equal(lines.length, 1);
    const l = lines[0] as LogLine;
    assert.equal(l.k, 'log');
    assert.deepEqual(l.r, { 'service.name': qlikService(event.source), 'host.name': event.host });
    assert.equal(l.o, T);
    const t = eventTimeUs(event.ts_iso);
    assert.equal(l.t, Number.isNaN(t) ? T : t);
    assert.equal(l.st, event.level);
    assert.equal(l.sn, severityOf(event.level));
    if (event.source !== 'qseow-qix-perf') assert.equal(l.b, event.message);
    for (const [k, v] of Object.entries(l.a)) assert.notEqual(v, '', `${k} is empty`);
    assert.equal(l.a['qlik_sense.source'], event.source);
    assert.equal(l.a['qlik_sense.subsystem'] ?? '', event.subsystem);
    if (event.user_full) {
      assert.equal(l.a['user.id'], event.user_full);
      assert.equal(l.a['user.name'], event.user_id);
    }
    for (const c of event.category ?? []) assert.equal(l.a[`qlik_sense.category.${c.name}`], c.value);
  }
});

test('log event attributes use semantic-convention names where OTel has one', () => {
  const base = fixtureLogEvents(config).find((e) => e.source === 'qseow-engine');
  assert.ok(base);
  const event = { ...base, process_id: '4242', session_id: 's-1', ts_iso: '20260101T120000.250+0100', level: 'ERROR' } as LogEvent;
  const l = encode(config, 'LOG_EVENTS', { event, timeUs: T })[0] as LogLine;
  assert.equal(l.a['process.pid'], 4242);
  assert.equal(l.a['session.id'], 's-1');
  assert.equal(l.a['qlik_sense.process_id'], undefined);
  assert.equal(l.t, Date.UTC(2026, 0, 1, 11, 0, 0, 250) * 1000, 'the event time honours the offset');
  assert.equal(l.sn, 17);
  const proxy = fixtureLogEvents(config).find((e) => e.source === 'qseow-proxy');
  assert.ok(proxy);
  const p = encode(config, 'LOG_EVENTS', { event: { ...proxy, exception_message: 'boom' } as LogEvent, timeUs: T })[0] as LogLine;
  assert.equal(p.a['exception.message'], 'boom');
  assert.equal(p.r['service.name'], 'qlik-sense-proxy');
});

test('qix-perf events: engine service, numeric attributes, body names the method and object type', () => {
  const event = fixtureLogEvents(config).find((e) => e.source === 'qseow-qix-perf');
  assert.ok(event && event.source === 'qseow-qix-perf');
  const l = encode(config, 'LOG_EVENTS', { event, timeUs: T })[0] as LogLine;
  assert.equal(l.r['service.name'], 'qlik-sense-engine');
  assert.equal(l.b, `${event.method} ${event.object_type}`.trim());
  if (Number.isFinite(event.process_time)) assert.equal(l.a['qlik_sense.process_time'], event.process_time);
  assert.equal(l.a['qlik_sense.method'], event.method || undefined);
});

test('user events become INFO log records of qlik-sense-proxy at the receive time, with user_agent.*', () => {
  const events = fixtureUserEvents(config);
  assert.ok(events.length > 0);
  for (const event of events) {
    const l = encode(config, 'USER_EVENTS', { event, timeUs: T })[0] as LogLine;
    assert.deepEqual(l.r, { 'service.name': 'qlik-sense-proxy', 'host.name': event.host });
    assert.equal(l.t, T);
    assert.equal(l.o, T);
    assert.equal(l.sn, 9);
    assert.equal(l.st, 'INFO');
    assert.equal(l.b, event.message);
    assert.equal(l.a['qlik_sense.message_type'], event.messageType);
    if (event.ua?.ua) assert.equal(l.a['user_agent.original'], event.ua.ua);
    if (event.ua?.browser.name) assert.equal(l.a['user_agent.name'], event.ua.browser.name);
    if (event.appId) assert.equal(l.a['qlik_sense.app_id'], event.appId);
  }
});

test('event time: compact and hyphenated ISO with offsets; empty or unreadable is NaN', () => {
  assert.equal(eventTimeUs('20211109T153726.028+0200'), Date.UTC(2021, 10, 9, 13, 37, 26, 28) * 1000);
  assert.equal(eventTimeUs('2021-11-09T15:37:26.028-05:30'), Date.UTC(2021, 10, 9, 21, 7, 26, 28) * 1000);
  assert.ok(Number.isNaN(eventTimeUs('')));
  assert.ok(Number.isNaN(eventTimeUs('yesterday')));
});
