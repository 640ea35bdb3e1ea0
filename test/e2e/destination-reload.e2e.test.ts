// Issue 15, item 5: a reload switches destinations under steady UDP load. The built collector receives log
// events at a steady rate while its configuration changes twice: first the file destination moves to another
// directory (replaced) and InfluxDB 1.x (a real influxd) is added; then the file destination is removed.
// The socket is never closed. Every event sent is in exactly one file directory or in InfluxDB (nothing
// lost), never twice anywhere; everything sent after a reload completed follows the new routes; the tracker's
// event counters switch with the parse workers (every event counted once); the shutdown summary agrees with
// what the destinations hold.
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { stringify } from 'yaml';
import { defaultCollectorConfig, useInfluxV1 } from '../support/collector-config.js';
import { startCollector, type CollectorProcess } from '../support/collector-process.js';
import { startInfluxd } from '../support/influxd.js';
import { freeUdpPort } from '../support/udp.js';

const PER_TICK = 20;
const TICK_MS = 10;
/** Bounds of the load loop, whatever happens. */
const MAX_EVENTS = 40_000;
const MAX_LOAD_MS = 60_000;
const DB = 'reload';

function datagram(seq: number): string {
  return `/qseow-engine/;${seq % 9999};20240515T143512.001+0200;2024-05-15 14:35:12,001;ERROR;SENSE-RIM1;System.Engine.Engine;LAB\\qlikservice;dest-reload-${seq} happened;(null);(null);(null);2024-05-15T14:35:12.000+02:00;c1a9e8d2-3b4f-4a5e-9c6d-7e8f9a0b1c2d;14.187.4;20240515T060102.000+0200;Error;(null);(null)`;
}

const seqOf = (text: string): number => Number(/dest-reload-(\d+) /.exec(text)?.[1] ?? NaN);

/** Data lines (not the import header) of every file in a directory. */
function dataLines(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((f) => readFileSync(join(dir, f), 'utf8').split('\n')).filter((l) => l !== '' && !l.startsWith('#'));
}

/** Sequence numbers of the log events in a list of lines; fails on a duplicate. */
function eventSeqs(lines: string[], where: string): Set<number> {
  const out = new Set<number>();
  for (const l of lines.filter((x) => x.startsWith('log_event,'))) {
    const n = seqOf(l);
    assert.ok(!out.has(n), `event ${n} written twice to ${where}`);
    out.add(n);
  }
  return out;
}

/** Sends PER_TICK datagrams every TICK_MS until stopped (or the bounds), numbering them from 0. */
function steadyLoad(port: number) {
  const socket = createSocket('udp4');
  let seq = 0;
  let stopped = false;
  const startedAt = Date.now();
  const done = (async () => {
    while (!stopped && seq < MAX_EVENTS && Date.now() - startedAt < MAX_LOAD_MS) {
      for (let i = 0; i < PER_TICK; i++) {
        const payload = Buffer.from(datagram(seq++), 'utf8');
        await new Promise<void>((resolve, reject) => socket.send(payload, port, '127.0.0.1', (err) => (err ? reject(err) : resolve())));
      }
      await new Promise((r) => setTimeout(r, TICK_MS));
    }
    socket.close();
  })();
  return {
    get sent() {
      return seq;
    },
    async stop(): Promise<number> {
      stopped = true;
      await done;
      return seq;
    },
  };
}

test('e2e: a reload under steady UDP load replaces, adds and removes destinations without losing an event (real InfluxDB 1.x)', { timeout: 180_000 }, async (t) => {
  const influx = await startInfluxd();
  if (!influx) return t.skip('influxd not installed (apt-get install influxdb)');
  const dir = mkdtempSync(join(tmpdir(), 'bsos-dest-reload-'));
  let collector: CollectorProcess | null = null;
  try {
    const logPort = await freeUdpPort();
    const base = defaultCollectorConfig(logPort, await freeUdpPort());
    base.threads = { ...base.threads, writerWorkers: 2 };
    base.fileDestination = { ...base.fileDestination, directory: join(dir, 'a') };
    base.delivery = { spool: { enable: true, directory: join(dir, 'spool') } };
    // The tracker's counters switch too: an event_count point every 300 ms.
    base.qlikSenseEvents.influxdb.writeFrequency = 300;
    collector = await startCollector(base, { args: ['--watch-config'] });
    const file = join(collector.dir, 'config.yaml');
    const reloads = () => collector!.logs.filter((l) => l.msg === 'Configuration reloaded.').length;
    const reload = async (config: Record<string, any>) => {
      const before = reloads();
      writeFileSync(file, stringify({ 'Butler-SOS': config }));
      collector!.child.kill('SIGHUP');
      await collector!.waitForLog(() => reloads() > before, 60_000);
    };

    const load = steadyLoad(logPort);
    await new Promise((r) => setTimeout(r, 1_500));
    // 1: the file destination moves to directory b (replaced); InfluxDB is added.
    base.fileDestination.directory = join(dir, 'b');
    useInfluxV1(base, influx.port, DB);
    base.fileDestination.enable = true;
    base.logLevel = 'verbose'; // needs a restart: named, kept
    const firstSighup = load.sent;
    await reload(base);
    const afterFirst = load.sent;
    const restartWarning = await collector.waitForLog((l) => /take effect only after a restart/.test(l.msg));
    assert.deepEqual(restartWarning.keys, ['logLevel']);
    const reconciled = await collector.waitForLog((l) => l.msg === 'Config reload: destinations reconciled.');
    assert.deepEqual([reconciled.replaced, reconciled.added, reconciled.removed], [['file'], ['influxdb'], []]);
    await new Promise((r) => setTimeout(r, 1_500));
    // 2: the file destination is removed; InfluxDB stays untouched.
    base.fileDestination.enable = false;
    const secondSighup = load.sent;
    await reload(base);
    const afterSecond = load.sent;
    const second = collector.logs.filter((l) => l.msg === 'Config reload: destinations reconciled.')[1];
    assert.deepEqual([second.kept, second.replaced, second.added, second.removed], [['influxdb'], [], [], ['file']]);
    await new Promise((r) => setTimeout(r, 1_500));
    const total = await load.stop();
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(await collector.stop(), 0, 'graceful stop exits 0');
    const logs = collector.logs;
    collector = null;
    t.diagnostic(`events sent ${total}; first reload between #${firstSighup} and #${afterFirst}, second between #${secondSighup} and #${afterSecond}`);
    assert.ok(firstSighup > 500 && afterSecond > secondSighup && total > afterSecond + 500, `load ran throughout: ${JSON.stringify({ firstSighup, afterFirst, secondSighup, afterSecond, total })}`);

    const linesA = dataLines(join(dir, 'a'));
    const linesB = dataLines(join(dir, 'b'));
    const inA = eventSeqs(linesA, 'directory a');
    const inB = eventSeqs(linesB, 'directory b');
    const influxRows = await influx.rows('SELECT "message" FROM "log_event"', DB);
    const inInflux = eventSeqs(influxRows.map((r) => `log_event, ${String(r.message)} `), 'InfluxDB');
    for (let n = 0; n < total; n++) {
      assert.ok(!(inA.has(n) && inB.has(n)), `event ${n} in both file directories`);
      assert.ok(inA.has(n) || inB.has(n) || inInflux.has(n), `event ${n} lost`);
      // Sent after a reload completed: routed by it.
      if (n >= afterFirst && n < secondSighup) assert.ok(inInflux.has(n) && inB.has(n), `event ${n} (between the reloads) in InfluxDB and directory b`);
      if (n >= afterSecond) assert.ok(inInflux.has(n) && !inA.has(n) && !inB.has(n), `event ${n} (after the second reload) in InfluxDB only`);
      if (n < firstSighup && !inA.has(n)) assert.ok(inB.has(n), `event ${n} (before the first reload) in a file`);
    }
    assert.ok(inA.size > 0 && inB.size > 0 && inInflux.size > 0);
    t.diagnostic(`directory a: ${inA.size}, directory b: ${inB.size}, InfluxDB: ${inInflux.size} events`);
    assert.equal(inA.size + inB.size + inInflux.size - [...inInflux].filter((n) => inB.has(n)).length, total, 'every event counted once per destination it was routed to');

    // The tracker switched with the parse workers: its log event_count intervals (one point per interval) went
    // to directory a, then to b and InfluxDB, then to InfluxDB only. An interval routed to both b and InfluxDB
    // carries the same time and count in each; over all intervals every event is counted exactly once.
    const fileCounts = (lines: string[]) =>
      new Map(lines.filter((l) => l.startsWith('event_count,') && l.includes('event_type=log')).map((l) => [Number(l.slice(l.lastIndexOf(' ') + 1, -3)), Number(/counter=([\d.]+)/.exec(l)?.[1])]));
    const [countsA, countsB] = [fileCounts(linesA), fileCounts(linesB)];
    const influxCounts = new Map(
      (await influx.rows(`SELECT "counter" FROM "event_count" WHERE "event_type" = 'log'`, DB, 'u')).map((r) => [Number(r.time), Number(r.counter)]),
    );
    assert.ok(countsA.size > 0 && countsB.size > 0 && influxCounts.size > countsB.size, `intervals: a ${countsA.size}, b ${countsB.size}, InfluxDB ${influxCounts.size}`);
    for (const at of countsA.keys()) assert.ok(!countsB.has(at) && !influxCounts.has(at), `interval ${at} written once, to directory a`);
    const shared = [...countsB.keys()].filter((at) => influxCounts.has(at));
    assert.ok(shared.length > 0, 'intervals between the reloads went to directory b and InfluxDB');
    for (const at of shared) assert.equal(countsB.get(at), influxCounts.get(at), `interval ${at}: the same count in b and InfluxDB`);
    const intervals = new Map([...countsA, ...countsB, ...influxCounts]);
    const counted = [...intervals.values()].reduce((a, b) => a + b, 0);
    t.diagnostic(`event_count intervals: a ${countsA.size}, b ${countsB.size}, InfluxDB ${influxCounts.size} (${shared.length} in both b and InfluxDB); events counted ${counted}`);
    assert.equal(counted, total, 'every event counted once over the intervals');

    // The shutdown summary: every datagram received, nothing dropped; the file destination's lines (both
    // instances) are the lines in both directories; InfluxDB dropped nothing and left nothing behind.
    const socketLine = logs.find((l) => l.socket === 'log' && typeof l.received === 'number');
    assert.equal(socketLine?.received, total, JSON.stringify(socketLine));
    assert.equal(socketLine?.lost, 0);
    const summary = (id: string) => logs.find((l) => l.destination === id && typeof l.written === 'number' && l.notDelivered !== undefined);
    const fileSummary = summary('file');
    assert.equal(fileSummary?.written, linesA.length + linesB.length, JSON.stringify(fileSummary));
    for (const s of [fileSummary, summary('influxdb')]) {
      assert.ok(s, 'a summary line per destination, including the removed one');
      assert.equal(Object.values(s.dropped as Record<string, number>).reduce((a, b) => a + b, 0), 0, JSON.stringify(s));
      assert.equal(s.notDelivered, 0);
    }
    assert.ok((summary('influxdb')!.written as number) >= inInflux.size);
    assert.equal(logs.filter((l) => /unknown or not enabled/.test(l.msg)).length, 0, 'no batch reached a writer without its destination');
  } finally {
    if (collector) await collector.stop();
    await influx.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
