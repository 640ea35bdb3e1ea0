import { test } from 'node:test';
import assert from 'node:assert/strict';
import { redactUrlsInText, sanitizeRequestUrl } from '../../../src/errors/sanitize-url.js';

test('keeps scheme, host with port and path; drops the query string', () => {
  assert.equal(
    sanitizeRequestUrl('https://pro2-win2.lab.ptarmiganlabs.net:4243/qps/session?Xrfkey=abcdefghijklmnop'),
    'https://pro2-win2.lab.ptarmiganlabs.net:4243/qps/session',
  );
  assert.equal(sanitizeRequestUrl('https://sense1.example.com:4747/engine/healthcheck'), 'https://sense1.example.com:4747/engine/healthcheck');
});

test('drops fragments and user info, keeps default ports and path encoding as given', () => {
  assert.equal(sanitizeRequestUrl('https://user:secret@host.example:443/a%20b#frag'), 'https://host.example:443/a%20b');
  assert.equal(sanitizeRequestUrl('http://host/p#x?y=1'), 'http://host/p');
});

test('URLs without a path, or a query directly after the host', () => {
  assert.equal(sanitizeRequestUrl('https://metric-api.newrelic.com'), 'https://metric-api.newrelic.com');
  assert.equal(sanitizeRequestUrl('https://host:4242?xrfkey=1'), 'https://host:4242');
  assert.equal(sanitizeRequestUrl('https://u:p@host?k=1'), 'https://host');
});

test('relative URLs keep their path; other input gives empty', () => {
  assert.equal(sanitizeRequestUrl('/qrs/app/full?xrfkey=1'), '/qrs/app/full');
  assert.equal(sanitizeRequestUrl('/cb?next=https://x/y'), '/cb');
  assert.equal(sanitizeRequestUrl(''), '');
  assert.equal(sanitizeRequestUrl(undefined), '');
  assert.equal(sanitizeRequestUrl(42), '');
});

test('URLs inside messages are redacted the same way', () => {
  const msg = 'request to https://sense1:4243/qps/session?Xrfkey=SECRET failed, reason: connect ECONNREFUSED';
  const out = redactUrlsInText(msg);
  assert.equal(out, 'request to https://sense1:4243/qps/session failed, reason: connect ECONNREFUSED');
  assert.ok(!out.includes('SECRET'));
  assert.equal(redactUrlsInText('no url here'), 'no url here');
});
