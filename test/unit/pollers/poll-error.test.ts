import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  categorisePollError,
  httpStatusError,
  invalidBodyError,
  timeoutError,
  transportErrorDetails,
  urlWithoutQuery,
} from '../../../src/pollers/poll-error.js';

const url = new URL('https://sense1.lab.local:4243/qps/hdr/session?Xrfkey=abcdefghij987654');

test('request URLs lose their query string (no xrfkey in error points)', () => {
  assert.equal(urlWithoutQuery(url), 'https://sense1.lab.local:4243/qps/hdr/session');
});

test('socket errors keep code, address, port and syscall, also when wrapped in a cause', () => {
  const socket = Object.assign(new Error('connect ECONNREFUSED 10.0.0.5:4243'), { code: 'ECONNREFUSED', address: '10.0.0.5', port: 4243, syscall: 'connect' });
  const wrapped = Object.assign(new Error('fetch failed'), { cause: socket });
  for (const err of [socket, wrapped]) {
    const d = transportErrorDetails(err, url, 5000).details;
    assert.deepEqual(
      [d.code, d.remoteAddress, d.remotePort, d.syscall, d.requestUrl, d.requestTimeoutMs],
      ['ECONNREFUSED', '10.0.0.5', 4243, 'connect', 'https://sense1.lab.local:4243/qps/hdr/session', 5000],
    );
    assert.equal(categorisePollError(d), 'connection_refused');
  }
});

test('TLS verification failures read as certificate errors', () => {
  const err = Object.assign(new Error('unable to verify the first certificate'), { code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
  assert.equal(categorisePollError(transportErrorDetails(err, url, 5000).details), 'certificate_error');
  const alert = Object.assign(new Error('tlsv13 alert certificate required'), { code: 'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED' });
  const d = transportErrorDetails(alert, url, 5000).details;
  assert.match(d.message ?? '', /server rejected the client certificate/);
  assert.equal(categorisePollError(d), 'certificate_error');
});

test('the error-tracker categories, plus invalid_response', () => {
  assert.equal(categorisePollError(timeoutError(url, 5000).details), 'timeout');
  assert.equal(timeoutError(url, 5000).details.code, 'ECONNABORTED');
  const cases: Array<[number, string, string]> = [
    [401, 'auth_error', 'ERR_BAD_REQUEST'],
    [403, 'auth_error', 'ERR_BAD_REQUEST'],
    [404, 'not_found', 'ERR_BAD_REQUEST'],
    [429, 'rate_limited', 'ERR_BAD_REQUEST'],
    [400, 'http_4xx', 'ERR_BAD_REQUEST'],
    [503, 'http_5xx', 'ERR_BAD_RESPONSE'],
  ];
  for (const [status, category, code] of cases) {
    const d = httpStatusError(url, 5000, status, '').details;
    assert.deepEqual([categorisePollError(d), d.code, d.httpStatus], [category, code, status]);
  }
  assert.equal(categorisePollError(invalidBodyError(url, 5000, 'expected JSON, got HTML', 200).details), 'invalid_response');
  assert.equal(categorisePollError(Object.assign(new Error('x'), { code: 'ECONNRESET' })), 'connection_reset');
  assert.equal(categorisePollError(undefined), 'unknown');
});
