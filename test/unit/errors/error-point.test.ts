import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildErrorPoint, encodeErrorLine, hostWithoutPort } from '../../../src/errors/error-point.js';
import { categoriseError } from '../../../src/errors/categorise.js';
import type { ErrorReport } from '../../../src/threads/messages.js';
import type { InfluxVersion } from '../../../src/points/point.js';

// The documented line-protocol examples are the reference. Tag and field order is the client library's business
// (InfluxDB ignores it), so lines are compared as sets; an empty tag (`server_name=`) is left out because
// InfluxDB 1.x rejects it.

interface ParsedLine {
  measurement: string;
  tags: Map<string, string>;
  fields: Map<string, string>;
  time?: string;
}

/** Splits the documented simple lines (no escaped characters) into their parts. */
function parse(line: string): ParsedLine {
  const [head, fieldPart, time] = line.split(' ');
  const [measurement, ...tagPairs] = head.split(',');
  const pairs = (list: string[]) => new Map(list.map((p) => [p.slice(0, p.indexOf('=')), p.slice(p.indexOf('=') + 1)] as [string, string]));
  const tags = pairs(tagPairs);
  for (const [k, v] of tags) if (v === '') tags.delete(k);
  return { measurement, tags, fields: pairs(fieldPart.split(',')), time };
}

function assertSameLine(actual: string, seed: string): void {
  const a = parse(actual);
  const e = parse(seed);
  assert.equal(a.measurement, e.measurement);
  assert.deepEqual(Object.fromEntries(a.tags), Object.fromEntries(e.tags));
  assert.deepEqual(Object.fromEntries(a.fields), Object.fromEntries(e.fields));
}

const opts = (version: InfluxVersion) => ({ measurement: 'butler_sos_errors', version });
const line = (r: ErrorReport, version: InfluxVersion = 1) => encodeErrorLine(r, categoriseError(r.err), opts(version));
const AT = Date.UTC(2026, 4, 3, 16, 10, 9, 420);

const seedExamples: Array<[string, ErrorReport, string]> = [
  [
    'ECONNREFUSED dialling the proxy',
    {
      t: 'error',
      type: 'PROXY_API',
      serverName: 'sense2',
      host: 'pro2-win2.lab.ptarmiganlabs.net:4243',
      virtualProxy: '/',
      err: {
        code: 'ECONNREFUSED',
        requestUrl: 'https://pro2-win2.lab.ptarmiganlabs.net:4243/qps/session?Xrfkey=0123456789abcdef',
        requestTimeoutMs: 5000,
        remoteAddress: '192.168.100.110',
        remotePort: 4243,
        syscall: 'connect',
        message: 'connect ECONNREFUSED 192.168.100.110:4243',
      },
      at: AT,
    },
    'butler_sos_errors,error_type=PROXY_API,server_name=sense2,host=pro2-win2.lab.ptarmiganlabs.net,virtual_proxy=/ error_count=1i,error_category="connection_refused",error_code="ECONNREFUSED",request_url="https://pro2-win2.lab.ptarmiganlabs.net:4243/qps/session",request_timeout_ms=5000i,remote_address="192.168.100.110",remote_port=4243i,syscall="connect"',
  ],
  [
    'health API timeout',
    {
      t: 'error',
      type: 'HEALTH_API',
      serverName: 'sense1',
      host: 'sense1.example.com',
      err: { code: 'ECONNABORTED', requestUrl: 'https://sense1.example.com:4747/engine/healthcheck', requestTimeoutMs: 5000, message: 'timeout of 5000ms exceeded' },
      at: AT,
    },
    'butler_sos_errors,error_type=HEALTH_API,server_name=sense1,host=sense1.example.com error_count=1i,error_category="timeout",error_code="ECONNABORTED",request_url="https://sense1.example.com:4747/engine/healthcheck",request_timeout_ms=5000i',
  ],
  [
    'HTTP 401 from New Relic',
    {
      t: 'error',
      type: 'NEW_RELIC_POST',
      module: 'HEALTH_METRICS_NEW_RELIC',
      serverName: '',
      destinationHost: 'https://metric-api.newrelic.com',
      err: { httpStatus: 401, message: 'Request failed with status code 401' },
      at: AT,
    },
    'butler_sos_errors,error_type=NEW_RELIC_POST,server_name=,module=HEALTH_METRICS_NEW_RELIC,destination_host=https://metric-api.newrelic.com error_count=1i,error_category="auth_error",http_status=401i,error_code=""',
  ],
  [
    'InfluxDB v3 write failure',
    { t: 'error', type: 'INFLUXDB_V3_WRITE', module: 'HEALTH_METRICS', serverName: 'sense1', err: { message: 'write failed' }, at: AT },
    'butler_sos_errors,error_type=INFLUXDB_V3_WRITE,server_name=sense1,module=HEALTH_METRICS error_count=1i,error_category="unknown",error_code=""',
  ],
  [
    'UDP event processing failure',
    { t: 'error', type: 'UDP_USER_EVENT', module: 'UDP_USER_EVENTS', serverName: '', err: { message: 'bad datagram', name: 'TypeError' }, at: AT },
    'butler_sos_errors,error_type=UDP_USER_EVENT,server_name=,module=UDP_USER_EVENTS error_count=1i,error_category="unknown",error_code=""',
  ],
];

for (const [name, report, seed] of seedExamples) {
  test(`seed example: ${name} (v1, v2, v3)`, () => {
    for (const v of [1, 2, 3] as const) assertSameLine(line(report, v), seed);
  });
}

test('empty server name is left out, never written as an empty tag', () => {
  const out = line({ t: 'error', type: 'UDP_LOG_EVENT', serverName: '', at: AT });
  assert.ok(!out.includes('server_name'), out);
  assert.ok(!/=[, ]/.test(out.split(' ')[0]), `no empty tag values in ${out}`);
});

test('the point carries the time of the error, in nanoseconds', () => {
  assert.equal(parse(line(seedExamples[1][1])).time, String(AT) + '000000');
});

test('the query string never reaches the point, even in destination_host', () => {
  const out = line({
    t: 'error',
    type: 'NEW_RELIC_POST',
    serverName: '',
    destinationHost: 'https://k:pw@insights.example/v1?apikey=SECRET',
    err: { requestUrl: 'https://h/p?Xrfkey=SECRET' },
    at: AT,
  });
  assert.ok(!out.includes('SECRET'), out);
  assert.ok(!out.includes('pw'), out);
});

test('v2/v3 sort tags alphabetically like their clients; v1 keeps the documented tag order', () => {
  const report = seedExamples[0][1];
  const tagKeys = (v: InfluxVersion) => buildErrorPoint(report, 'connection_refused', opts(v)).tags.map((t) => t[0]);
  assert.deepEqual(tagKeys(1), ['error_type', 'server_name', 'host', 'virtual_proxy']);
  assert.deepEqual(tagKeys(2), ['error_type', 'host', 'server_name', 'virtual_proxy']);
});

test('the measurement name comes from configuration', () => {
  const r = seedExamples[3][1];
  assert.ok(encodeErrorLine(r, 'unknown', { measurement: 'my errors', version: 2 }).startsWith('my\\ errors,'));
});

test('a zero timeout (axios: none) is not written', () => {
  assert.ok(!line({ t: 'error', type: 'HEALTH_API', serverName: 's', err: { requestTimeoutMs: 0 }, at: AT }).includes('request_timeout_ms'));
});

test('host loses its port, IPv6 addresses survive', () => {
  assert.equal(hostWithoutPort('sense1.lab.local:4747'), 'sense1.lab.local');
  assert.equal(hostWithoutPort('sense1.lab.local'), 'sense1.lab.local');
  assert.equal(hostWithoutPort('10.0.0.1:4243'), '10.0.0.1');
  assert.equal(hostWithoutPort('[::1]:4747'), '[::1]');
  assert.equal(hostWithoutPort('fe80::1'), 'fe80::1');
  assert.equal(hostWithoutPort('host:'), 'host:');
});
