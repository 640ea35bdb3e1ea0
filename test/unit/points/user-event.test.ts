import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createUserEventEncoder } from '../../../src/points/index.js';
import type { UserEvent } from '../../../src/events/types.js';
import { CONFIG, TIME_NS, TIME_US, userEvent } from './helpers.js';

const [v1, v2, v3] = ([1, 2, 3] as const).map((v) => createUserEventEncoder(CONFIG, v));

const start = () => userEvent((d) => d.includes('Start session') && d.includes('/app/'));

test('user event with app and user agent: exact line per version, field names as each version writes them', () => {
  const e = start();
  const app = 'e7af59a0-c243-480d-9571-08727551a66f';
  assert.equal(
    v1(e, TIME_US),
    `user_events,host=SENSE-CENTRAL,event_action=Start\\ session,userFull=LAB\\goran,userDirectory=LAB,userId=goran,origin=AppAccess,` +
      `appId=${app},appName=Test\\ failing\\ reloads\\ 2,uaBrowserName=Chrome,uaBrowserMajorVersion=124,uaOsName=Windows,` +
      `uaOsVersion=NT\\ 10.0,qs_env=dev appId="${app}",appName="Test failing reloads 2",userFull="LAB\\\\goran",userId="goran" ${TIME_NS}`,
  );
  const tags =
    `user_events,appId=${app},appName=Test\\ failing\\ reloads\\ 2,event_action=Start\\ session,host=SENSE-CENTRAL,origin=AppAccess,` +
    'qs_env=dev,uaBrowserMajorVersion=124,uaBrowserName=Chrome,uaOsName=Windows,uaOsVersion=NT\\ 10.0,userDirectory=LAB,userFull=LAB\\goran,userId=goran';
  assert.equal(v2(e, TIME_US), `${tags} appId_field="${app}",appName_field="Test failing reloads 2",userFull="LAB\\\\goran",userId="goran" ${TIME_NS}`);
  assert.equal(
    v3(e, TIME_US),
    `${tags} appId_field="${app}",appName_field="Test failing reloads 2",userFull_field="LAB\\\\goran",userId_field="goran" ${TIME_NS}`,
  );
});

test('user event without app or user agent: only the always-present tags and fields', () => {
  const e = userEvent((d) => d.includes('Stop session'));
  assert.equal(e.appId, undefined);
  assert.equal(
    v1(e, TIME_US),
    `user_events,host=SENSE-CENTRAL,event_action=Stop\\ session,userFull=LAB\\goran,userDirectory=LAB,userId=goran,origin=AppAccess,qs_env=dev userFull="LAB\\\\goran",userId="goran" ${TIME_NS}`,
  );
});

test('v3 strips < > \\ from user-event tag values except userFull; unknown app name', () => {
  const e: UserEvent = { ...start(), appName: '<unknown app name>', user_directory: 'LAB\\x' };
  const l3 = v3(e, TIME_US);
  assert.ok(l3.includes(',appName=unknown\\ app\\ name,'), l3);
  assert.ok(l3.includes(',userDirectory=LABx,') && l3.includes(',userFull=LAB\\goran,'), l3);
  assert.ok(l3.includes('appName_field="<unknown app name>"'), l3);
  const l1 = v1(e, TIME_US);
  assert.ok(l1.includes(',appName=<unknown\\ app\\ name>,'), l1);
});

test('static tags replace an event tag with the same key and keep its position (v1)', () => {
  const config = { userEvents: { tags: [{ name: 'origin', value: 'static' }, { name: 'site', value: 'north' }] } };
  const line = createUserEventEncoder(config, 1)(start(), TIME_US);
  assert.ok(line.includes(',userId=goran,origin=static,appId='), line);
  assert.ok(line.includes(',uaOsVersion=NT\\ 10.0,site=north '), line);
});
