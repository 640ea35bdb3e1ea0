import { test } from 'node:test';
import assert from 'node:assert/strict';
import { categoriseError, ERROR_CATEGORIES, INVALID_RESPONSE_BODY_CODE } from '../../../src/errors/categorise.js';
import { describeBody } from '../../../src/pollers/http-json.js';
import { INVALID_BODY_CODE, invalidBodyError } from '../../../src/pollers/poll-error.js';

// Every trigger of the categorisation table in docs/error-tracking.md#error-categories, then the precedence between
// rows.

test('no error object is unknown', () => {
  assert.equal(categoriseError(undefined), 'unknown');
});

test('each trigger of the documented table gives its category', () => {
  const cases: Array<[Parameters<typeof categoriseError>[0], string]> = [
    [{ code: 'ETIMEDOUT' }, 'timeout'],
    [{ code: 'ECONNABORTED' }, 'timeout'],
    [{ message: 'timeout of 5000ms exceeded' }, 'timeout'],
    [{ name: 'RequestTimedOutError' }, 'timeout'],
    [{ code: 'ECONNREFUSED' }, 'connection_refused'],
    [{ code: 'ENOTFOUND' }, 'host_not_found'],
    [{ code: 'ECONNRESET' }, 'connection_reset'],
    [{ httpStatus: 401 }, 'auth_error'],
    [{ httpStatus: 403 }, 'auth_error'],
    [{ httpStatus: 404 }, 'not_found'],
    [{ httpStatus: 429 }, 'rate_limited'],
    [{ httpStatus: 500 }, 'http_5xx'],
    [{ httpStatus: 503 }, 'http_5xx'],
    [{ httpStatus: 400 }, 'http_4xx'],
    [{ httpStatus: 402 }, 'http_4xx'],
    [{ httpStatus: 499 }, 'http_4xx'],
    [{ message: 'unable to verify the first certificate' }, 'certificate_error'],
    [{ message: 'TLS handshake failed' }, 'certificate_error'],
    [{ message: 'SSL routines:wrong version number' }, 'certificate_error'],
    [{ message: 'mqtt client disconnected' }, 'mqtt_error'],
    [{ message: 'post to new relic failed' }, 'new_relic_error'],
    [{}, 'unknown'],
    [{ code: 'EPIPE', message: 'write failed' }, 'unknown'],
  ];
  for (const [err, expected] of cases) assert.equal(categoriseError(err), expected, JSON.stringify(err));
});

test('statuses outside 400-599 are not HTTP categories', () => {
  assert.equal(categoriseError({ httpStatus: 302 }), 'unknown');
  assert.equal(categoriseError({ httpStatus: 200 }), 'unknown');
  assert.equal(categoriseError({ httpStatus: Number.NaN }), 'unknown');
});

test('text matches are case-sensitive, as the documented table spells them', () => {
  assert.equal(categoriseError({ message: 'Connect Timeout Error' }), 'unknown');
  assert.equal(categoriseError({ message: 'MQTT broker gone' }), 'unknown');
  assert.equal(categoriseError({ message: 'New Relic said no' }), 'unknown');
  assert.equal(categoriseError({ message: 'tls alert' }), 'unknown');
});

test('rows apply in the documented order: the first match wins', () => {
  // timeout beats everything below it
  assert.equal(categoriseError({ code: 'ECONNABORTED', httpStatus: 503, message: 'SSL mqtt' }), 'timeout');
  assert.equal(categoriseError({ code: 'ECONNREFUSED', message: 'connect timeout' }), 'timeout');
  // network codes beat HTTP statuses and text
  assert.equal(categoriseError({ code: 'ECONNREFUSED', httpStatus: 401 }), 'connection_refused');
  assert.equal(categoriseError({ code: 'ENOTFOUND', message: 'cert' }), 'host_not_found');
  assert.equal(categoriseError({ code: 'ECONNRESET', httpStatus: 500 }), 'connection_reset');
  // HTTP statuses beat message text
  assert.equal(categoriseError({ httpStatus: 403, message: 'certificate rejected' }), 'auth_error');
  assert.equal(categoriseError({ httpStatus: 502, message: 'new relic mqtt' }), 'http_5xx');
  assert.equal(categoriseError({ httpStatus: 418, message: 'TLS' }), 'http_4xx');
  // certificate beats mqtt beats new relic
  assert.equal(categoriseError({ message: 'mqtt TLS error' }), 'certificate_error');
  assert.equal(categoriseError({ message: 'new relic mqtt bridge' }), 'mqtt_error');
});

test('the category list is the documented table, unknown last', () => {
  assert.equal(ERROR_CATEGORIES.length, 13);
  assert.equal(ERROR_CATEGORIES[ERROR_CATEGORIES.length - 1], 'unknown');
});

test("the pollers' invalid-response code is unknown whatever the quoted body says", () => {
  // Same code string as the pollers use (drift would silently re-enable the text rows for these errors).
  assert.equal(INVALID_RESPONSE_BODY_CODE, INVALID_BODY_CODE);
  const html = invalidBodyError('https://sense1:4747/engine/healthcheck?x=1', 5000, describeBody('<html><title>Session timeout - SSL cert login</title>', 'text/html'), 200);
  assert.match(html.details.message ?? '', /timeout/, 'the message quotes the page title');
  assert.equal(categoriseError(html.details), 'unknown');
  const shape = invalidBodyError('https://sense1:4747/engine/healthcheck', 5000, 'health check: mem is missing', 200);
  assert.equal(categoriseError(shape.details), 'unknown');
  assert.equal(categoriseError({ code: INVALID_RESPONSE_BODY_CODE, httpStatus: 204, message: 'unexpected HTTP 204' }), 'unknown');
});
