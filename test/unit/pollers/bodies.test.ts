import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { readAppList, sameAppNames } from '../../../src/pollers/app-list.js';
import { BodyError } from '../../../src/pollers/body-reader.js';
import { readHealthBody } from '../../../src/pollers/health-body.js';
import { describeBody } from '../../../src/pollers/http-json.js';
import { readSessionBody } from '../../../src/pollers/session-body.js';
import { fixturePath } from '../../support/paths.js';

const fixture = (name: string) => JSON.parse(readFileSync(fixturePath('spec', 'http', name), 'utf8'));

test('every health check fixture reads into the values Butler SOS extracts', () => {
  const body = fixture('healthcheck-constructed-realistic.json');
  const h = readHealthBody(body);
  assert.equal(h.version, body.version);
  assert.equal(h.mem.committed, body.mem.committed);
  assert.deepEqual(h.apps.in_memory_docs, body.apps.in_memory_docs);
  assert.equal(h.cache.bytes_added, body.cache.bytes_added);
  assert.equal(h.saturated, false);
  for (const name of ['healthcheck-from-tests.json', 'healthcheck-qlik-docs-3.1-example.json']) {
    assert.doesNotThrow(() => readHealthBody(fixture(name)), name);
  }
});

test("Qlik's 2016 example: misspelt mem.comitted accepted, absent lists empty, absent saturated undefined", () => {
  const doc = fixture('healthcheck-qlik-docs-3.1-example.json');
  const h = readHealthBody(doc);
  assert.equal(h.mem.committed, doc.mem.comitted);
  assert.deepEqual(h.apps.in_memory_docs, []);
  assert.equal(h.saturated, undefined);
  assert.throws(() => readHealthBody({ ...doc, saturated: 'no' }), /saturated: expected true or false, got string/);
});

test('a health body of the wrong shape lists every problem with its path', () => {
  assert.throws(
    () => readHealthBody({ version: 14, mem: { committed: '1', allocated: 1, free: 1 }, apps: { active_docs: [1] } }),
    (err: unknown) => {
      assert.ok(err instanceof BodyError);
      assert.match(err.message, /^health check body: /);
      assert.match(err.message, /version: expected a string, got number/);
      assert.match(err.message, /mem\.committed: expected a number, got string/);
      assert.match(err.message, /apps\.active_docs: expected an array of strings/);
      assert.match(err.message, /cpu: expected an object, got missing/);
      return true;
    },
  );
  assert.throws(() => readHealthBody([]), /\$: expected an object, got an array/);
});

test('session lists: fixtures read, malformed elements named', () => {
  const sessions = readSessionBody(fixture('qps-session-constructed.json'));
  assert.deepEqual(sessions.map((s) => s.UserId), ['goran', 'anna', 'goran']);
  assert.equal(readSessionBody(fixture('qps-session-from-tests.json')).length, fixture('qps-session-from-tests.json').length);
  assert.throws(() => readSessionBody({}), /\$: expected an array of sessions, got object/);
  assert.throws(() => readSessionBody([{ UserDirectory: 'LAB', UserId: 'x' }]), /\[0\]\.SessionId: expected a string, got missing/);
});

test('QRS app list → id/name map; equality ignores order', () => {
  const apps = fixture('qrs-app-list-constructed.json');
  const map = readAppList(apps);
  assert.equal(map.size, apps.length);
  assert.equal(map.get(apps[0].id), apps[0].name);
  assert.ok(sameAppNames(map, readAppList([...apps].reverse())));
  assert.ok(!sameAppNames(map, readAppList(apps.slice(1))));
  assert.throws(() => readAppList('nope'), /QRS app list: \$: expected an array/);
});

test('non-JSON bodies are described so an admin recognises them', () => {
  assert.match(describeBody('<html><head><title>Qlik Sense - Login</title>', 'text/html'), /got HTML \("Qlik Sense - Login"\).*login page/);
  assert.equal(describeBody('   ', 'application/json'), 'expected JSON, got an empty body');
  assert.match(describeBody('Service Unavailable', 'text/plain'), /got text\/plain starting with "Service Unavailable"/);
});
