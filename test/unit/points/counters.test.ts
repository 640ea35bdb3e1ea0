import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  createEventCountEncoder,
  createRejectedCountEncoder,
  encodeLine,
  eventCountPoint,
  rejectedCountPoint,
} from '../../../src/points/index.js';
import { CONFIG, TIME_NS, TIME_US } from './helpers.js';

const QS: Array<readonly [string, string]> = [['qs_env', 'dev']];

test('event_count matches the reference lines: v1 float counter in tag insertion order, v2/v3 integer, sorted', () => {
  assert.equal(
    encodeLine(eventCountPoint('event_count', QS, 1, { eventType: 'log', source: 'qseow-proxy', host: 'sense1', subsystem: 'Proxy.Core.Ticket' }, 12)),
    'event_count,event_type=log,source=qseow-proxy,host=sense1,subsystem=Proxy.Core.Ticket,qs_env=dev counter=12',
  );
  const key = { eventType: 'user', source: 'qseow-proxy-session', host: 'sense1', subsystem: 'AppAccess' } as const;
  for (const v of [2, 3] as const) {
    assert.equal(
      createEventCountEncoder(CONFIG, v)(key, 3, TIME_US),
      `event_count,event_type=user,host=sense1,qs_env=dev,source=qseow-proxy-session,subsystem=AppAccess counter=3i ${TIME_NS}`,
    );
  }
});

test('event_count measurement name and static tags come from config', () => {
  const config = {
    ...CONFIG,
    qlikSenseEvents: { ...CONFIG.qlikSenseEvents, eventCount: { influxdb: { measurementName: 'my counts', tags: [{ name: 'dc', value: 'x=1' }] } } },
  };
  const line = createEventCountEncoder(config, 1)({ eventType: 'log', source: 'Unknown', host: 'Unknown', subsystem: 'Unknown' }, 1, TIME_US);
  assert.equal(line, `my\\ counts,event_type=log,source=Unknown,host=Unknown,subsystem=Unknown,dc=x\\=1 counter=1 ${TIME_NS}`);
});

test('rejected_event_count matches the reference line (v1) and types counter int in v2/v3, process_time float', () => {
  const key = { appId: '3b2e1f0c', appName: 'Sales', method: 'Global::OpenApp', objectType: '<Unknown>' };
  assert.equal(
    encodeLine(rejectedCountPoint('rejected_event_count', QS, 1, key, 3, 736.2)),
    'rejected_event_count,source=qseow-qix-perf,app_id=3b2e1f0c,method=Global::OpenApp,object_type=<Unknown>,app_name=Sales,app_name_set=true,qs_env=dev counter=3,process_time=736.2',
  );
  assert.equal(
    createRejectedCountEncoder(CONFIG, 2)(key, 3, 736.2, TIME_US),
    `rejected_event_count,app_id=3b2e1f0c,app_name=Sales,app_name_set=true,method=Global::OpenApp,object_type=<Unknown>,qs_env=dev,source=qseow-qix-perf counter=3i,process_time=736.2 ${TIME_NS}`,
  );
});

test('rejected count without app name or id: app_name_set=false, empty tags left out, whole-number time stays float', () => {
  const line = createRejectedCountEncoder(CONFIG, 3)({ appId: '', appName: '', method: 'Doc::GetAppLayout', objectType: 'sheet' }, 2, 40, TIME_US);
  assert.equal(
    line,
    `rejected_event_count,app_name_set=false,method=Doc::GetAppLayout,object_type=sheet,qs_env=dev,source=qseow-qix-perf counter=2i,process_time=40 ${TIME_NS}`,
  );
});
