// A migrating site's InfluxDB 1.x database, filled by Butler SOS v15, holds some fields with other types than
// ours (its v1 writer stored the butler_sos_errors numbers as floats). Real influxd: the measurements are
// pre-created with float fields; the sink reads the types at start and converts its integers, so every point
// lands (no "field type conflict" 400) and the types stay float. Without the check the same batch is refused.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InfluxV1Sink } from '../../../src/destinations/influxdb/v1/influxdb-v1-sink.js';
import { writtenV1FieldTypes } from '../../../src/destinations/influxdb/v1/written-types.js';
import { SinkWriteError } from '../../../src/destinations/sink-error.js';
import type { SinkBatch } from '../../../src/destinations/sink.js';
import { encodeErrorLine } from '../../../src/errors/error-point.js';
import { silentLogger } from '../../../src/log/logger.js';
import type { DataModule } from '../../../src/threads/messages.js';
import { startInfluxd, type InfluxdHandle } from '../../support/influxd.js';
import { v1Config } from './influx-v1-config.js';

const DB = 'senseops';
const HOUR_NS = 3_600_000_000_000n;

function batch(lines: string[], module: DataModule): SinkBatch {
  return { module, body: Buffer.from(lines.join('\n') + '\n'), lines: lines.length, serverName: 'sense1' };
}

/** What Butler SOS v15 left behind: an hour ago, numbers without the `i` suffix (floats). */
async function butlerHistory(ix: InfluxdHandle, nowNs: bigint): Promise<void> {
  await ix.query(`CREATE DATABASE ${DB}`);
  const t = nowNs - HOUR_NS;
  const body = [
    `butler_sos_errors,error_type=HEALTH_API,server_name=sense1 error_count=1,error_category="http_5xx",error_code="",http_status=500,request_timeout_ms=5000 ${t}`,
    `butler_sos_errors,error_type=PROXY_API,server_name=sense1 error_count=1,error_category="connection_refused",error_code="ECONNREFUSED",remote_port=4243 ${t + 1n}`,
    `log_event,source=qseow-qix-perf,host=sense1 handle=7,net_ram=1024,process_time=1.5,raw_event="{}" ${t}`,
  ].join('\n');
  const res = await fetch(`${ix.url}/write?db=${DB}&precision=n`, { method: 'POST', body });
  assert.equal(res.status, 204, await res.text());
}

function ourLines(nowNs: bigint): { errors: string[]; perf: string } {
  const at = Number(nowNs / 1_000_000n);
  const errors = [
    encodeErrorLine(
      { t: 'error', type: 'HEALTH_API', serverName: 'sense1', host: 'sense1:4747', err: { httpStatus: 503, requestUrl: 'https://sense1:4747/engine/healthcheck', requestTimeoutMs: 5000 }, at },
      'http_5xx',
      { measurement: 'butler_sos_errors', version: 1 },
    ),
    encodeErrorLine(
      { t: 'error', type: 'PROXY_API', serverName: 'sense1', host: 'sense1', err: { code: 'ECONNREFUSED', remoteAddress: '10.0.0.1', remotePort: 4243, syscall: 'connect' }, at: at + 1 },
      'connection_refused',
      { measurement: 'butler_sos_errors', version: 1 },
    ),
  ];
  // A string with the characters the line parser must step over: quotes, commas, spaces, '=' and a trailing i.
  const perf = `log_event,source=qseow-qix-perf,host=sense1 app_id="a, b=\\"c\\" i",handle=9i,net_ram=2048i,process_time=2.25,raw_event="{\\"x\\":\\"1i\\"}" ${nowNs}`;
  return { errors, perf };
}

async function fieldTypes(ix: InfluxdHandle, measurement: string): Promise<Record<string, string>> {
  const rows = await ix.rows(`SHOW FIELD KEYS FROM "${measurement}"`, DB);
  return Object.fromEntries(rows.map((r) => [r.fieldKey as string, r.fieldType as string]));
}

test('real influxd: existing float fields (Butler SOS v15 history) are written as floats, nothing is refused', async (t) => {
  const ix = await startInfluxd();
  if (!ix) return t.skip('influxd not installed');
  const nowNs = BigInt(Date.now()) * 1_000_000n;
  const sink = new InfluxV1Sink(v1Config(ix.port), { logger: silentLogger(), written: writtenV1FieldTypes({}) });
  try {
    await butlerHistory(ix, nowNs);
    await sink.start();
    const { errors, perf } = ourLines(nowNs);
    assert.match(errors[0], /error_count=1i/, 'we encode integers');
    await sink.write(batch(errors, 'ERROR_EVENTS'));
    await sink.write(batch([perf], 'LOG_EVENTS'));

    const errTypes = await fieldTypes(ix, 'butler_sos_errors');
    for (const f of ['error_count', 'http_status', 'request_timeout_ms', 'remote_port']) assert.equal(errTypes[f], 'float', `${f} kept as float`);
    assert.equal(errTypes.remote_address, 'string', 'a field new to the database gets our type');
    const rows = await ix.rows(`SELECT * FROM butler_sos_errors WHERE time > now() - 10m ORDER BY time`, DB);
    assert.equal(rows.length, 2, 'both error points landed');
    assert.deepEqual([rows[0].error_count, rows[0].http_status, rows[0].request_timeout_ms], [1, 503, 5000]);
    assert.deepEqual([rows[1].remote_port, rows[1].error_code, rows[1].syscall], [4243, 'ECONNREFUSED', 'connect']);

    const perfTypes = await fieldTypes(ix, 'log_event');
    assert.deepEqual([perfTypes.handle, perfTypes.net_ram, perfTypes.process_time], ['float', 'float', 'float']);
    const perfRows = await ix.rows(`SELECT * FROM log_event WHERE time > now() - 10m`, DB);
    assert.equal(perfRows.length, 1);
    assert.deepEqual([perfRows[0].handle, perfRows[0].net_ram, perfRows[0].process_time], [9, 2048, 2.25]);
    assert.equal(perfRows[0].app_id, 'a, b="c" i', 'string fields pass through unchanged');
    assert.equal(perfRows[0].raw_event, '{"x":"1i"}');
  } finally {
    await sink.stop();
    await ix.stop();
  }
});

test('real influxd: without the field type check the same batch is refused (field type conflict)', async (t) => {
  const ix = await startInfluxd();
  if (!ix) return t.skip('influxd not installed');
  const nowNs = BigInt(Date.now()) * 1_000_000n;
  const sink = new InfluxV1Sink(v1Config(ix.port), { logger: silentLogger() });
  try {
    await butlerHistory(ix, nowNs);
    await sink.start();
    const err = await sink.write(batch(ourLines(nowNs).errors, 'ERROR_EVENTS')).then(
      () => assert.fail('the write should have been refused'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof SinkWriteError);
    assert.match(err.details.message ?? '', /field type conflict/);
  } finally {
    await sink.stop();
    await ix.stop();
  }
});
