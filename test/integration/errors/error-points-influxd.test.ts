import { encodeErrorLine } from '../../../src/errors/error-point.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'undici';
import { startInfluxd } from '../../support/influxd.js';
import { ErrorTracker } from '../../../src/errors/error-tracker.js';
import { silentLogger } from '../../../src/log/logger.js';
import type { ErrorReport } from '../../../src/threads/messages.js';

// The tracker's v1 lines against a real InfluxDB 1.x: every seed example must be accepted (no empty tags, no
// type conflicts) and read back with the documented tags, fields and types. The whole-collector test (pollers
// against a refusing / timing-out simulated Qlik server) builds on this once the pollers and the tracker thread
// are wired.

const DB = 'errtest';
const AT = Date.UTC(2026, 4, 3, 16, 10, 9, 420);

const reports: ErrorReport[] = [
  {
    t: 'error',
    type: 'PROXY_API',
    serverName: 'sense2',
    host: 'pro2-win2.lab.example:4243',
    virtualProxy: '/',
    err: {
      code: 'ECONNREFUSED',
      requestUrl: 'https://pro2-win2.lab.example:4243/qps/session?Xrfkey=0123456789abcdef',
      requestTimeoutMs: 5000,
      remoteAddress: '192.168.100.110',
      remotePort: 4243,
      syscall: 'connect',
    },
    at: AT,
  },
  { t: 'error', type: 'HEALTH_API', serverName: 'sense1', host: 'sense1.example.com', err: { code: 'ECONNABORTED', requestUrl: 'https://sense1.example.com:4747/engine/healthcheck', requestTimeoutMs: 5000 }, at: AT + 1 },
  { t: 'error', type: 'NEW_RELIC_POST', module: 'HEALTH_METRICS_NEW_RELIC', serverName: '', destinationHost: 'https://metric-api.newrelic.com', err: { httpStatus: 401 }, at: AT + 2 },
  { t: 'error', type: 'UDP_USER_EVENT', module: 'UDP_USER_EVENTS', serverName: '', err: { message: 'bad' }, at: AT + 3 },
];

test('error points are accepted by InfluxDB 1.x and read back as docs/error-tracking.md describes', async (t) => {
  const influx = await startInfluxd();
  if (influx === null) {
    t.skip('influxd not installed');
    return;
  }
  try {
    await influx.query(`CREATE DATABASE ${DB}`);
    const lines: string[] = [];
    const tracker = new ErrorTracker(
      { enable: true, logSummary: false, points: true },
      { logger: silentLogger(), emit: (e) => lines.push(encodeErrorLine(e.report, e.category, { measurement: 'butler_sos_errors', version: 1 })) },
    );
    for (const r of reports) tracker.record(r);
    assert.equal(lines.length, reports.length);

    const res = await request(`${influx.url}/write?db=${DB}&precision=n`, { method: 'POST', body: lines.join('\n') });
    const body = await res.body.text();
    assert.equal(res.statusCode, 204, `InfluxDB refused the error points: ${body}`);

    const rows = await influx.rows(`SELECT * FROM butler_sos_errors ORDER BY time ASC`, DB, 'ms');
    assert.equal(rows.length, 4);
    const [proxy, health, nr, udp] = rows;
    assert.equal(proxy.time, AT);
    assert.equal(proxy.error_type, 'PROXY_API');
    assert.equal(proxy.server_name, 'sense2');
    assert.equal(proxy.host, 'pro2-win2.lab.example');
    assert.equal(proxy.virtual_proxy, '/');
    assert.equal(proxy.error_count, 1);
    assert.equal(proxy.error_category, 'connection_refused');
    assert.equal(proxy.error_code, 'ECONNREFUSED');
    assert.equal(proxy.request_url, 'https://pro2-win2.lab.example:4243/qps/session');
    assert.equal(proxy.request_timeout_ms, 5000);
    assert.equal(proxy.remote_address, '192.168.100.110');
    assert.equal(proxy.remote_port, 4243);
    assert.equal(proxy.syscall, 'connect');
    assert.equal(health.error_category, 'timeout');
    assert.equal(nr.http_status, 401);
    assert.equal(nr.error_category, 'auth_error');
    assert.equal(nr.destination_host, 'https://metric-api.newrelic.com');
    assert.equal(nr.server_name, null, 'empty server_name is absent, not an empty tag');
    assert.equal(udp.module, 'UDP_USER_EVENTS');

    const types = await influx.rows(`SHOW FIELD KEYS FROM butler_sos_errors`, DB);
    const typeOf = Object.fromEntries(types.map((r) => [r.fieldKey, r.fieldType]));
    assert.deepEqual(
      { error_count: typeOf.error_count, http_status: typeOf.http_status, request_timeout_ms: typeOf.request_timeout_ms, remote_port: typeOf.remote_port, error_category: typeOf.error_category },
      { error_count: 'integer', http_status: 'integer', request_timeout_ms: 'integer', remote_port: 'integer', error_category: 'string' },
    );
  } finally {
    await influx.stop();
  }
});
