// Routing, counting keys and malformed input for log-event datagrams (docs/inputs.md,
// docs/inputs.md#event-counters-qliksenseevents).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLogEventHandler } from '../../../src/events/log-event-router.js';
import { decodeDatagram } from '../../../src/events/decode.js';
import { logEventHandlerOptions } from '../../../src/events/options.js';
import type { EngineLogEvent, LogEvent, ProxyRepositoryLogEvent, QixPerfLogEvent, SchedulerLogEvent } from '../../../src/events/types.js';
import { datagrams, logOptions, lookupAppName } from './helpers.js';

const constructed = datagrams('udp', 'log-events-constructed.txt');
const fromTests = datagrams('udp', 'log-events-from-tests.txt');
const [ENGINE_1, , PROXY_1, PROXY_2, , , SCHEDULER_1, , QIX_1] = constructed;

function eventOf<T extends LogEvent>(out: ReturnType<ReturnType<typeof createLogEventHandler>>): T {
  if (out.kind !== 'event') assert.fail(`expected an event, got ${out.kind}`);
  return out.event as T;
}

test('accepted event is counted by parsed source, host and subsystem', () => {
  const out = createLogEventHandler(logOptions())(PROXY_1);
  assert.equal(out.kind, 'event');
  assert.deepEqual((out as { count: unknown }).count, {
    eventType: 'log',
    source: 'qseow-proxy',
    host: 'SENSE-CENTRAL',
    subsystem: 'Audit.Proxy.Proxy.SessionEstablishment.Authentication.AuthenticationHandler',
  });
});

test('counting off: count is null for every outcome kind', () => {
  const h = createLogEventHandler(logOptions({ eventCountEnabled: false }));
  assert.equal((h(PROXY_1) as { count: unknown }).count, null);
  assert.equal((h('/unknown/;1;2') as { count: unknown }).count, null);
});

test('unknown prefix: unrecognised, first 25 chars, counted as normalised prefix + Unknown (fix: Butler used parts[1]/parts[5])', () => {
  const out = createLogEventHandler(logOptions())(fromTests[fromTests.length - 1]);
  assert.deepEqual(out, {
    kind: 'unrecognised',
    count: { eventType: 'log', source: 'unknown', host: 'Unknown', subsystem: 'Unknown' },
    first25: '/unknown/;1;2;3;4;5;6;7;8',
  });
});

test('disabled source: unrecognised, counted with host=parts[5], subsystem=parts[6] (fix: Butler used parts[1]/parts[5])', () => {
  const base = logOptions();
  const h = createLogEventHandler({ ...base, source: { ...base.source, engine: { enable: false } } });
  const out = h(fromTests.find((l) => l.startsWith('/qseow-engine/;1;2;3'))!);
  assert.deepEqual(out, {
    kind: 'unrecognised',
    count: { eventType: 'log', source: 'qseow-engine', host: '5', subsystem: '6' },
    first25: '/qseow-engine/;1;2;3;4;5;',
  });
  assert.equal(h(PROXY_1).kind, 'event', 'other sources still enabled');
});

test('every source can be switched off on its own', () => {
  const lines = { engine: ENGINE_1, proxy: PROXY_1, repository: constructed[4], scheduler: SCHEDULER_1, qixPerf: QIX_1 } as const;
  for (const key of Object.keys(lines) as (keyof typeof lines)[]) {
    const base = logOptions();
    const h = createLogEventHandler({ ...base, source: { ...base.source, [key]: { enable: false } } });
    for (const [other, text] of Object.entries(lines)) assert.equal(h(text).kind, other === key ? 'unrecognised' : 'event', `${key} off, ${other}`);
  }
});

test('prefix match is case-insensitive and needs both slashes (as Butler)', () => {
  const h = createLogEventHandler(logOptions());
  const mixed = eventOf<EngineLogEvent>(h(ENGINE_1.replace('/qseow-engine/', '/QSEoW-Engine/')));
  assert.equal(mixed.source, 'qseow-engine');
  assert.equal(h(ENGINE_1.replace('/qseow-engine/', 'qseow-engine')).kind, 'unrecognised');
  assert.equal(h(ENGINE_1.replace('/qseow-engine/', '/qseow-engine')).kind, 'unrecognised');
  const upperUnknown = h('/QSEOW-OTHER/;1');
  assert.deepEqual((upperUnknown as { count: unknown }).count, { eventType: 'log', source: 'qseow-other', host: 'Unknown', subsystem: 'Unknown' });
});

test('empty datagram: unrecognised, counted as Unknown', () => {
  assert.deepEqual(createLogEventHandler(logOptions())(''), {
    kind: 'unrecognised',
    count: { eventType: 'log', source: 'Unknown', host: 'Unknown', subsystem: 'Unknown' },
    first25: '',
  });
});

test('too few fields: missing trailing fields are empty strings / sentinels, never "undefined" (fix)', () => {
  const h = createLogEventHandler(logOptions());
  const engine = eventOf<EngineLogEvent>(h('/qseow-engine/;5;20240515T143012.345+0200;2024-05-15 14:30:12,345;WARN;HOST;Sys;LAB\\svc;msg;6f0b7c3e-9a61-4c0e-8f44-1b2a3c4d5e6f;LAB'));
  assert.equal(engine.user_directory, 'LAB');
  assert.equal(engine.user_id, '');
  assert.equal(engine.user_full, '');
  assert.equal(engine.engine_ts, '');
  assert.equal(engine.app_id, '');
  const onlyPrefix = eventOf<SchedulerLogEvent>(h('/qseow-scheduler/'));
  assert.equal(onlyPrefix.log_row, -1);
  assert.equal(onlyPrefix.host, '');
  assert.equal(onlyPrefix.message, '');
  assert.equal(onlyPrefix.user_full, '');
  assert.deepEqual((h('/qseow-scheduler/') as { count: unknown }).count, { eventType: 'log', source: 'qseow-scheduler', host: 'Unknown', subsystem: 'Unknown' });
  const qix = eventOf<QixPerfLogEvent>(h('/qseow-qix-perf/;1;2;3;INFO;H;S'));
  assert.equal(qix.request_id, -99);
  assert.equal(qix.handle, -99);
  assert.equal(qix.net_ram, -1);
  assert.equal(qix.peak_ram, -1);
  assert.ok(Number.isNaN(qix.process_time));
  assert.equal(qix.object_type, '');
  for (const [key, value] of Object.entries(engine)) assert.notEqual(value, 'undefined', key);
});

test('engine: ";" inside the message is rebuilt, later fields keep their place (fix: Butler shifted them)', () => {
  const parts = ENGINE_1.split(';');
  parts[8] = 'first; second;third';
  const event = eventOf<EngineLogEvent>(createLogEventHandler(logOptions())(parts.join(';')));
  assert.equal(event.message, 'first; second;third');
  assert.equal(event.proxy_session_id, '6f0b7c3e-9a61-4c0e-8f44-1b2a3c4d5e6f');
  assert.equal(event.app_id, 'e7af59a0-c243-480d-9571-08727551a66f');
  assert.equal(event.user_full, 'LAB\\goran');
  assert.equal(event.entry_type, 'Error');
});

test('proxy: ";" inside message with empty exception goes to the message (fix)', () => {
  const parts = PROXY_1.split(';');
  parts[8] = "Access was denied; user 'LAB\\joe'; retry";
  const event = eventOf<ProxyRepositoryLogEvent>(createLogEventHandler(logOptions())(parts.join(';')));
  assert.equal(event.message, "Access was denied; user 'LAB\\joe'; retry");
  assert.equal(event.exception_message, '');
  assert.equal(event.user_full, 'LAB\\joe');
  assert.equal(event.context, '/hub/');
});

test('proxy: ";" inside both message and exception is split at the exception type name (fix)', () => {
  const parts = PROXY_2.split(';');
  parts[8] = 'Failed to request; service alive';
  parts[9] = 'System.Net.WebException: Unable to connect; inner: timeout';
  parts[10] = 'LAB';
  parts[11] = 'joe';
  const event = eventOf<ProxyRepositoryLogEvent>(createLogEventHandler(logOptions())(parts.join(';')));
  assert.equal(event.message, 'Failed to request; service alive');
  assert.equal(event.exception_message, 'System.Net.WebException: Unable to connect; inner: timeout');
  assert.equal(event.user_full, 'LAB\\joe');
});

test('scheduler: ";" inside the exception only (fix)', () => {
  const parts = SCHEDULER_1.split(';');
  parts[9] = 'System.Exception: reload failed; see log';
  const event = eventOf<SchedulerLogEvent>(createLogEventHandler(logOptions())(parts.join(';')));
  assert.equal(event.message, 'Message from ReloadProvider: Reload failed in Engine. Check engine or script logs.');
  assert.equal(event.exception_message, 'System.Exception: reload failed; see log');
  assert.equal(event.task_id, 'dec2a02a-1680-44ef-8dc2-e2bfb180af87');
  assert.equal(event.execution_id, '4831c6a5-34f6-45bb-9d40-73a6e6992670');
});

test('qix-perf: surplus fields are ignored (no free-text field)', () => {
  const event = eventOf<QixPerfLogEvent>(createLogEventHandler(logOptions())(QIX_1 + ';extra;more'));
  assert.equal(event.object_type, 'barchart');
  assert.equal(event.peak_ram, 4194304);
});

test('control characters are removed; newline-terminated datagram parses', () => {
  const event = eventOf<ProxyRepositoryLogEvent>(createLogEventHandler(logOptions())(PROXY_1.replace('Access was', 'Access\r\n\twas') + '\n'));
  assert.equal(event.message, "Accesswas denied for User: 'LAB\\joe' from 10.0.1.55");
  assert.equal(event.context, '/hub/');
});

test('uppercase GUIDs are accepted and stored lower-cased (fix: Butler blanked them)', () => {
  const parts = ENGINE_1.split(';');
  for (const i of [9, 13, 17, 18]) parts[i] = parts[i].toUpperCase();
  const event = eventOf<EngineLogEvent>(createLogEventHandler(logOptions())(parts.join(';')));
  assert.equal(event.proxy_session_id, '6f0b7c3e-9a61-4c0e-8f44-1b2a3c4d5e6f');
  assert.equal(event.process_id, 'c1a9e8d2-3b4f-4a5e-9c6d-7e8f9a0b1c2d');
  assert.equal(event.session_id, '5e4d3c2b-1a09-4f8e-a7d6-c5b4a3928170');
  assert.equal(event.app_id, 'e7af59a0-c243-480d-9571-08727551a66f');
});

test('negative UTC offsets are kept for every validated source (fix)', () => {
  const h = createLogEventHandler(logOptions());
  for (const text of [ENGINE_1, PROXY_1, SCHEDULER_1]) {
    const parts = text.split(';');
    parts[2] = '20240515T091501.113-0500';
    const event = eventOf<LogEvent>(h(parts.join(';')));
    assert.equal(event.ts_iso, '20240515T091501.113-0500', event.source);
  }
});

test('engine log_row must be > 0, other sources take any integer', () => {
  const h = createLogEventHandler(logOptions());
  const withRow = (text: string, row: string): string => { const p = text.split(';'); p[1] = row; return p.join(';'); };
  assert.equal(eventOf(h(withRow(ENGINE_1, '0'))).log_row, -1);
  assert.equal(eventOf(h(withRow(PROXY_1, '0'))).log_row, 0);
  assert.equal(eventOf(h(withRow(PROXY_1, '-4'))).log_row, -4);
  assert.equal(eventOf(h(withRow(SCHEDULER_1, 'x'))).log_row, -1);
});

test('qix-perf NaN and negative numbers map to their sentinels', () => {
  const parts = QIX_1.split(';');
  parts[14] = '-1'; parts[16] = 'abc'; parts[17] = 'NaN'; parts[21] = 'x'; parts[23] = '-5'; parts[24] = '(null)';
  const event = eventOf<QixPerfLogEvent>(createLogEventHandler(logOptions())(parts.join(';')));
  assert.equal(event.request_id, -99);
  assert.ok(Number.isNaN(event.process_time));
  assert.ok(Number.isNaN(event.work_time));
  assert.equal(event.handle, -99);
  assert.equal(event.net_ram, -1);
  assert.equal(event.peak_ram, -1);
});

test('64 KiB datagram: message truncated to 1000 chars, other fields intact', () => {
  const parts = PROXY_1.split(';');
  parts[8] = 'M'.repeat(65_000);
  const event = eventOf<ProxyRepositoryLogEvent>(createLogEventHandler(logOptions())(parts.join(';')));
  assert.equal(event.message, 'M'.repeat(1000));
  assert.equal(event.origin, 'AppAccess');
});

test('binary garbage and invalid UTF-8 never throw', () => {
  const h = createLogEventHandler(logOptions());
  const bytes = new Uint8Array(65_507);
  let seed = 12345;
  for (let i = 0; i < bytes.length; i++) { seed = (seed * 1103515245 + 12345) >>> 0; bytes[i] = seed >>> 24; }
  const out = h(decodeDatagram(bytes));
  assert.equal(out.kind, 'unrecognised');
  assert.ok((out as { first25: string }).first25.length <= 25);

  const withBadBytes = new TextEncoder().encode(PROXY_1);
  const at = PROXY_1.indexOf('denied');
  const broken = new Uint8Array([...withBadBytes.slice(0, at), 0xff, 0xfe, ...withBadBytes.slice(at)]);
  const event = eventOf<ProxyRepositoryLogEvent>(h(decodeDatagram(broken)));
  assert.equal(event.message, "Access was \ufffd\ufffddenied for User: 'LAB\\joe' from 10.0.1.55");
});

test('perf monitor disabled: counted with raw host/subsystem, not published', () => {
  const base = logOptions();
  const h = createLogEventHandler({ ...base, enginePerformanceMonitor: { ...base.enginePerformanceMonitor, enable: false } });
  assert.deepEqual(h(fromTests.find((l) => l.startsWith('/qseow-qix-perf/;1;2;3'))!), {
    kind: 'perf-disabled',
    count: { eventType: 'log', source: 'qseow-qix-perf', host: '5', subsystem: '6' },
  });
});

test('qix-perf rejected by filters: not counted; rejected record only when tracking is on', () => {
  const base = logOptions();
  const rejectAll = { ...base.enginePerformanceMonitor, monitorFilter: { allApps: { enable: false }, appSpecific: { enable: false } } };
  const tracked = createLogEventHandler({ ...base, enginePerformanceMonitor: { ...rejectAll, appNameLookup: { enable: true } } });
  assert.deepEqual(tracked(QIX_1), {
    kind: 'rejected',
    rejected: {
      source: 'qseow-qix-perf',
      appId: 'e7af59a0-c243-480d-9571-08727551a66f',
      appName: 'Test failing reloads 2',
      method: 'GenericObject::GetLayout',
      objectType: 'barchart',
      processTime: 152.337,
    },
  });
  const untracked = createLogEventHandler({ ...base, trackRejected: false, enginePerformanceMonitor: rejectAll });
  assert.deepEqual(untracked(QIX_1), { kind: 'rejected', rejected: null });
});

test('logEventHandlerOptions: trackRejected needs trackRejectedEvents and rejectedEventCount', () => {
  const base = logOptions();
  const logEvents = { source: base.source, categorise: base.categorise, enginePerformanceMonitor: base.enginePerformanceMonitor };
  const on = { eventCount: { enable: true }, rejectedEventCount: { enable: true } };
  assert.equal(logEventHandlerOptions(logEvents, on, lookupAppName).trackRejected, true);
  assert.equal(logEventHandlerOptions(logEvents, on, lookupAppName).eventCountEnabled, true);
  assert.equal(logEventHandlerOptions(logEvents, { ...on, rejectedEventCount: { enable: false } }, lookupAppName).trackRejected, false);
  const noTracking = { ...logEvents, enginePerformanceMonitor: { ...logEvents.enginePerformanceMonitor, trackRejectedEvents: { enable: false } } };
  assert.equal(logEventHandlerOptions(noTracking, on, lookupAppName).trackRejected, false);
});
