import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { silentLogger } from '../../../src/log/logger.js';
import { InfluxV1Sink } from '../../../src/destinations/influxdb/v1/influxdb-v1-sink.js';
import { SinkWriteError } from '../../../src/destinations/sink-error.js';
import { DestinationDelivery } from '../../../src/destinations/delivery/destination-delivery.js';
import { deliveryOptions } from '../../../src/destinations/delivery/options.js';
import type { SinkBatch } from '../../../src/destinations/sink.js';
import type { DataModule, ErrorReport } from '../../../src/threads/messages.js';
import { startInfluxd } from '../../support/influxd.js';
import { startInfluxV1Endpoint } from '../../support/influx-v1-endpoint.js';
import { freePort } from '../../support/free-port.js';
import { v1Config } from './influx-v1-config.js';

const nowNs = (): string => `${Date.now()}000000`;

function batch(lines: string[], module: DataModule = 'LOG_EVENTS'): SinkBatch {
  return { module, body: Buffer.from(lines.join('\n') + '\n'), lines: lines.length, serverName: 'sense1' };
}

async function rejection(p: Promise<unknown>): Promise<SinkWriteError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof SinkWriteError, `expected SinkWriteError, got ${String(err)}`);
    return err;
  }
  assert.fail('write resolved but should have failed');
}

test('real influxd: a missing database is created with the configured retention policy as default, as Butler SOS', async (t) => {
  const ix = await startInfluxd();
  if (!ix) return t.skip('influxd not installed');
  const sink = new InfluxV1Sink(
    v1Config(ix.port, { v1Config: { auth: { enable: false, username: '', password: '' }, dbName: 'butler new', retentionPolicy: { name: 'rp7', duration: '7d' } } }),
    { logger: silentLogger() },
  );
  try {
    await sink.start();
    assert.deepEqual(sink.health(), { up: true, reason: '' });
    const dbs = (await ix.rows('SHOW DATABASES')).map((r) => r.name);
    assert.ok(dbs.includes('butler new'), `databases: ${dbs.join(',')}`);
    const rps = await ix.rows('SHOW RETENTION POLICIES ON "butler new"');
    const rp7 = rps.find((r) => r.name === 'rp7');
    assert.equal(rp7?.duration, '168h0m0s');
    assert.equal(rp7?.default, true);
    assert.equal(rp7?.replicaN, 1);
    await sink.write(batch([`log_event,host=sense1 message="hi" ${nowNs()}`]));
    const rows = await ix.rows('SELECT * FROM "butler new"."rp7"."log_event"');
    assert.equal(rows[0]?.message, 'hi');
  } finally {
    await sink.stop();
    await ix.stop();
  }
});

test('real influxd: an existing database is left unchanged (no retention policy added)', async (t) => {
  const ix = await startInfluxd();
  if (!ix) return t.skip('influxd not installed');
  await ix.query('CREATE DATABASE senseops');
  const sink = new InfluxV1Sink(v1Config(ix.port), { logger: silentLogger() });
  try {
    await sink.start();
    const rps = (await ix.rows('SHOW RETENTION POLICIES ON senseops')).map((r) => r.name);
    assert.deepEqual(rps, ['autogen']);
  } finally {
    await sink.stop();
    await ix.stop();
  }
});

test('real influxd with auth: right credentials write; a wrong password is a config error reported as INFLUXDB_V1_WRITE', async (t) => {
  const ix = await startInfluxd({ auth: { username: 'butler', password: 's3cr&t=x' } });
  if (!ix) return t.skip('influxd not installed');
  const good = new InfluxV1Sink(v1Config(ix.port, { v1Config: { auth: { enable: true, username: 'butler', password: 's3cr&t=x' }, dbName: 'senseops', retentionPolicy: { name: '10d', duration: '10d' } } }), { logger: silentLogger() });
  const bad = new InfluxV1Sink(v1Config(ix.port, { v1Config: { auth: { enable: true, username: 'butler', password: 'wrong' }, dbName: 'senseops', retentionPolicy: { name: '10d', duration: '10d' } } }), { logger: silentLogger() });
  const reports: ErrorReport[] = [];
  const delivery = new DestinationDelivery(bad, deliveryOptions({ flushIntervalMs: 5 }), { logger: silentLogger(), reportError: (r) => reports.push(r) });
  try {
    await good.start();
    await good.write(batch([`user_events,host=sense1 n=1i ${nowNs()}`], 'USER_EVENTS'));
    assert.equal((await ix.rows('SELECT * FROM user_events', 'senseops')).length, 1);
    assert.ok(!good.target.includes('s3cr'), 'the target shown in logs carries no password');

    await bad.start(); // provisioning is refused (401): start still resolves, writes will tell
    const err = await rejection(bad.write(batch(['m v=1i'])));
    assert.equal(err.kind, 'config');
    assert.equal(err.details.httpStatus, 401);
    assert.equal(bad.health().up, false);

    delivery.accept({ t: 'batch', origin: 'poller', dest: 'influxdb', module: 'HEALTH_METRICS', count: 1, body: Buffer.from('m v=1i\n'), serverName: 'sense1' });
    const end = Date.now() + 3000;
    while (reports.length === 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
    assert.equal(reports.length, 1);
    assert.equal(reports[0].type, 'INFLUXDB_V1_WRITE');
    assert.equal(reports[0].module, 'HEALTH_METRICS');
    assert.equal(reports[0].serverName, 'sense1');
    assert.equal(reports[0].err?.httpStatus, 401);
    assert.ok(!reports[0].err?.requestUrl?.includes('wrong'), 'no password in the reported URL');
  } finally {
    await delivery.stop(100);
    await good.stop();
    await ix.stop();
  }
});

test('real influxd over HTTPS: trusted with tls.caFile; refused without it', async (t) => {
  const ix = await startInfluxd({ https: true });
  if (!ix) return t.skip('influxd not installed');
  const trusted = new InfluxV1Sink(v1Config(ix.port, { tls: { enable: true, caFile: join(ix.dir, 'cert.pem') } }), { logger: silentLogger() });
  const untrusted = new InfluxV1Sink(v1Config(ix.port, { tls: { enable: true }, writeTimeoutMs: 1000 }), { logger: silentLogger() });
  try {
    assert.match(trusted.target, /^https:\/\/127\.0\.0\.1:\d+\/write$/);
    await trusted.start();
    await trusted.write(batch([`m v=7i ${nowNs()}`]));
    assert.equal((await ix.rows('SELECT * FROM m', 'senseops'))[0]?.v, 7);
    const err = await rejection(untrusted.write(batch(['m v=8i'])));
    assert.match(err.message, /certificate/i);
  } finally {
    await trusted.stop();
    await untrusted.stop();
    await ix.stop();
  }
});

test('InfluxDB v1 sink sends precision=n; gzip bodies with gzip: true, plain with gzip: false and by default on loopback (loopback endpoint)', async () => {
  const endpoint = await startInfluxV1Endpoint({ databases: ['senseops'] });
  const zipped = new InfluxV1Sink(v1Config(endpoint.port, { gzip: true }), { logger: silentLogger() });
  const plain = new InfluxV1Sink(v1Config(endpoint.port, { gzip: false }), { logger: silentLogger() });
  const byDefault = new InfluxV1Sink(v1Config(endpoint.port), { logger: silentLogger() });
  try {
    await zipped.write(batch(['a v=1i 1']));
    await plain.write(batch(['b v=2i 2']));
    await byDefault.write(batch(['c v=3i 3']));
    assert.deepEqual(
      endpoint.writes.map((w) => [w.db, w.precision, w.gzip, w.lines]),
      [
        ['senseops', 'n', true, ['a v=1i 1']],
        ['senseops', 'n', false, ['b v=2i 2']],
        ['senseops', 'n', false, ['c v=3i 3']],
      ],
    );
  } finally {
    await zipped.stop();
    await plain.stop();
    await byDefault.stop();
    await endpoint.close();
  }
});

test('InfluxDB v1 sink: unreachable at start is not fatal; it reports down and provisions once the server appears', async () => {
  const port = await freePort();
  const sink = new InfluxV1Sink(v1Config(port, { writeTimeoutMs: 500 }), { logger: silentLogger(), provisionRetry: { initialMs: 50, maxMs: 100 } });
  let endpoint: Awaited<ReturnType<typeof startInfluxV1Endpoint>> | undefined;
  try {
    await sink.start();
    assert.equal(sink.health().up, false);
    assert.match(sink.health().reason, /pending|unreachable/i);
    const err = await rejection(sink.write(batch(['m v=1i 1'])));
    assert.equal(err.kind, 'retryable');
    assert.equal(err.details.code, 'ECONNREFUSED');
    endpoint = await startInfluxV1Endpoint({ port });
    await sink.write(batch(['m v=1i 1']));
    assert.ok(endpoint.queries.includes('create database "senseops"'), endpoint.queries.join(' | '));
    assert.ok(endpoint.queries.some((q) => q.startsWith('create retention policy "10d" on "senseops" duration 10d replication 1 default')));
    assert.deepEqual(endpoint.storedLines(), ['m v=1i 1']);
    assert.equal(sink.health().up, true);
  } finally {
    await sink.stop();
    await endpoint?.close();
  }
});

test('InfluxDB v1 delivery: a 400 is reported once with module and status; butler_sos_errors failures are never reported (no feedback loop)', async () => {
  const endpoint = await startInfluxV1Endpoint({ databases: ['senseops'] });
  const sink = new InfluxV1Sink(v1Config(endpoint.port), { logger: silentLogger() });
  const reports: ErrorReport[] = [];
  const delivery = new DestinationDelivery(sink, deliveryOptions({ flushIntervalMs: 5 }), { logger: silentLogger(), reportError: (r) => reports.push(r) });
  try {
    await delivery.start();
    delivery.accept({ t: 'batch', origin: 'parse', dest: 'influxdb', module: 'LOG_EVENTS', count: 1, body: Buffer.from('garbage\n'), serverName: 'sense2' });
    delivery.accept({ t: 'batch', origin: 'tracker', dest: 'influxdb', module: 'ERROR_EVENTS', count: 1, body: Buffer.from('garbage too\n') });
    assert.equal(await delivery.flush(3000), true);
    assert.equal(reports.length, 1);
    assert.deepEqual([reports[0].type, reports[0].module, reports[0].serverName, reports[0].err?.httpStatus], ['INFLUXDB_V1_WRITE', 'LOG_EVENTS', 'sense2', 400]);
    assert.match(reports[0].err?.message ?? '', /unable to parse 'garbage'/);
    const st = delivery.stats();
    assert.equal(st.droppedLines.rejected, 2);
    assert.equal(st.retries, 0);
  } finally {
    await delivery.stop(100);
    await endpoint.close();
  }
});
