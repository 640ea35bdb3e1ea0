import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { encodeLine, sessionPoints, type ProxySession } from '../../../src/points/index.js';
import { fixturePath } from '../../support/paths.js';

const SERVER = { host: 'sense1.lab.local:4747', serverName: 'sense1', serverDescription: 'Central node', serverTags: { server_group: 'DEV' } };
const TARGET = { server: SERVER, virtualProxy: '/', sessionHost: 'sense1.lab.local:4243' };
const TWO: ProxySession[] = [
  { UserDirectory: 'LAB', UserId: 'joe', SessionId: '7f3c' },
  { UserDirectory: 'LAB', UserId: 'ann', SessionId: '8a4d' },
];

test('v1 summary/list/details match the reference lines (list has no session_count in v1)', () => {
  const t = 'host=sense1.lab.local,server_name=sense1,server_description=Central\\ node,server_group=DEV,user_session_virtual_proxy=/,user_session_host=sense1.lab.local:4243';
  const lines = sessionPoints(TWO, TARGET, 1).map(encodeLine);
  assert.deepEqual(lines, [
    `user_session_summary,${t} session_count=2i,session_user_id_list="LAB\\\\joe,LAB\\\\ann"`,
    `user_session_list,${t} session_user_id_list="LAB\\\\joe,LAB\\\\ann"`,
    `user_session_details,${t},user_session_id=7f3c,user_session_user_directory=LAB,user_session_user_id=joe session_id="7f3c",user_directory="LAB",user_id="joe"`,
    `user_session_details,${t},user_session_id=8a4d,user_session_user_directory=LAB,user_session_user_id=ann session_id="8a4d",user_directory="LAB",user_id="ann"`,
  ]);
});

test('v2 keeps the server tags (Butler SOS v15 lost them) and writes session_count unsigned; v3 integer', () => {
  const t = 'host=sense1.lab.local,server_description=Central\\ node,server_group=DEV,server_name=sense1,user_session_host=sense1.lab.local:4243,user_session_virtual_proxy=/';
  const l2 = sessionPoints(TWO, TARGET, 2, 5).map(encodeLine);
  assert.equal(l2[0], `user_session_summary,${t} session_count=2u,session_user_id_list="LAB\\\\joe,LAB\\\\ann" 5000`);
  assert.equal(l2[1], `user_session_list,${t} session_count=2u,session_user_id_list="LAB\\\\joe,LAB\\\\ann" 5000`);
  const l3 = sessionPoints(TWO, TARGET, 3, 5).map(encodeLine);
  assert.equal(l3[1], `user_session_list,${t} session_count=2i,session_user_id_list="LAB\\\\joe,LAB\\\\ann" 5000`);
});

test('fixture sessions: count includes everyone, the user list is distinct in first-seen order, excluded users get no details', () => {
  const sessions = JSON.parse(readFileSync(fixturePath('spec', 'http', 'qps-session-constructed.json'), 'utf8')) as ProxySession[];
  const points = sessionPoints(sessions, { ...TARGET, virtualProxy: '/hdr', excludeUser: [{ directory: 'LAB', userId: 'goran' }] }, 1);
  const lines = points.map(encodeLine);
  assert.match(lines[0], / session_count=3i,session_user_id_list="LAB\\\\goran,LAB\\\\anna"$/);
  assert.equal(lines.length, 3);
  assert.ok(lines[2].includes(',user_session_user_id=anna '), lines[2]);
});

test('no sessions: summary and list with count 0 and an empty list, no details', () => {
  const lines = sessionPoints([], TARGET, 2).map(encodeLine);
  assert.equal(lines.length, 2);
  assert.match(lines[0], / session_count=0u,session_user_id_list=""$/);
});
