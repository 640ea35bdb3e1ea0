import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLogEventEncoder, logEventContext, logEventPoint, encodeLine } from '../../../src/points/index.js';
import type { LogEvent, ProxyRepositoryLogEvent, QixPerfLogEvent } from '../../../src/events/types.js';
import { CONFIG, TIME_NS, TIME_US, logEvent, quoted } from './helpers.js';

const enc = [1, 2, 3].map((v) => createLogEventEncoder(CONFIG, v as 1 | 2 | 3));
const [v1, v2, v3] = enc;

// The proxy datagram /qseow-proxy/;512 of the constructed fixture, as Butler SOS serialises it into raw_event.
const PROXY_RAW =
  '{"source":"qseow-proxy","log_row":512,"ts_iso":"20240515T091501.113+0200","ts_local":"2024-05-15 09:15:01,113",' +
  '"level":"WARN","host":"SENSE-CENTRAL","subsystem":"Audit.Proxy.Proxy.SessionEstablishment.Authentication.AuthenticationHandler",' +
  '"windows_user":"LAB\\\\qlikservice","message":"Access was denied for User: \'LAB\\\\joe\' from 10.0.1.55","exception_message":"",' +
  '"user_directory":"LAB","user_id":"joe","command":"Authenticate","result_code":"401","origin":"AppAccess","context":"/hub/",' +
  '"user_full":"LAB\\\\joe"}';
const SUB = 'Audit.Proxy.Proxy.SessionEstablishment.Authentication.AuthenticationHandler';

test('proxy log event: exact line per version (v1 tag order, v2/v3 sorted, result_code_field in v2/v3)', () => {
  const e = logEvent('/qseow-proxy/;512;');
  const raw = `raw_event="${quoted(PROXY_RAW)}"`;
  const fields = (rc: string) =>
    `command="Authenticate",context="/hub/",exception_message="",message="Access was denied for User: 'LAB\\\\joe' from 10.0.1.55",origin="AppAccess",${raw},${rc}="401"`;
  assert.equal(
    v1(e, TIME_US),
    `log_event,host=SENSE-CENTRAL,level=WARN,source=qseow-proxy,log_row=512,subsystem=${SUB},user_full=LAB\\joe,user_directory=LAB,user_id=joe,result_code=401,qs_env=dev ${fields('result_code')} ${TIME_NS}`,
  );
  const sorted = `log_event,host=SENSE-CENTRAL,level=WARN,log_row=512,qs_env=dev,result_code=401,source=qseow-proxy,subsystem=${SUB},user_directory=LAB,user_full=LAB\\joe,user_id=joe`;
  assert.equal(v2(e, TIME_US), `${sorted} ${fields('result_code_field')} ${TIME_NS}`);
  assert.equal(v3(e, TIME_US), `${sorted} ${fields('result_code_field')} ${TIME_NS}`);
});

test('raw_event is the JSON of the parsed event, key order included', () => {
  const e = logEvent('/qseow-proxy/;512;');
  assert.equal(JSON.stringify(e), PROXY_RAW);
});

test('engine event: v1 leaves out the fields the engine has not, v2/v3 write them empty', () => {
  const e = logEvent('/qseow-engine/;2718;');
  const raw = quoted(JSON.stringify(e));
  const msg = `message="App e7af59a0-c243-480d-9571-08727551a66f: failed to load data connection 'SalesDB' - access denied"`;
  assert.equal(
    v1(e, TIME_US),
    'log_event,host=SENSE-RIM1,level=WARN,source=qseow-engine,log_row=2718,subsystem=System.Engine.Engine,user_full=LAB\\goran,' +
      'user_directory=LAB,user_id=goran,windows_user=LAB\\qlikservice,app_id=e7af59a0-c243-480d-9571-08727551a66f,' +
      `engine_exe_version=14.187.4,qs_env=dev ${msg},raw_event="${raw}",session_id="5e4d3c2b-1a09-4f8e-a7d6-c5b4a3928170" ${TIME_NS}`,
  );
  const tagsV2 =
    'log_event,app_id=e7af59a0-c243-480d-9571-08727551a66f,engine_exe_version=14.187.4,host=SENSE-RIM1,level=WARN,log_row=2718,' +
    'qs_env=dev,source=qseow-engine,subsystem=System.Engine.Engine,user_directory=LAB,user_full=LAB\\goran,user_id=goran,windows_user=';
  const fieldsV2 = `command="",context="",exception_message="",${msg},origin="",raw_event="${raw}",result_code_field="",session_id="5e4d3c2b-1a09-4f8e-a7d6-c5b4a3928170"`;
  assert.equal(v2(e, TIME_US), `${tagsV2}LAB\\qlikservice ${fieldsV2} ${TIME_NS}`);
  // v3 strips backslashes from sanitised tags (windows_user) but not from user_full.
  assert.equal(v3(e, TIME_US), `${tagsV2}LABqlikservice ${fieldsV2} ${TIME_NS}`);
});

test('scheduler event: app_name/app_id fields renamed *_field in v3 only', () => {
  const e = logEvent('/qseow-scheduler/;4410;');
  const lines = enc.map((f) => f(e, TIME_US));
  assert.match(lines[0], / app_id="e7af59a0-c243-480d-9571-08727551a66f",app_name="Test failing reloads 2",exception_message="",execution_id="4831c6a5/);
  assert.match(lines[1], / app_id="e7af59a0-c243-480d-9571-08727551a66f",app_name="Test failing reloads 2",exception_message=""/);
  assert.match(lines[2], / app_id_field="e7af59a0-c243-480d-9571-08727551a66f",app_name_field="Test failing reloads 2",exception_message=""/);
  assert.ok(lines[0].includes(',task_name=Manually\\ triggered\\ reload\\ of\\ Test\\ failing\\ reloads\\ 2,qs_env=dev '));
});

test('qix-perf: v1 writes the real log_row (Butler wrote -1), handle int/string/int, times float, RAM int', () => {
  const e = logEvent('/qseow-qix-perf/;731;') as QixPerfLogEvent;
  const [l1, l2, l3] = enc.map((f) => f(e, TIME_US));
  const tail = (appId: string, handle: string) =>
    ` ${appId}="e7af59a0-c243-480d-9571-08727551a66f",handle=${handle},lock_time=${e.lock_time},net_ram=1048576i,peak_ram=4194304i,process_time=152.337,raw_event="${quoted(JSON.stringify(e))}",traverse_time=${e.traverse_time},validate_time=${e.validate_time},work_time=${e.work_time} ${TIME_NS}`;
  assert.equal(
    l1,
    'log_event,host=SENSE-RIM1,level=INFO,source=qseow-qix-perf,log_row=731,subsystem=QixPerformance.Engine.Engine,' +
      'method=GenericObject::GetLayout,object_type=barchart,proxy_session_id=6f0b7c3e-9a61-4c0e-8f44-1b2a3c4d5e6f,' +
      'session_id=5e4d3c2b-1a09-4f8e-a7d6-c5b4a3928170,event_activity_source=user,user_full=LAB\\goran,user_directory=LAB,user_id=goran,' +
      'app_id=e7af59a0-c243-480d-9571-08727551a66f,app_name=Test\\ failing\\ reloads\\ 2,object_id=rwPjBk,qs_env=dev' +
      tail('app_id', '7i'),
  );
  const sortedTags =
    'log_event,app_id=e7af59a0-c243-480d-9571-08727551a66f,app_name=Test\\ failing\\ reloads\\ 2,event_activity_source=user,' +
    'host=SENSE-RIM1,level=INFO,log_row=731,method=GenericObject::GetLayout,object_id=rwPjBk,object_type=barchart,' +
    'proxy_session_id=6f0b7c3e-9a61-4c0e-8f44-1b2a3c4d5e6f,qs_env=dev,session_id=5e4d3c2b-1a09-4f8e-a7d6-c5b4a3928170,' +
    'source=qseow-qix-perf,subsystem=QixPerformance.Engine.Engine,user_directory=LAB,user_full=LAB\\goran,user_id=goran';
  assert.equal(l2, sortedTags + tail('app_id', '"7"'));
  assert.equal(l3, sortedTags + tail('app_id_field', '7i'));
});

test('qix-perf empty tags: v1 <Unknown>/-1, v3 Unknown/-1, v2 left out', () => {
  const base = logEvent('/qseow-qix-perf/;731;') as QixPerfLogEvent;
  const e: QixPerfLogEvent = { ...base, method: '', object_type: '', proxy_session_id: '', subsystem: '' };
  const [l1, l2, l3] = enc.map((f) => f(e, TIME_US));
  assert.ok(l1.includes(',subsystem=<Unknown>,method=<Unknown>,object_type=<Unknown>,proxy_session_id=-1,'), l1);
  assert.ok(l3.includes(',method=Unknown,') && l3.includes(',object_type=Unknown,') && l3.includes(',proxy_session_id=-1,'), l3);
  assert.ok(l3.includes(',subsystem=Unknown,'), l3);
  for (const key of ['method=', 'object_type=', 'proxy_session_id=', 'subsystem=']) assert.ok(!l2.includes(',' + key), `${key} in ${l2}`);
});

test('qix-perf times Qlik did not send as numbers are left out, not written as NaN', () => {
  const base = logEvent('/qseow-qix-perf/;731;') as QixPerfLogEvent;
  const e: QixPerfLogEvent = { ...base, process_time: NaN, work_time: NaN };
  for (const f of enc) {
    const line = f(e, TIME_US);
    assert.ok(!line.includes('process_time=') && !line.includes('work_time=') && !line.includes('NaN'), line);
    assert.ok(line.includes('lock_time='));
  }
});

test('categories become tags after the conditional tags; config tags come last and win on a clash', () => {
  const base = logEvent('/qseow-proxy/;512;') as ProxyRepositoryLogEvent;
  const e: LogEvent = {
    ...base,
    category: [
      { name: 'qs_log_category', value: 'access-denied' },
      { name: 'qs_env', value: 'from-rule' },
      { name: 'level', value: 'overridden <x>' },
    ],
  };
  const l1 = v1(e, TIME_US);
  assert.ok(l1.startsWith('log_event,host=SENSE-CENTRAL,level=overridden\\ <x>,source=qseow-proxy,'), l1);
  assert.ok(l1.includes(',result_code=401,qs_log_category=access-denied,qs_env=dev '), l1);
  const l3 = v3(e, TIME_US);
  assert.ok(l3.includes(',level=overridden\\ x,') && l3.includes(',qs_log_category=access-denied,'), l3);
});

test('with MQTT log forwarding on, raw_event carries the tags object Butler added before InfluxDB saw the event', () => {
  const config = { ...CONFIG, logEvents: { ...CONFIG.logEvents, sendToMQTT: { enable: true } }, mqttConfig: { enable: true } };
  const e = logEvent('/qseow-proxy/;512;');
  const line = createLogEventEncoder(config, 2)(e, TIME_US);
  assert.ok(line.includes(`raw_event="${quoted(PROXY_RAW.slice(0, -1) + ',"tags":{"qs_env":"dev"}}')}"`), line);
  // Only one of the two switches on: no tags.
  const half = { ...CONFIG, mqttConfig: { enable: true } };
  assert.ok(createLogEventEncoder(half, 2)(e, TIME_US).includes(`raw_event="${quoted(PROXY_RAW)}"`));
});

test('empty tag values are left out, special characters escaped, one physical line per event', () => {
  const base = logEvent('/qseow-proxy/;512;') as ProxyRepositoryLogEvent;
  const e: ProxyRepositoryLogEvent = {
    ...base,
    host: 'a b,c=d',
    subsystem: '',
    user_id: 'x\ny',
    message: 'say "hi" \\ then\r\nbye',
  };
  const ctx = logEventContext({ ...CONFIG, logEvents: { ...CONFIG.logEvents, tags: [{ name: 'k ey', value: '' }] } }, 1);
  const line = encodeLine(logEventPoint(e, ctx, TIME_US));
  assert.ok(line.startsWith('log_event,host=a\\ b\\,c\\=d,level=WARN,source=qseow-proxy,log_row=512,user_full='), line);
  assert.ok(line.includes(',user_id=x\\ny,'), line);
  assert.ok(!line.includes('subsystem=') && !line.includes('k\\ ey'), line);
  assert.ok(line.includes('message="say \\"hi\\" \\\\ thenbye"'), line);
  assert.ok(!line.includes('\n') && !line.includes('\r'));
});

test('points built without a time carry none (the server assigns it), with a time it is written in ns', () => {
  const e = logEvent('/qseow-proxy/;512;');
  const ctx = logEventContext(CONFIG, 1);
  assert.ok(!/ \d+$/.test(encodeLine(logEventPoint(e, ctx))));
  assert.ok(encodeLine(logEventPoint(e, ctx, 1)).endsWith(' 1000'));
});

/** Reads a line-protocol string literal back the way InfluxDB does: `\"` → `"`, `\\` → `\`. */
function unquote(literal: string): string {
  assert.ok(literal.startsWith('"') && literal.endsWith('"'), literal);
  let out = '';
  for (let i = 1; i < literal.length - 1; i++) {
    const c = literal[i];
    if (c === '\\' && (literal[i + 1] === '"' || literal[i + 1] === '\\')) out += literal[++i];
    else {
      assert.notEqual(c, '"', 'unescaped quote inside the literal');
      out += c;
    }
  }
  return out;
}

test('raw_event reads back as the exact JSON, whatever the message holds (quotes, backslashes, controls, U+2028)', () => {
  const base = logEvent('/qseow-proxy/;512;') as ProxyRepositoryLogEvent;
  const e: ProxyRepositoryLogEvent = { ...base, message: 'a "q" \\ b\\\\ \t\u0001 \u2028 é \ud83d\ude00 end\\', context: '"' };
  for (const f of enc) {
    const line = f(e, TIME_US);
    const m = /[ ,]raw_event=("(?:[^"\\]|\\.)*")[, ]/.exec(line);
    assert.ok(m, line);
    assert.equal(unquote(m[1]), JSON.stringify(e));
    assert.ok(!line.includes('\n') && !line.includes('\r'));
  }
});
