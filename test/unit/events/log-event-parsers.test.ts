// Every field of every log-event source, against the constructed fixtures (test/fixtures/spec/udp/, docs/inputs.md) and
// the field arrays of Butler's own tests. Expected objects follow Butler SOS's field layouts; where one of our fixes
// changes Butler's value the test name says so.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLogEventHandler, type LogEventOutcome } from '../../../src/events/log-event-router.js';
import { parseProxyRepositoryEvent } from '../../../src/events/proxy-repository-event.js';
import type { LogEvent } from '../../../src/events/types.js';
import { datagrams, fieldArrays, logOptions } from './helpers.js';

const constructed = datagrams('udp', 'log-events-constructed.txt');
const line = (prefix: string, n: number): string => constructed.filter((l) => l.startsWith(prefix))[n - 1];

const handle = createLogEventHandler(logOptions());

function parsed(text: string, h = handle): LogEvent {
  const out: LogEventOutcome = h(text);
  assert.equal(out.kind, 'event', `expected an event for ${text.slice(0, 40)}`);
  return (out as { event: LogEvent }).event;
}

/** deepStrictEqual plus key order: key order is visible in MQTT payloads and raw_event. */
function assertEvent(actual: object, expected: object): void {
  assert.deepStrictEqual(actual, expected);
  assert.deepEqual(Object.keys(actual), Object.keys(expected));
}

test('constructed fixture has the lines its header lists (2 per source, 3 qix-perf)', () => {
  assert.equal(constructed.length, 11);
});

test('engine line 1: every field (fix: compact ts_iso and local ts_local kept; Butler blanked both)', () => {
  assertEvent(parsed(line('/qseow-engine/', 1)), {
    source: 'qseow-engine',
    log_row: 2718,
    ts_iso: '20240515T143012.345+0200',
    ts_local: '2024-05-15 14:30:12,345',
    level: 'WARN',
    host: 'SENSE-RIM1',
    subsystem: 'System.Engine.Engine',
    windows_user: 'LAB\\qlikservice',
    message: "App e7af59a0-c243-480d-9571-08727551a66f: failed to load data connection 'SalesDB' - access denied",
    proxy_session_id: '6f0b7c3e-9a61-4c0e-8f44-1b2a3c4d5e6f',
    user_directory: 'LAB',
    user_id: 'goran',
    engine_ts: '2024-05-15T14:30:12.344+02:00',
    process_id: 'c1a9e8d2-3b4f-4a5e-9c6d-7e8f9a0b1c2d',
    engine_exe_version: '14.187.4',
    server_started: '20240515T060102.000+0200',
    entry_type: 'Error',
    session_id: '5e4d3c2b-1a09-4f8e-a7d6-c5b4a3928170',
    app_id: 'e7af59a0-c243-480d-9571-08727551a66f',
    user_full: 'LAB\\goran',
  });
});

test('engine line 2: (null) properties are empty and user_full is empty (fix: Butler "(null)\\(null)")', () => {
  assertEvent(parsed(line('/qseow-engine/', 2)), {
    source: 'qseow-engine',
    log_row: 2719,
    ts_iso: '20240515T143512.001+0200',
    ts_local: '2024-05-15 14:35:12,001',
    level: 'ERROR',
    host: 'SENSE-RIM1',
    subsystem: 'System.Engine.Engine',
    windows_user: 'LAB\\qlikservice',
    message: 'Connection to repository service failed',
    proxy_session_id: '',
    user_directory: '',
    user_id: '',
    engine_ts: '2024-05-15T14:35:12.000+02:00',
    process_id: 'c1a9e8d2-3b4f-4a5e-9c6d-7e8f9a0b1c2d',
    engine_exe_version: '14.187.4',
    server_started: '20240515T060102.000+0200',
    entry_type: 'Error',
    session_id: '',
    app_id: '',
    user_full: '',
  });
});

test('proxy line 1: the full expected object', () => {
  assertEvent(parsed(line('/qseow-proxy/', 1)), {
    source: 'qseow-proxy',
    log_row: 512,
    ts_iso: '20240515T091501.113+0200',
    ts_local: '2024-05-15 09:15:01,113',
    level: 'WARN',
    host: 'SENSE-CENTRAL',
    subsystem: 'Audit.Proxy.Proxy.SessionEstablishment.Authentication.AuthenticationHandler',
    windows_user: 'LAB\\qlikservice',
    message: "Access was denied for User: 'LAB\\joe' from 10.0.1.55",
    exception_message: '',
    user_directory: 'LAB',
    user_id: 'joe',
    command: 'Authenticate',
    result_code: '401',
    origin: 'AppAccess',
    context: '/hub/',
    user_full: 'LAB\\joe',
  });
});

test('proxy line 2: exception field; (null) properties empty (fix: Butler kept "(null)")', () => {
  assertEvent(parsed(line('/qseow-proxy/', 2)), {
    source: 'qseow-proxy',
    log_row: 513,
    ts_iso: '20240515T091733.870+0200',
    ts_local: '2024-05-15 09:17:33,870',
    level: 'ERROR',
    host: 'SENSE-CENTRAL',
    subsystem: 'System.Proxy.Proxy.Core.RequestListener',
    windows_user: 'LAB\\qlikservice',
    message: 'Failed to request service alive response from https://sense-rim1.lab.local:4747/',
    exception_message: 'System.Net.WebException: Unable to connect to the remote server',
    user_directory: '',
    user_id: '',
    command: '',
    result_code: '',
    origin: '',
    context: '',
    user_full: '',
  });
});

test('repository lines 1 and 2: every field', () => {
  assertEvent(parsed(line('/qseow-repository/', 1)), {
    source: 'qseow-repository',
    log_row: 88123,
    ts_iso: '20240515T101010.500+0200',
    ts_local: '2024-05-15 10:10:10,500',
    level: 'WARN',
    host: 'SENSE-CENTRAL',
    subsystem: 'System.Repository.Repository.Core.Security.SecurityRulesEvaluator',
    windows_user: 'LAB\\qlikservice',
    message: "Access was denied for User: 'LAB\\anna', with AccessID '0x4', Resource: 'App_e7af59a0-c243-480d-9571-08727551a66f'",
    exception_message: '',
    user_directory: 'LAB',
    user_id: 'anna',
    command: 'Get app',
    result_code: '403',
    origin: 'AppAccess',
    context: '/qrs/app/e7af59a0-c243-480d-9571-08727551a66f',
    user_full: 'LAB\\anna',
  });
  const second = parsed(line('/qseow-repository/', 2));
  assertEvent(second, {
    source: 'qseow-repository',
    log_row: 88124,
    ts_iso: '20240515T101512.004+0200',
    ts_local: '2024-05-15 10:15:12,004',
    level: 'WARN',
    host: 'SENSE-CENTRAL',
    subsystem: 'UserManagement.Repository.Repository.Core.UserDirectory.UserDirectorySync',
    windows_user: 'LAB\\qlikservice',
    message: "Duplicate entity with userId 'LAB\\sam' found in user directory 'LAB'",
    exception_message: '',
    user_directory: 'INTERNAL',
    user_id: 'sa_scheduler',
    command: 'SyncUserDirectory',
    result_code: '0',
    origin: '',
    context: '',
    user_full: 'INTERNAL\\sa_scheduler',
  });
});

test('scheduler line 1: every field (fix: timestamps kept; Butler blanked both)', () => {
  assertEvent(parsed(line('/qseow-scheduler/', 1)), {
    source: 'qseow-scheduler',
    log_row: 4410,
    ts_iso: '20240515T023005.771+0200',
    ts_local: '2024-05-15 02:30:05,771',
    level: 'ERROR',
    host: 'SENSE-CENTRAL',
    subsystem: 'System.Scheduler.Scheduler.Slave.Tasks.ReloadTask',
    windows_user: 'LAB\\qlikservice',
    message: 'Message from ReloadProvider: Reload failed in Engine. Check engine or script logs.',
    exception_message: '',
    user_directory: 'LAB',
    user_id: 'goran',
    user_full: 'LAB\\goran',
    task_name: 'Manually triggered reload of Test failing reloads 2',
    app_name: 'Test failing reloads 2',
    task_id: 'dec2a02a-1680-44ef-8dc2-e2bfb180af87',
    app_id: 'e7af59a0-c243-480d-9571-08727551a66f',
    execution_id: '4831c6a5-34f6-45bb-9d40-73a6e6992670',
  });
});

test('scheduler line 2: user split from field 12 (fix: timestamps kept)', () => {
  assertEvent(parsed(line('/qseow-scheduler/', 2)), {
    source: 'qseow-scheduler',
    log_row: 4411,
    ts_iso: '20240515T023006.002+0200',
    ts_local: '2024-05-15 02:30:06,002',
    level: 'WARN',
    host: 'SENSE-CENTRAL',
    subsystem: 'System.Scheduler.Scheduler.Master.Task.TaskSession',
    windows_user: 'LAB\\qlikservice',
    message: 'Task finished with state FinishedFail',
    exception_message: '',
    user_directory: 'INTERNAL',
    user_id: 'sa_scheduler',
    user_full: 'INTERNAL\\sa_scheduler',
    task_name: 'Reload of Sales dashboard',
    app_name: 'Sales dashboard',
    task_id: '9d1e7c3a-2f4b-4a6c-8d9e-0a1b2c3d4e5f',
    app_id: 'd7cf16f9-6a95-462a-9ff1-a6d413326de4',
    execution_id: '0b9c8d7e-6f5a-4b3c-9d2e-1f0a9b8c7d6e',
  });
});

const QIX_LINE_1 = {
  source: 'qseow-qix-perf',
  log_row: 731,
  ts_iso: '20240515T141503.512+0200',
  ts_local: '2024-05-15 14:15:03,512',
  level: 'INFO',
  host: 'SENSE-RIM1',
  subsystem: 'QixPerformance.Engine.Engine',
  windows_user: 'LAB\\qlikservice',
  proxy_session_id: '6f0b7c3e-9a61-4c0e-8f44-1b2a3c4d5e6f',
  user_directory: 'LAB',
  user_id: 'goran',
  engine_ts: '2024-05-15T14:15:03.511+02:00',
  session_id: '5e4d3c2b-1a09-4f8e-a7d6-c5b4a3928170',
  app_id: 'e7af59a0-c243-480d-9571-08727551a66f',
  app_name: '',
  request_id: 1187,
  method: 'GenericObject::GetLayout',
  process_time: 152.337,
  work_time: 148.102,
  lock_time: 0.012,
  validate_time: 0.871,
  traverse_time: 3.144,
  handle: 7,
  object_id: 'rwPjBk',
  net_ram: 1048576,
  peak_ram: 4194304,
  object_type: 'barchart',
  event_activity_source: 'user',
  user_full: 'LAB\\goran',
};

test('qix-perf line 1: the full expected object (no message key)', () => {
  const event = parsed(line('/qseow-qix-perf/', 1));
  assertEvent(event, QIX_LINE_1);
  assert.equal('message' in event, false);
});

test('qix-perf line 1 with appNameLookup on: app_name from the lookup', () => {
  const base = logOptions();
  const h = createLogEventHandler({ ...base, enginePerformanceMonitor: { ...base.enginePerformanceMonitor, appNameLookup: { enable: true } } });
  assertEvent(parsed(line('/qseow-qix-perf/', 1), h), { ...QIX_LINE_1, app_name: 'Test failing reloads 2' });
});

test('qix-perf line 2: OpenApp, handle -1 and <Unknown> object', () => {
  assertEvent(parsed(line('/qseow-qix-perf/', 2)), {
    ...QIX_LINE_1,
    log_row: 732,
    ts_iso: '20240515T141501.004+0200',
    ts_local: '2024-05-15 14:15:01,004',
    engine_ts: '2024-05-15T14:15:01.003+02:00',
    request_id: 3,
    method: 'Global::OpenApp',
    process_time: 2415.908,
    work_time: 2398.551,
    lock_time: 0,
    validate_time: 0,
    traverse_time: 0,
    handle: -1,
    object_id: '<Unknown>',
    net_ram: 268435456,
    peak_ram: 301989888,
    object_type: '<Unknown>',
  });
});

test('qix-perf line 3: proxy session 0 → non-user, proxy_session_id empty', () => {
  assertEvent(parsed(line('/qseow-qix-perf/', 3)), {
    source: 'qseow-qix-perf',
    log_row: 733,
    ts_iso: '20240515T023001.250+0200',
    ts_local: '2024-05-15 02:30:01,250',
    level: 'INFO',
    host: 'SENSE-CENTRAL',
    subsystem: 'QixPerformance.Engine.Engine',
    windows_user: 'LAB\\qlikservice',
    proxy_session_id: '',
    user_directory: 'INTERNAL',
    user_id: 'sa_scheduler',
    engine_ts: '2024-05-15T02:30:01.249+02:00',
    session_id: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
    app_id: 'd7cf16f9-6a95-462a-9ff1-a6d413326de4',
    app_name: '',
    request_id: 12,
    method: 'Doc::DoReloadEx',
    process_time: 30512.774,
    work_time: 30498.001,
    lock_time: 0.002,
    validate_time: 0,
    traverse_time: 0,
    handle: 1,
    object_id: '<Unknown>',
    net_ram: 52428800,
    peak_ram: 104857600,
    object_type: '<Unknown>',
    event_activity_source: 'non-user',
    user_full: 'INTERNAL\\sa_scheduler',
  });
});

test('qix-perf timestamps are sanitised only, not validated (as Butler)', () => {
  const parts = line('/qseow-qix-perf/', 1).split(';');
  parts[2] = 'not a time\u0001';
  parts[3] = 'also not';
  const event = parsed(parts.join(';'));
  assert.equal(event.ts_iso, 'not a time');
  assert.equal(event.ts_local, 'also not');
});

const arrays = fieldArrays();

test('Butler sanitisation test arrays: control characters removed in every source', () => {
  const engine = parsed((arrays.engine_19_fields_sanitization_test as string[]).join(';'));
  assert.equal(engine.source, 'qseow-engine');
  assert.equal((engine as { message: string }).message, arrays.engine_expected_message_after_sanitize);

  const proxy = parsed((arrays.proxy_16_fields_sanitization_test as string[]).join(';'));
  assert.equal((proxy as { exception_message: string }).exception_message, 'Exception:TestError');

  const repo = parsed((arrays.repository_16_fields_sanitization_test as string[]).join(';'));
  assert.equal((repo as { command: string }).command, 'Checkservicestatus');
  assert.equal((repo as { result_code: string }).result_code, '500');

  const scheduler = parsed((arrays.scheduler_18_fields_sanitization_test as string[]).join(';'));
  const expected = arrays.scheduler_expected_after_sanitize as { task_name: string; app_name: string };
  assert.equal((scheduler as { task_name: string }).task_name, expected.task_name);
  assert.equal((scheduler as { app_name: string }).app_name, expected.app_name);

  const qix = parsed((arrays.qixperf_26_fields_sanitization_test as string[]).join(';'));
  assert.equal((qix as { method: string }).method, 'Global::OpenApp');
  assert.equal((qix as { object_type: string }).object_type, 'linechart');
});

test('Butler sanitisation arrays: hyphenated ISO timestamps kept in all sources, incl. engine/scheduler', () => {
  const engine = parsed((arrays.engine_19_fields_sanitization_test as string[]).join(';'));
  assert.equal(engine.ts_iso, '2021-11-09T15:37:26.028+0200');
  // ts_local '2021-11-09 15:37:26,028' is the local format: kept by our fix (Butler's engine blanked it).
  assert.equal(engine.ts_local, '2021-11-09 15:37:26,028');
  const scheduler = parsed((arrays.scheduler_18_fields_sanitization_test as string[]).join(';'));
  assert.equal(scheduler.ts_iso, '2021-11-09T19:37:44.331+0100');
  assert.equal(scheduler.ts_local, '2021-11-09 19:37:44,331');
});

test('Butler common-utils test: proxy parser builds exactly the expected object; compact ISO accepted', () => {
  const parts = arrays.proxy_16_fields_common_utils_test as string[];
  assertEvent(parseProxyRepositoryEvent(parts, 'qseow-proxy'), arrays.proxy_common_utils_expected_object as object);
  const compact = parts.slice();
  compact[2] = arrays.proxy_common_utils_compact_ts_accepted as string;
  assert.equal(parseProxyRepositoryEvent(compact, 'qseow-proxy').ts_iso, '20211109T153726.028+0200');
});

test('Butler message-event test datagrams: engine fields and qix-perf activity source', () => {
  const fromTests = datagrams('udp', 'log-events-from-tests.txt');
  const engine = parsed(fromTests[0]);
  assert.equal(engine.source, 'qseow-engine');
  assert.equal(engine.host, 'host1');
  assert.equal(engine.subsystem, 'sub1');
  assert.equal((engine as { message: string }).message, 'message1');
  assert.equal((engine as { app_id: string }).app_id, '3b3b3b3b-3b3b-3b3b-3b3b-3b3b3b3b3b3b');
  assert.equal(engine.user_full, 'dir1\\uid1');
  for (const [i, source] of [[1, 'qseow-proxy'], [2, 'qseow-repository'], [3, 'qseow-scheduler']] as const) {
    assert.equal(parsed(fromTests[i]).source, source);
  }
  const nonUser = parsed(fromTests[4]);
  assert.equal((nonUser as { event_activity_source: string }).event_activity_source, 'non-user');
  assert.equal((nonUser as { app_id: string }).app_id, '', "'uuid4' is not a GUID");
  assert.equal((parsed(fromTests[5]) as { event_activity_source: string }).event_activity_source, 'user');
});
