// The one compliance suite every destination passes (docs/reliability.md, docs/delivery.md): writes arrive, order
// within a destination is kept, transient failures are retried, permanent rejections are counted and dropped without
// retry, shutdown flushes (and is bounded when the backend is down), health goes down and up again, and with
// the disk spool: spool on outage, replay after recovery, replay after a collector restart.
// Each target provides a fresh environment per test; capabilities it lacks skip the matching test by name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../../src/log/logger.js';
import type { BatchMessage, DataModule, ErrorReport } from '../../src/threads/messages.js';
import type { Sink } from '../../src/destinations/sink.js';
import type { DeliveryOverrides } from '../../src/destinations/delivery/options.js';
import { WriterHost } from '../../src/destinations/writer-host.js';
import { deliveryOnly, sinkPlugin } from './test-plugin.js';

export interface ComplianceEnv {
  sink: Sink;
  /** Lines the backend holds. Arrival order when `arrivalOrder`, else any order. */
  stored(): Promise<string[]>;
  /** True when stored() lists lines in the order they arrived (files, recorded HTTP bodies). */
  arrivalOrder: boolean;
  /** Makes the backend fail writes in a way that can heal (disk full, server hung) until end(). */
  outage?: { begin(): Promise<void>; end(): Promise<void> };
  /** The next write fails once with this transient failure. */
  injectTransient?: (kind: '5xx' | 'timeout') => void;
  /** True when the backend refuses malformed lines for good (InfluxDB: HTTP 400). */
  rejectsBadLines: boolean;
  /** Turns compliance lines into the destination's body format (MQTT/New Relic records); default: the lines as text. */
  encodeBody?: (lines: string[]) => Uint8Array;
  /**
   * MQTT QoS 1 is at-least-once by protocol: a publish on the wire when the broker went down may be
   * delivered again after it returns, while the spool replays it too. Such backends may show duplicates of
   * one in-flight batch in the spool cases, never a loss.
   */
  atLeastOnce?: boolean;
  /** A new sink for the same backend, as a restarted collector would build it (the restart spool case). */
  reopen?: () => Sink;
  teardown(): Promise<void>;
}

export interface ComplianceTarget {
  name: string;
  /** A fresh backend and sink; null skips (server binary missing outside CI). */
  setup(): Promise<ComplianceEnv | null>;
}

/**
 * Fast schedules so tests finish in well under a second per retry. Several writes in flight, as InfluxDB has by
 * default: a sink that keeps order (Sink.unordered absent) still gets one at a time.
 */
const FAST: DeliveryOverrides = {
  flushIntervalMs: 20,
  maxWritesInFlight: 4,
  backoff: { initialMs: 10, maxMs: 100, configInitialMs: 20, configMaxMs: 100 },
};
const T0_MS = Date.now() - 60_000;

/** One line in a shape every destination stores: key k, sequence s, value v, time in ns. */
export function complianceLine(k: string, s: number, v: number, tsMs = T0_MS + s): string {
  return `compliance,k=${k} s=${s}i,v=${v}i ${tsMs}000000`;
}

export interface Rec {
  k: string;
  s: number;
  v: number;
}

export function parseRec(line: string): Rec {
  const k = /[ ,]k=([^, ]+)/.exec(line)?.[1];
  const s = /[ ,]s=(\d+)i?/.exec(line)?.[1];
  const v = /[ ,]v=(\d+)i?/.exec(line)?.[1];
  if (k === undefined || s === undefined || v === undefined) throw new Error(`not a compliance line: ${line}`);
  return { k, s: Number(s), v: Number(v) };
}

function msg(module: DataModule, lines: string[], encodeBody?: (lines: string[]) => Uint8Array, serverName = 'node1'): BatchMessage {
  const body = encodeBody ? encodeBody(lines) : Buffer.from(lines.join('\n') + '\n');
  return { t: 'batch', origin: 'parse', dest: 'compliance', module, count: lines.length, body, serverName };
}

interface Harness {
  env: ComplianceEnv;
  /** The delivery settings this harness runs with (the spool case builds a second host with the same). */
  overrides: DeliveryOverrides;
  host: WriterHost;
  reports: ErrorReport[];
  send(module: DataModule, lines: string[]): void;
  recs(): Promise<Rec[]>;
  stats(): ReturnType<WriterHost['stats']>['destinations'][number];
}

async function harness(env: ComplianceEnv, overrides: DeliveryOverrides = {}, sink: Sink = env.sink): Promise<Harness> {
  const reports: ErrorReport[] = [];
  const host = new WriterHost(
    deliveryOnly({ ...FAST, ...overrides, backoff: { ...FAST.backoff, ...overrides.backoff } }),
    {
      logger: silentLogger(),
      reportError: (r) => reports.push(r),
      registry: [sinkPlugin('compliance', sink)],
    },
  );
  await host.start();
  return {
    env,
    overrides,
    host,
    reports,
    send: (module, lines) => host.accept(msg(module, lines, env.encodeBody)),
    recs: async () => (await env.stored()).filter((l) => l.startsWith('compliance')).map(parseRec),
    stats: () => host.stats().destinations[0],
  };
}

async function waitFor(what: string, cond: () => boolean, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Registers the compliance tests for one destination. */
export function runDestinationCompliance(target: ComplianceTarget): void {
  const name = (what: string): string => `${target.name} compliance: ${what}`;
  const run = (what: string, needs: (env: ComplianceEnv) => string | undefined, body: (h: Harness) => Promise<void>, overrides?: DeliveryOverrides): void => {
    test(name(what), async (t) => {
      const env = await target.setup();
      if (!env) return t.skip(`${target.name}: backend not available`);
      const missing = needs(env);
      let h: Harness | undefined;
      // Spool cases get a fresh spool directory of their own.
      const spoolDir = overrides?.spool ? mkdtempSync(join(tmpdir(), 'bsos-compliance-spool-')) : undefined;
      const settings = spoolDir ? { ...overrides, spool: { ...overrides!.spool, directory: spoolDir } } : overrides;
      try {
        if (missing) return t.skip(`${target.name} ${missing}`);
        h = await harness(env, settings);
        await body(h);
      } finally {
        await h?.host.stop(2000);
        await env.teardown();
        if (spoolDir) rmSync(spoolDir, { recursive: true, force: true });
      }
    });
  };
  const always = (): undefined => undefined;

  run('every line of every module arrives exactly once and is counted', always, async (h) => {
    const modules: DataModule[] = ['LOG_EVENTS', 'USER_EVENTS', 'HEALTH_METRICS'];
    let s = 0;
    for (let m = 0; m < 20; m++) {
      for (const module of modules) h.send(module, Array.from({ length: 5 }, () => complianceLine(module, ++s, s)));
    }
    assert.equal(await h.host.flush(10_000), true);
    const recs = await h.recs();
    assert.equal(recs.length, s);
    assert.deepEqual(new Set(recs.map((r) => r.s)).size, s);
    const st = h.stats();
    assert.equal(st.writtenLines, s);
    assert.equal(st.queuedLines + st.inFlightLines, 0);
    assert.deepEqual(st.droppedLines, { queue_full: 0, rejected: 0, shutdown: 0, spool_full: 0, spool_error: 0, writer_crash: 0 });
    assert.equal(st.up, true);
    assert.equal(h.reports.length, 0);
  });

  run('with writes in flight allowed, every line of many small batches arrives once; a destination that keeps order still does', always, async (h) => {
    const n = 60;
    for (let i = 1; i <= n; i++) h.send('LOG_EVENTS', [complianceLine('w', i, i)]);
    assert.equal(await h.host.flush(10_000), true);
    const got = (await h.recs()).map((r) => r.s);
    const all = Array.from({ length: n }, (_, i) => i + 1);
    if (h.env.arrivalOrder && h.env.sink.unordered !== true) assert.deepEqual(got, all, 'in the order sent');
    else assert.deepEqual([...got].sort((a, b) => a - b), all);
    const st = h.stats();
    assert.equal(st.writtenLines, n);
    assert.equal(st.queuedLines + st.inFlightLines, 0);
  }, { maxBatchLines: 2 });

  // One write at a time: a destination that takes batches in any order would otherwise keep any of them.
  run('order within a destination is kept across many one-line writes with one write in flight (last write wins)', always, async (h) => {
    const n = 40;
    // Same series and timestamp each time: a time-series store keeps the last one written.
    for (let i = 1; i <= n; i++) h.send('LOG_EVENTS', [complianceLine('same', 1, i)]);
    assert.equal(await h.host.flush(10_000), true);
    const recs = await h.recs();
    if (h.env.arrivalOrder) assert.deepEqual(recs.map((r) => r.v), Array.from({ length: n }, (_, i) => i + 1));
    else assert.deepEqual(recs.map((r) => r.v), [n]);
    assert.equal(h.stats().writtenBatches, n);
  }, { maxBatchLines: 1, maxWritesInFlight: 1 });

  for (const kind of ['5xx', 'timeout'] as const) {
    run(`a ${kind} is retried with backoff; nothing is lost or duplicated; one error report`, (e) => (e.injectTransient ? undefined : `cannot inject a ${kind}`), async (h) => {
      h.env.injectTransient!(kind);
      h.env.injectTransient!(kind);
      for (let i = 1; i <= 10; i++) h.send('USER_EVENTS', [complianceLine('r', i, i)]);
      assert.equal(await h.host.flush(15_000), true);
      const recs = await h.recs();
      assert.deepEqual(recs.map((r) => r.s).sort((a, b) => a - b), Array.from({ length: 10 }, (_, i) => i + 1));
      const st = h.stats();
      assert.equal(st.retries >= 2, true, `retries ${st.retries}`);
      assert.equal(st.failedBatches, 1);
      assert.equal(st.droppedLines.rejected + st.droppedLines.shutdown, 0);
      assert.equal(st.up, true);
      expectReports(h, 1, 'USER_EVENTS');
    });
  }

  run('a line the backend refuses for good is counted, reported and dropped without retry; the rest arrives', (e) => (e.rejectsBadLines ? undefined : 'stores every line; nothing is ever rejected'), async (h) => {
    h.send('LOG_EVENTS', [complianceLine('p', 1, 1), 'this is not line protocol', complianceLine('p', 2, 2)]);
    h.send('LOG_EVENTS', [complianceLine('p', 3, 3)]);
    assert.equal(await h.host.flush(10_000), true);
    const recs = await h.recs();
    assert.deepEqual(recs.map((r) => r.s).sort(), [1, 2, 3]);
    const st = h.stats();
    assert.equal(st.retries, 0);
    assert.equal(st.droppedLines.rejected, 1);
    assert.equal(st.writtenLines, 3);
    assert.equal(st.up, true, 'a rejected line says nothing about health');
    expectReports(h, 1, 'LOG_EVENTS');
  }, { maxBatchLines: 3 });

  run('an outage is retried until the backend heals; health goes down and up; order kept where the destination keeps it', (e) => (e.outage ? undefined : 'cannot simulate an outage'), async (h) => {
    await h.env.outage!.begin();
    for (let i = 1; i <= 5; i++) h.send('HEALTH_METRICS', [complianceLine('o', i, i)]);
    await waitFor('a failed write', () => h.stats().failedBatches >= 1 && h.stats().retries >= 1);
    assert.equal(h.stats().up, false);
    assert.notEqual(h.stats().downReason, '');
    await h.env.outage!.end();
    assert.equal(await h.host.flush(15_000), true);
    const recs = await h.recs();
    const seqs = recs.map((r) => r.s);
    const unordered = h.env.sink.unordered === true;
    if (h.env.arrivalOrder && !unordered) assert.deepEqual(seqs, [1, 2, 3, 4, 5]);
    else assert.deepEqual(seqs.sort(), [1, 2, 3, 4, 5]);
    assert.equal(h.stats().up, true);
    // One report per failed batch: the one on the wire, or (writes in flight) each of the up to 3 batches of 2.
    const failed = h.stats().failedBatches;
    assert.ok(unordered ? failed >= 1 && failed <= 3 : failed === 1, `failed batches: ${failed}`);
    expectReports(h, failed, 'HEALTH_METRICS');
  }, { maxBatchLines: 2 });

  run('stop() flushes what is queued even before the batch is due', always, async (h) => {
    for (let i = 1; i <= 10; i++) h.send('PROXY_SESSIONS', [complianceLine('f', i, i)]);
    const t0 = Date.now();
    await h.host.stop(5000);
    assert.ok(Date.now() - t0 < 4000, 'stop did not wait for the 60 s flush interval');
    assert.equal((await h.recs()).length, 10);
    const st = h.stats();
    assert.equal(st.writtenLines, 10);
    assert.equal(st.droppedLines.shutdown, 0);
  }, { flushIntervalMs: 60_000 });

  run('stop() during an outage ends within its deadline and counts the undelivered lines', (e) => (e.outage ? undefined : 'cannot simulate an outage'), async (h) => {
    await h.env.outage!.begin();
    try {
      for (let i = 1; i <= 6; i++) h.send('QUEUE_METRICS', [complianceLine('d', i, i)]);
      await waitFor('a failed write', () => h.stats().failedBatches >= 1);
      const t0 = Date.now();
      await h.host.stop(300);
      assert.ok(Date.now() - t0 < 3000, `stop took ${Date.now() - t0} ms`);
      const st = h.stats();
      assert.equal(st.writtenLines + st.droppedLines.shutdown, 6);
      assert.ok(st.droppedLines.shutdown > 0);
      h.send('QUEUE_METRICS', [complianceLine('d', 7, 7)]);
      assert.equal(h.host.stats().afterStopBatches, 1);
    } finally {
      await h.env.outage!.end();
    }
  });

  registerSpoolCases(run);
}

type Run = (what: string, needs: (env: ComplianceEnv) => string | undefined, body: (h: Harness) => Promise<void>, overrides?: DeliveryOverrides) => void;

/** Spool settings of the spool cases; the suite fills in a fresh directory per test. */
const SPOOL: DeliveryOverrides = { spool: { graceMs: 100, maxBytes: 4 * 1024 * 1024 } };

/**
 * With a spool, flush() gives up at the first failed attempt (the data is safe on disk), and a backend that has
 * just come back may refuse one more write while its client reconnects: flush until done or the deadline.
 */
async function flushUntilDone(h: Harness, deadlineMs: number): Promise<boolean> {
  const end = Date.now() + deadlineMs;
  while (Date.now() < end) {
    if (await h.host.flush(end - Date.now())) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

function assertArrived(h: Harness, recs: Rec[], expected: number[], inFlightBatchLines = 0): void {
  let seqs = recs.map((r) => r.s);
  if (h.env.atLeastOnce && inFlightBatchLines > 0) {
    const firsts = seqs.filter((s, i) => seqs.indexOf(s) === i);
    assert.ok(seqs.length - firsts.length <= inFlightBatchLines, `at most one in-flight batch duplicated (${seqs.length - firsts.length} duplicates)`);
    seqs = firsts;
  }
  if (h.env.arrivalOrder) assert.deepEqual(seqs, expected, 'in order, exactly once');
  else assert.deepEqual([...seqs].sort((a, b) => a - b), expected, 'exactly once');
}

function registerSpoolCases(run: Run): void {
  const needsOutage = (e: ComplianceEnv): string | undefined => (e.outage ? undefined : 'cannot simulate an outage');
  const seq = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

  run('spool on outage, replay after recovery: every line arrives once, in order, nothing dropped', needsOutage, async (h) => {
    await h.env.outage!.begin();
    for (let i = 1; i <= 10; i++) h.send('LOG_EVENTS', [complianceLine('sp', i, i)]);
    await waitFor('data in the spool', () => h.stats().spooling && h.stats().spooledLines === 10, 10_000);
    for (let i = 11; i <= 20; i++) h.send(i % 2 ? 'LOG_EVENTS' : 'USER_EVENTS', [complianceLine('sp', i, i)]);
    let st = h.stats();
    assert.equal(st.spooledLines, 20, 'new data goes behind the spooled data');
    assert.equal(st.up, false);
    await h.env.outage!.end();
    assert.equal(await flushUntilDone(h, 20_000), true);
    assertArrived(h, await h.recs(), seq(1, 20), 3);
    st = h.stats();
    assert.equal(st.writtenLines, 20);
    assert.equal(st.replayedLines, 20);
    assert.equal(st.spooling, false);
    assert.equal(st.spoolLines, 0);
    assert.equal(Object.values(st.droppedLines).reduce((a, b) => a + b, 0), 0);
    assert.equal(st.up, true);
  }, { ...SPOOL, maxBatchLines: 3 });

  run('replay after a collector restart: spooled data is written by the next run, before its new data', (e) => needsOutage(e) ?? (e.reopen ? undefined : 'cannot build a second sink'), async (first) => {
    await first.env.outage!.begin();
    try {
      for (let i = 1; i <= 8; i++) first.send('HEALTH_METRICS', [complianceLine('rs', i, i)]);
      await waitFor('a failed write', () => first.stats().failedBatches >= 1);
      const t0 = Date.now();
      await first.host.stop(10_000);
      assert.ok(Date.now() - t0 < 5000, `stop while the destination is down took ${Date.now() - t0} ms`);
      const st = first.stats();
      assert.equal(st.droppedLines.shutdown, 0, 'nothing is dropped at shutdown: it is on disk');
      assert.equal(st.writtenLines + st.spooledLines, 8);
    } finally {
      await first.env.outage!.end();
    }
    const second = await harness(first.env, first.overrides, first.env.reopen!());
    try {
      second.send('HEALTH_METRICS', [complianceLine('rs', 9, 9)]);
      assert.equal(await flushUntilDone(second, 20_000), true);
      assertArrived(second, await second.recs(), seq(1, 9), 3);
      const st = second.stats();
      assert.ok(st.replayedLines >= 1);
      assert.equal(st.spooling, false);
    } finally {
      await second.host.stop(2000);
    }
  }, SPOOL);
}

function expectReports(h: Harness, count: number, module: DataModule): void {
  if (h.env.sink.errorType === undefined) {
    assert.equal(h.reports.length, 0, 'a destination without an error type reports nothing');
    return;
  }
  assert.equal(h.reports.length, count);
  for (const r of h.reports) {
    assert.equal(r.type, h.env.sink.errorType);
    assert.equal(r.module, h.env.sink.errorContext?.(module).module ?? module);
    assert.equal(r.serverName, 'node1');
    assert.ok(r.err?.message, 'report carries the error message');
  }
}
