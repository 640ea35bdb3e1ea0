// The --influxdb ceiling: the sink keeps (bounded) the line-protocol bodies the collector got acknowledged by
// the real InfluxDB, and after the collector runs replays them straight into that InfluxDB, as fast as it
// takes them, into fresh databases (so nothing overwrites the collector's points or an earlier pass). The
// acknowledged event lines per second of that replay are what the same server takes from a client that does
// nothing else; the collector's written rate is reported as a fraction of it.

import { Agent, request } from 'undici';

/** Bytes of uncompressed bodies kept for the replay (~1.3 KB per event: ~50,000 events). */
export const CAPTURE_MAX_BYTES = 64 * 1024 * 1024;

export interface CeilingOptions {
  /** Concurrent writes; each is measured on its own and the best is the ceiling. */
  concurrency: number[];
  /** Lines per replayed write: captured bodies are concatenated, in order, until at least this many. */
  batchLines: number;
  /** Passes over the captured lines per concurrency until at least this many seconds were measured. */
  minSeconds: number;
  maxPasses: number;
}

export interface CeilingRun {
  concurrency: number;
  events: number;
  lines: number;
  requests: number;
  failed_requests: number;
  seconds: number;
  events_per_s: number;
  lines_per_s: number;
}

export interface CeilingResult {
  captured_events: number;
  captured_lines: number;
  captured_bytes: number;
  batch_lines: number;
  gzip: false;
  runs: CeilingRun[];
  /** The best run's events_per_s. */
  events_per_s: number;
  error?: string;
}

interface Batch {
  body: Buffer;
  lines: number;
  events: number;
}

export class LineCapture {
  private readonly bodies: Batch[] = [];
  bytes = 0;
  lines = 0;
  events = 0;
  /** The collector's write precision (query parameter), replayed as is. */
  precision: string | null = null;

  constructor(private readonly maxBytes = CAPTURE_MAX_BYTES) {}

  add(body: Buffer, lines: number, events: number, precision: string | null): void {
    if (this.bytes + body.length > this.maxBytes) return;
    if (this.precision === null) this.precision = precision;
    // The request's buffer may be reused by nothing else, but a copy keeps 64 MiB, not every chunk's slab.
    this.bodies.push({ body: Buffer.from(body), lines, events });
    this.bytes += body.length;
    this.lines += lines;
    this.events += events;
  }

  batches(batchLines: number): Batch[] {
    const out: Batch[] = [];
    let parts: Buffer[] = [];
    let lines = 0;
    let events = 0;
    for (const b of this.bodies) {
      parts.push(b.body[b.body.length - 1] === 0x0a ? b.body : Buffer.concat([b.body, Buffer.from('\n')]));
      lines += b.lines;
      events += b.events;
      if (lines >= batchLines) {
        out.push({ body: Buffer.concat(parts), lines, events });
        parts = [];
        lines = 0;
        events = 0;
      }
    }
    if (parts.length > 0) out.push({ body: Buffer.concat(parts), lines, events });
    return out;
  }
}

async function query(agent: Agent, base: string, q: string): Promise<void> {
  const res = await request(new URL('/query', base), {
    method: 'POST', dispatcher: agent, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ q }).toString(),
  });
  const text = await res.body.text();
  if (res.statusCode >= 300) throw new Error(`InfluxDB ${q}: HTTP ${res.statusCode} ${text.slice(0, 200)}`);
}

async function onePass(agent: Agent, base: string, db: string, precision: string | null, batches: Batch[], concurrency: number): Promise<Omit<CeilingRun, 'concurrency' | 'seconds' | 'events_per_s' | 'lines_per_s'>> {
  const url = new URL('/write', base);
  url.searchParams.set('db', db);
  if (precision) url.searchParams.set('precision', precision);
  const tally = { events: 0, lines: 0, requests: 0, failed_requests: 0 };
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < batches.length) {
      const b = batches[next++];
      const res = await request(url, { method: 'POST', dispatcher: agent, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: b.body });
      await res.body.dump();
      tally.requests++;
      if (res.statusCode >= 200 && res.statusCode < 300) {
        tally.events += b.events;
        tally.lines += b.lines;
      } else tally.failed_requests++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  return tally;
}

/** Replays what `capture` holds into `${dbPrefix}_<n>` databases (dropped afterwards); bounded by passes. */
export async function measureCeiling(upstream: string, dbPrefix: string, capture: LineCapture, opts: CeilingOptions): Promise<CeilingResult> {
  const batches = capture.batches(opts.batchLines);
  const result: CeilingResult = {
    captured_events: capture.events, captured_lines: capture.lines, captured_bytes: capture.bytes, batch_lines: opts.batchLines, gzip: false, runs: [], events_per_s: 0,
  };
  if (batches.length === 0) return { ...result, error: 'nothing was captured (no write reached the InfluxDB)' };
  const agent = new Agent({ connections: Math.max(...opts.concurrency), keepAliveTimeout: 10_000 });
  const created: string[] = [];
  try {
    for (const concurrency of opts.concurrency) {
      const run: CeilingRun = { concurrency, events: 0, lines: 0, requests: 0, failed_requests: 0, seconds: 0, events_per_s: 0, lines_per_s: 0 };
      for (let pass = 0; pass < opts.maxPasses && run.seconds < opts.minSeconds; pass++) {
        const db = `${dbPrefix}_${created.length}`;
        await query(agent, upstream, `CREATE DATABASE "${db}"`);
        created.push(db);
        const t0 = performance.now();
        const tally = await onePass(agent, upstream, db, capture.precision, batches, concurrency);
        run.seconds += (performance.now() - t0) / 1000;
        run.events += tally.events;
        run.lines += tally.lines;
        run.requests += tally.requests;
        run.failed_requests += tally.failed_requests;
      }
      run.events_per_s = Math.round(run.events / run.seconds);
      run.lines_per_s = Math.round(run.lines / run.seconds);
      run.seconds = Math.round(run.seconds * 100) / 100;
      result.runs.push(run);
      result.events_per_s = Math.max(result.events_per_s, run.events_per_s);
    }
  } catch (err) {
    result.error = (err as Error).message;
  } finally {
    for (const db of created) await query(agent, upstream, `DROP DATABASE "${db}"`).catch(() => undefined);
    await agent.close();
  }
  return result;
}
