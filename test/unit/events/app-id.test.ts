// App id of a user event from its context (docs/inputs.md#user-events-port-9997): `/app/<guid>` or `/app/<guid>?…`
// only, validated like the `uuid` package's validate() (any case, RFC variant, version 1-8, nil and max), stored
// lower-cased.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appIdFromContext } from '../../../src/events/app-id.js';

const ID = 'e7af59a0-c243-480d-9571-08727551a66f';

test('/app/<guid> and /app/<guid>?<query> give the id', () => {
  assert.equal(appIdFromContext(`/app/${ID}`), ID);
  assert.equal(appIdFromContext(`/app/${ID}?reloaduri=https%3a%2f%2fsense.lab.local%2fsense%2fapp%2f${ID}`), ID);
  assert.equal(appIdFromContext(`/app/${ID}?`), ID);
  assert.equal(appIdFromContext(`/app/${ID}?next=/app/d7cf16f9-6a95-462a-9ff1-a6d413326de4`), ID, 'the query is cut first');
});

test('uppercase and mixed-case GUIDs are accepted and lower-cased (fix: one spelling in tags and lookups)', () => {
  assert.equal(appIdFromContext(`/app/${ID.toUpperCase()}`), ID);
  assert.equal(appIdFromContext('/app/E7aF59A0-c243-480D-9571-08727551A66f?x=1'), ID);
});

test('contexts that are not /app/<guid>[?…] give no id, as Butler', () => {
  for (const context of [
    '',
    '/hub/',
    'hub',
    '/app/',
    `app/${ID}`,
    `/App/${ID}`,
    ` /app/${ID}`,
    `/sense/app/${ID}`,
    `/app/${ID}/sheet/rwPjBk/state/analysis`,
    `/app/${ID}/`,
    `/app/${ID}#hash`,
    `/app/{${ID}}`,
    `/app/${ID}x`,
    `/app/${ID.slice(0, -1)}`,
    '/app/invalid-guid?param=value',
    `/app/${ID.replaceAll('-', '')}`,
  ]) {
    assert.equal(appIdFromContext(context), '', context);
  }
});

test('a second /app/ ends the candidate (Butler splits on "/app/")', () => {
  assert.equal(appIdFromContext(`/app/${ID}/app/whatever`), ID);
  assert.equal(appIdFromContext('/app/whatever/app/' + ID), '');
});

test('version and variant nibbles are checked like uuid.validate (Butler tests used ids that fail for real)', () => {
  // Variant nibble '1' / '4': not RFC 4122/9562, so rejected (Butler's unit tests mocked validate()).
  assert.equal(appIdFromContext('/app/12345678-1234-1234-1234-123456789abc'), '');
  assert.equal(appIdFromContext('/app/87654321-4321-4321-4321-cba987654321'), '');
  // Version 0 and 9 are rejected; versions 1-8 with variant 8/9/a/b pass.
  assert.equal(appIdFromContext('/app/12345678-1234-0234-8234-123456789abc'), '');
  assert.equal(appIdFromContext('/app/12345678-1234-9234-8234-123456789abc'), '');
  for (const version of '12345678') {
    for (const variant of '89ab') {
      const id = `12345678-1234-${version}234-${variant}234-123456789abc`;
      assert.equal(appIdFromContext(`/app/${id}`), id, id);
    }
  }
  assert.equal(appIdFromContext('/app/12345678-1234-4234-c234-123456789abc'), '');
});

test('nil and max UUIDs pass validation, as with the uuid package', () => {
  assert.equal(appIdFromContext('/app/00000000-0000-0000-0000-000000000000'), '00000000-0000-0000-0000-000000000000');
  assert.equal(appIdFromContext('/app/FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF'), 'ffffffff-ffff-ffff-ffff-ffffffffffff');
});

test('long contexts do not matter: only the candidate is validated', () => {
  assert.equal(appIdFromContext(`/app/${ID}?` + 'q'.repeat(10_000)), ID);
  assert.equal(appIdFromContext('/app/' + 'x'.repeat(10_000)), '');
});
