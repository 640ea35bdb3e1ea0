// The one compliance suite every destination passes (ARCHITECTURE.md §3): writes arrive, order within a
// destination is kept, transient failures are retried, permanent rejections are counted and dropped without
// retry, shutdown flushes (and is bounded when the backend is down), health goes down and up again.
// Each target provides a fresh environment per test; capabilities it lacks skip the matching test by name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { silentLogger } from '../../src/log/logger.js';
import type { BatchMessage, DataModule, ErrorReport } from '../../src/threads/messages.js';
import type { Sink } from '../../src/destinations/sink.js';
import type { DeliveryOverrides } from '../../src/destinations/delivery/options.js';
import { WriterHost } from '../../src/destinations/writer-host.js';

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
  teardown(): Promise<void>;
}

export interface ComplianceTarget {
  name: string;
  /** A fresh backend and sink; null skips (server binary missing outside CI). */
  setup(): Promise<ComplianceEnv | null>;
}

/** Fast schedules so tests finish in well under a second per retry. */
const FAST: DeliveryOverrides = {
  flushIntervalMs: 20,
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

function msg(module: DataModule, lines: string[], serverName = 'node1'): BatchMessage {
  const body = Buffer.from(lines.join('\n') + '\n');
  return { t: 'batch', origin: 'parse', dest: 'compliance', module, count: lines.length, body, serverName };
}

interface Harness {
  env: ComplianceEnv;
  host: WriterHost;
  reports: ErrorReport[];
  send(module: DataModule, lines: string[]): void;
  recs(): Promise<Rec[]>;
  stats(): ReturnType<WriterHost['stats']>['destinations'][number];
}

async function harness(env: ComplianceEnv, overrides: DeliveryOverrides = {}): Promise<Harness> {
  const reports: ErrorReport[] = [];
  const host = new WriterHost(
    { delivery: { ...FAST, ...overrides, backoff: { ...FAST.backoff, ...overrides.backoff } } },
    {
      logger: silentLogger(),
      reportError: (r) => reports.push(r),
      registry: [{ id: 'compliance', name: env.sink.id, enabled: () => true, create: () => ({ sink: env.sink }) }],
    },
  );
  await host.start();
  return {
    env,
    host,
    reports,
    send: (module, lines) => host.accept(msg(module, lines)),
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
      try {
        if (missing) return t.skip(`${target.name} ${missing}`);
        h = await harness(env, overrides);
        await body(h);
      } finally {
        await h?.host.stop(2000);
        await env.teardown();
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
    assert.deepEqual(st.droppedLines, { queue_full: 0, rejected: 0, shutdown: 0 });
    assert.equal(st.up, true);
    assert.equal(h.reports.length, 0);
  });

  run('order within a destination is kept across many one-line writes (last write wins)', always, async (h) => {
    const n = 40;
    // Same series and timestamp each time: a time-series store keeps the last one written.
    for (let i = 1; i <= n; i++) h.send('LOG_EVENTS', [complianceLine('same', 1, i)]);
    assert.equal(await h.host.flush(10_000), true);
    const recs = await h.recs();
    if (h.env.arrivalOrder) assert.deepEqual(recs.map((r) => r.v), Array.from({ length: n }, (_, i) => i + 1));
    else assert.deepEqual(recs.map((r) => r.v), [n]);
    assert.equal(h.stats().writtenBatches, n);
  }, { maxBatchLines: 1 });

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

  run('an outage is retried until the backend heals; health goes down and up; order kept', (e) => (e.outage ? undefined : 'cannot simulate an outage'), async (h) => {
    await h.env.outage!.begin();
    for (let i = 1; i <= 5; i++) h.send('HEALTH_METRICS', [complianceLine('o', i, i)]);
    await waitFor('a failed write', () => h.stats().failedBatches >= 1 && h.stats().retries >= 1);
    assert.equal(h.stats().up, false);
    assert.notEqual(h.stats().downReason, '');
    await h.env.outage!.end();
    assert.equal(await h.host.flush(15_000), true);
    const recs = await h.recs();
    const seqs = recs.map((r) => r.s);
    if (h.env.arrivalOrder) assert.deepEqual(seqs, [1, 2, 3, 4, 5]);
    else assert.deepEqual(seqs.sort(), [1, 2, 3, 4, 5]);
    assert.equal(h.stats().up, true);
    expectReports(h, 1, 'HEALTH_METRICS');
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
}

function expectReports(h: Harness, count: number, module: DataModule): void {
  if (h.env.sink.errorType === undefined) {
    assert.equal(h.reports.length, 0, 'a destination without an error type reports nothing');
    return;
  }
  assert.equal(h.reports.length, count);
  for (const r of h.reports) {
    assert.equal(r.type, h.env.sink.errorType);
    assert.equal(r.module, module);
    assert.equal(r.serverName, 'node1');
    assert.ok(r.err?.message, 'report carries the error message');
  }
}
