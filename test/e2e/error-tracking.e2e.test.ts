// Issue 5, "Done when" bullet 2: the built collector polls a Qlik server that refuses connections (a closed
// loopback port) and one that never answers (QlikApiSim 'hang'), with error tracking writing to a real
// InfluxDB 1.x. After SIGTERM the test reads butler_sos_errors back and compares it with the documented examples,
// and checks the console summary lines against the points: one point per counted error.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { QlikApiSim } from '../../bench/sim/qlik-api/qlik-api-sim.js';
import { startCollector } from '../support/collector-process.js';
import { freePort } from '../support/free-port.js';
import { startInfluxd, type InfluxdHandle } from '../support/influxd.js';
import { detailSum, errorTrackingConfig, summaries, tempPki, type TempPki } from './error-tracking-support.js';

const DB = 'butler_errors_e2e';
// The pollers' request timeout (Butler SOS's 5000 ms); the documented examples show it as request_timeout_ms.
const REQUEST_TIMEOUT_MS = 5000;

let influx: InfluxdHandle | null = null;
let sim: QlikApiSim | undefined;
let certs: TempPki | undefined;

before(async () => {
  influx = await startInfluxd();
  if (!influx) return;
  certs = tempPki();
  sim = await QlikApiSim.start({ pki: certs.pki, cluster: { nodes: 1, seed: 5 } });
  sim.setBehaviour(1, 'health', { kind: 'hang' });
});

after(async () => {
  await sim?.close();
  certs?.cleanup();
  await influx?.stop();
});

type Row = Record<string, unknown>;

/** The named columns of a row; a column the measurement lacks altogether reads as null, like an absent value. */
function pick(r: Row, keys: string[]): Row {
  return Object.fromEntries(keys.map((k) => [k, r[k] ?? null]));
}

function one(rows: Row[], pred: (r: Row) => boolean, what: string): Row {
  const found = rows.filter(pred);
  assert.ok(found.length >= 1, `no ${what} point among ${JSON.stringify(rows, null, 1)}`);
  return found[0];
}

test('e2e: refused and timed-out Qlik polls become seed-shaped butler_sos_errors points and summary lines', async (t) => {
  if (!influx) return t.skip('influxd not installed (apt-get install influxdb)');
  const closedPort = await freePort(); // nothing listens here: every dial is refused
  const hungHost = sim!.nodes[0].host;
  const refusedHost = `127.0.0.1:${closedPort}`;
  const config = errorTrackingConfig({
    influxPort: influx.port,
    db: DB,
    certs: certs!.files,
    pollingIntervalMs: 1000,
    servers: [
      { serverName: 'sense1', host: hungHost },
      { serverName: 'sense2', host: refusedHost, virtualProxies: ['/'] },
    ],
  });

  const started = Date.now();
  const collector = await startCollector(config);
  let exitCode: number | null;
  try {
    await collector.waitForLog((l) => /^ERROR TRACKER: Scheduled next error counter reset at \S+Z \(in \d+ minutes\)$/.test(l.msg), 5000);
    // The timeout needs the full request timeout; the refused polls fail at once on every interval.
    await collector.waitForLog((l) => {
      const s = summaries([l])[0];
      return s !== undefined && (s.details.HEALTH_API?.servers.sense1 ?? 0) >= 1 && (s.details.PROXY_API?.servers.sense2 ?? 0) >= 2;
    }, REQUEST_TIMEOUT_MS + 10_000);
  } finally {
    exitCode = await collector.stop('SIGTERM');
  }
  assert.equal(exitCode, 0, 'graceful stop exits 0');
  t.diagnostic(`collector ran ${Date.now() - started} ms`);

  const lines = summaries(collector.logs);
  await t.test('a running total at info on every error, Details grouped by type and server', () => {
    assert.ok(lines.length >= 3);
    lines.forEach((s, i) => {
      assert.equal(s.total, i + 1, 'one summary line per error, Total counting up by one');
      assert.equal(detailSum(s), s.total, 'Details add up to Total');
      for (const [type, tc] of Object.entries(s.details)) {
        assert.equal(Object.values(tc.servers).reduce((a, b) => a + b, 0), tc.total, `${type}.total`);
      }
    });
    const last = lines[lines.length - 1];
    assert.deepEqual(Object.keys(last.details).sort(), ['HEALTH_API', 'PROXY_API']);
    assert.deepEqual(Object.keys(last.details.HEALTH_API!.servers).sort(), ['sense1', 'sense2']);
    assert.deepEqual(Object.keys(last.details.PROXY_API!.servers), ['sense2']);
  });

  const rows = await influx.rows('SELECT * FROM butler_sos_errors ORDER BY time ASC', DB, 'ms');

  await t.test('one point per counted error, grouped as the summary counts them', () => {
    const last = lines[lines.length - 1];
    assert.equal(rows.length, last.total, 'every counted error was written, none twice');
    const grouped: Record<string, Record<string, number>> = {};
    for (const r of rows) {
      const type = String(r.error_type);
      grouped[type] ??= {};
      grouped[type][String(r.server_name)] = (grouped[type][String(r.server_name)] ?? 0) + 1;
    }
    assert.deepEqual(grouped, Object.fromEntries(Object.entries(last.details).map(([k, v]) => [k, v!.servers])));
    for (const r of rows) assert.equal(r.error_count, 1);
  });

  await t.test('ECONNREFUSED dialling the proxy: the documented example, with the virtual proxy and socket fields', () => {
    const r = one(rows, (x) => x.error_type === 'PROXY_API', 'PROXY_API');
    assert.deepEqual(
      pick(r, ['server_name', 'host', 'virtual_proxy', 'module', 'error_count', 'error_category', 'error_code', 'request_url', 'request_timeout_ms', 'remote_address', 'remote_port', 'syscall', 'http_status']),
      {
        server_name: 'sense2',
        host: '127.0.0.1',
        virtual_proxy: '/',
        module: null,
        error_count: 1,
        error_category: 'connection_refused',
        error_code: 'ECONNREFUSED',
        // The session URL carries ?Xrfkey=…; the query string never reaches InfluxDB.
        request_url: `https://${refusedHost}/qps/session`,
        request_timeout_ms: REQUEST_TIMEOUT_MS,
        remote_address: '127.0.0.1',
        remote_port: closedPort,
        syscall: 'connect',
        http_status: null,
      },
    );
  });

  await t.test('ECONNREFUSED on the health check of the same server', () => {
    const r = one(rows, (x) => x.error_type === 'HEALTH_API' && x.server_name === 'sense2', 'HEALTH_API sense2');
    assert.equal(r.error_category, 'connection_refused');
    assert.equal(r.error_code, 'ECONNREFUSED');
    assert.equal(r.request_url, `https://${refusedHost}/engine/healthcheck`);
    assert.equal(r.remote_port, closedPort);
    assert.equal(r.syscall, 'connect');
    assert.equal(r.virtual_proxy, null, 'virtual_proxy only on PROXY_API');
  });

  await t.test('timeout calling the health API: the documented example (ECONNABORTED, no socket fields)', () => {
    const r = one(rows, (x) => x.error_type === 'HEALTH_API' && x.server_name === 'sense1', 'HEALTH_API sense1');
    assert.deepEqual(
      pick(r, ['host', 'error_count', 'error_category', 'error_code', 'request_url', 'request_timeout_ms', 'remote_address', 'remote_port', 'syscall', 'virtual_proxy']),
      {
        host: '127.0.0.1',
        error_count: 1,
        error_category: 'timeout',
        error_code: 'ECONNABORTED',
        request_url: `https://${hungHost}/engine/healthcheck`,
        request_timeout_ms: REQUEST_TIMEOUT_MS,
        remote_address: null,
        remote_port: null,
        syscall: null,
        virtual_proxy: null,
      },
    );
    // The point is timestamped when the error happened: the request timeout after the poll started.
    assert.ok(Number(r.time) >= started + REQUEST_TIMEOUT_MS - 1000, 'timestamp is when the timeout fired');
  });

  await t.test('no query string or secret anywhere in the measurement', () => {
    for (const r of rows) {
      assert.ok(!String(r.request_url).includes('?'), String(r.request_url));
      assert.ok(!/xrfkey/i.test(JSON.stringify(r)), JSON.stringify(r));
    }
  });

  await t.test('field types and tag keys are the documented data model', async () => {
    const fields = await influx!.rows('SHOW FIELD KEYS FROM butler_sos_errors', DB);
    const typeOf = Object.fromEntries(fields.map((r) => [r.fieldKey, r.fieldType]));
    assert.deepEqual(typeOf, {
      error_category: 'string',
      error_code: 'string',
      error_count: 'integer',
      remote_address: 'string',
      remote_port: 'integer',
      request_timeout_ms: 'integer',
      request_url: 'string',
      syscall: 'string',
    });
    const tags = (await influx!.rows('SHOW TAG KEYS FROM butler_sos_errors', DB)).map((r) => r.tagKey).sort();
    assert.deepEqual(tags, ['error_type', 'host', 'server_name', 'virtual_proxy']);
  });
});
