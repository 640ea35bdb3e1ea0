import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { encodeLine, encodeLines, healthPoints, type EngineHealthBody, type HealthPointOptions } from '../../../src/points/index.js';
import { fixturePath } from '../../support/paths.js';
import { APP_NAMES } from '../events/helpers.js';

// The example environment of the reference lines below (one server with a custom tag).
const SERVER = { host: 'sense1.lab.local:4747', serverName: 'sense1', serverDescription: 'Central node', serverTags: { server_group: 'DEV' } };
const BODY: EngineHealthBody = {
  version: '14.65.2',
  started: '20240801T121212.000Z',
  mem: { committed: 1466.89, allocated: 2950.5, free: 13012.3 },
  apps: { active_docs: ['a1'], loaded_docs: ['a1', 'a2'], in_memory_docs: ['a1', 'a2', 'a3'], calls: 10234, selections: 512 },
  cpu: { total: 3.5 },
  session: { active: 1, total: 4 },
  users: { active: 1, total: 3 },
  cache: { hits: 100, lookups: 120, added: 20, replaced: 5, bytes_added: 1024 },
  saturated: false,
};
const NOW_US = (Date.UTC(2024, 7, 1, 12, 12, 12) + ((13 * 24 + 2) * 3600 + 5 * 60 + 9) * 1000) * 1000;
const NS = `${NOW_US}000`;
const OFF: HealthPointOptions = { includeFields: { activeDocs: false, loadedDocs: false, inMemoryDocs: false }, appNameExtract: false, appName: () => undefined };

const lines = (version: 1 | 2 | 3, body = BODY, opts = OFF) => healthPoints(body, SERVER, version, opts, NOW_US).map(encodeLine);

test('v1: the eight reference points byte for byte (plus the poll time)', () => {
  const t = 'host=sense1.lab.local,server_name=sense1,server_description=Central\\ node,server_group=DEV';
  assert.deepEqual(lines(1), [
    `sense_server,${t} started="20240801T121212.000Z",uptime="13 days, 2h 05m 09s",version="14.65.2" ${NS}`,
    `mem,${t} allocated=2950i,comitted=1466i,free=13012i ${NS}`,
    `apps,${t} active_docs="",active_docs_count=1i,active_docs_names="",active_session_docs_names="",calls=10234i,` +
      `in_memory_docs="",in_memory_docs_count=3i,in_memory_docs_names="",in_memory_session_docs_names="",` +
      `loaded_docs="",loaded_docs_count=2i,loaded_docs_names="",loaded_session_docs_names="",selections=512i ${NS}`,
    `cpu,${t} total=3i ${NS}`,
    `session,${t} active=1i,total=4i ${NS}`,
    `users,${t} active=1i,total=3i ${NS}`,
    `cache,${t} added=20i,bytes_added=1024i,hits=100i,lookups=120i,replaced=5i ${NS}`,
    `saturated,${t} saturated=false ${NS}`,
  ]);
});

test('v2 and v3: sorted tags, float mem, uinteger counters in v2, T/F booleans', () => {
  const t = 'host=sense1.lab.local,server_description=Central\\ node,server_group=DEV,server_name=sense1';
  const l2 = lines(2);
  assert.equal(l2[1], `mem,${t} allocated=2950.5,comitted=1466.89,free=13012.3 ${NS}`);
  assert.match(l2[2], /,calls=10234u,.*,selections=512u /);
  assert.equal(l2[3], `cpu,${t} total=3.5 ${NS}`);
  assert.equal(l2[4], `session,${t} active=1u,total=4u ${NS}`);
  assert.equal(l2[5], `users,${t} active=1u,total=3u ${NS}`);
  assert.equal(l2[6], `cache,${t} added=20i,bytes_added=1024i,hits=100u,lookups=120u,replaced=5i ${NS}`);
  assert.equal(l2[7], `saturated,${t} saturated=F ${NS}`);
  const l3 = lines(3);
  assert.equal(l3[1], `mem,${t} allocated=2950.5,comitted=1466.89,free=13012.3 ${NS}`);
  assert.match(l3[2], /,calls=10234i,.*,selections=512i /);
  assert.equal(l3[3], `cpu,${t} total=3i ${NS}`);
  assert.equal(l3[4], `session,${t} active=1i,total=4i ${NS}`);
  assert.equal(l3[6], `cache,${t} added=20i,bytes_added=1024i,hits=100i,lookups=120i,replaced=5i ${NS}`);
  assert.equal(l3[7], `saturated,${t} saturated=F ${NS}`);
});

test('negative counters: v3 clamps to 0, v2 unsigned written as 0u, v1 as received', () => {
  const body = { ...BODY, apps: { ...BODY.apps, calls: -5 }, cache: { ...BODY.cache, added: -2 } };
  assert.match(lines(1, body)[2], /,calls=-5i,/);
  assert.match(lines(2, body)[2], /,calls=0u,/);
  assert.match(lines(3, body)[2], /,calls=0i,/);
  assert.match(lines(3, body)[6], / added=0i,/);
});

test('includeFields + app names on the realistic fixture: ids, sorted names, SessionApp ids; v1 names quoted', () => {
  const body = JSON.parse(readFileSync(fixturePath('spec', 'http', 'healthcheck-constructed-realistic.json'), 'utf8')) as EngineHealthBody;
  const opts = {
    includeFields: { activeDocs: false, loadedDocs: true, inMemoryDocs: true },
    appNameExtract: true,
    appName: (id: string) => APP_NAMES.get(id),
  };
  const a1 = lines(1, body, opts)[2];
  assert.ok(a1.includes(' active_docs="",active_docs_count=1i,active_docs_names="",active_session_docs_names="",'), a1);
  assert.ok(
    a1.includes(
      'in_memory_docs="d7cf16f9-6a95-462a-9ff1-a6d413326de4,e7af59a0-c243-480d-9571-08727551a66f,SessionApp_3d1f2a66-6a3b-4c1e-9a0e-2c5f8f1b7e21",' +
        'in_memory_docs_count=3i,in_memory_docs_names="\\"Sales dashboard\\",\\"Test failing reloads 2\\"",' +
        'in_memory_session_docs_names="\\"SessionApp_3d1f2a66-6a3b-4c1e-9a0e-2c5f8f1b7e21\\"",',
    ),
    a1,
  );
  const a2 = lines(2, body, opts)[2];
  assert.ok(a2.includes(',in_memory_docs_names="Sales dashboard,Test failing reloads 2",'), a2);
  assert.ok(a2.includes(',loaded_docs_names="Test failing reloads 2",loaded_session_docs_names="SessionApp_3d1f2a66-6a3b-4c1e-9a0e-2c5f8f1b7e21",'), a2);
  // Names need app-name extraction as well; the id lists do not.
  const noNames = lines(2, body, { ...opts, appNameExtract: false })[2];
  assert.ok(noNames.includes(',loaded_docs="e7af59a0-c243-480d-9571-08727551a66f,SessionApp_3d1f2a66-6a3b-4c1e-9a0e-2c5f8f1b7e21",'));
  assert.ok(noNames.includes(',loaded_docs_names="",'));
});

test('fixture bodies: eight lines for every version; a body without saturated gives seven lines', () => {
  for (const file of ['healthcheck-constructed-realistic.json', 'healthcheck-from-tests.json']) {
    const body = JSON.parse(readFileSync(fixturePath('spec', 'http', file), 'utf8')) as EngineHealthBody;
    for (const v of [1, 2, 3] as const) {
      const out = encodeLines(healthPoints(body, SERVER, v, OFF, NOW_US)).split('\n');
      assert.equal(out.length, 8, `${file} v${v}`);
      for (const line of out) assert.ok(line.endsWith(' ' + NS) && !line.includes('undefined') && !line.includes('NaN'), line);
    }
  }
  const body = { ...BODY, saturated: undefined };
  assert.equal(encodeLines(healthPoints(body, SERVER, 1, OFF, NOW_US)).split('\n').length, 7);
});

test('server tags: port stripped, custom tags may replace base tags, null custom tags left out', () => {
  const server = { ...SERVER, serverTags: { server_description: 'Replaced', site: null, zone: 'a b' } };
  const line = encodeLine(healthPoints(BODY, server, 1, OFF, NOW_US)[3]);
  assert.equal(line, `cpu,host=sense1.lab.local,server_name=sense1,server_description=Replaced,zone=a\\ b total=3i ${NS}`);
});
