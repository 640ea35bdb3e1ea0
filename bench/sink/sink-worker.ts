// The bench sink, run in its own worker thread so counting never competes with the bench's event loop: a
// loopback HTTP server speaking enough of the InfluxDB 1.x API for the collector (GET /ping 204; /query for
// SHOW DATABASES, CREATE DATABASE, retention policies; POST /write with gzip bodies). It acknowledges at once
// and counts lines and sequence tokens. With `upstream` set it is a counting proxy in front of a real
// InfluxDB 1.x: writes are forwarded, and only what the real server acknowledged is counted.

import http from 'node:http';
import { gunzipSync } from 'node:zlib';
import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import { LineCapture, measureCeiling } from './ceiling.js';
import { newCounters, scanBody } from './line-scan.js';
import { SeqTracker } from './seq-tracker.js';
import type { CeilingRequest, SinkReply, SinkRequest, SinkWorkerData } from './sink-protocol.js';

const data = workerData as SinkWorkerData;
const counters = newCounters();
const tracker = new SeqTracker(data.runId);
const databases = new Set<string>(['_internal']);
// --influxdb: what the real server acknowledged, kept (bounded) for the ceiling replay (ceiling.ts).
const capture = data.upstream ? new LineCapture() : null;
let requests = 0;
let writeRequests = 0;
let bodyBytes = 0;
let badRequests = 0;
let upstreamFailures = 0;

function json(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'x-influxdb-version': '1.8.10-bench-sink' });
  res.end(text);
}

function answerQuery(q: string): unknown {
  const statement = q.trim().toLowerCase();
  if (statement.startsWith('show databases')) {
    return { results: [{ statement_id: 0, series: [{ name: 'databases', columns: ['name'], values: [...databases].map((d) => [d]) }] }] };
  }
  if (statement.startsWith('create database')) {
    const name = q.trim().slice('create database'.length).trim().split(/\s+/)[0]?.replace(/^"|"$/g, '');
    if (name) databases.add(name);
  }
  if (statement.startsWith('show retention policies')) {
    return { results: [{ statement_id: 0, series: [{ columns: ['name', 'duration', 'shardGroupDuration', 'replicaN', 'default'], values: [['autogen', '0s', '168h0m0s', 1, true]] }] }] };
  }
  return { results: [{ statement_id: 0 }] };
}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

async function forward(req: http.IncomingMessage, raw: Buffer): Promise<{ status: number; body: string }> {
  const headers: Record<string, string> = {};
  for (const h of ['content-type', 'content-encoding', 'authorization']) {
    const v = req.headers[h];
    if (typeof v === 'string') headers[h] = v;
  }
  const res = await fetch(new URL(req.url ?? '/', data.upstream), { method: req.method, headers, body: raw.length > 0 ? raw : undefined });
  return { status: res.status, body: await res.text() };
}

async function handleWrite(req: http.IncomingMessage, res: http.ServerResponse, raw: Buffer): Promise<void> {
  writeRequests++;
  bodyBytes += raw.length;
  if (data.upstream) {
    const up = await forward(req, raw);
    if (up.status < 200 || up.status >= 300) {
      upstreamFailures++;
      res.writeHead(up.status, { 'content-type': 'application/json' });
      res.end(up.body);
      return;
    }
  }
  let body: Buffer;
  try {
    body = req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw;
  } catch (err) {
    badRequests++;
    return json(res, 400, { error: `bench sink: cannot decode body: ${(err as Error).message}` });
  }
  const linesBefore = counters.lines;
  const eventsBefore = eventLines();
  scanBody(body, performance.timeOrigin + performance.now(), counters, tracker);
  capture?.add(body, counters.lines - linesBefore, eventLines() - eventsBefore, new URL(req.url ?? '/', 'http://sink').searchParams.get('precision'));
  res.writeHead(204, { 'x-influxdb-version': '1.8.10-bench-sink' });
  res.end();
}

function eventLines(): number {
  return (counters.byMeasurement.get('log_event') ?? 0) + (counters.byMeasurement.get('user_events') ?? 0);
}

async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  requests++;
  const url = new URL(req.url ?? '/', 'http://sink');
  const raw = await readBody(req);
  if (url.pathname === '/ping') {
    res.writeHead(204, { 'x-influxdb-version': '1.8.10-bench-sink' });
    return void res.end();
  }
  if (url.pathname === '/write' && req.method === 'POST') return handleWrite(req, res, raw);
  if (url.pathname === '/query') {
    if (data.upstream) {
      const up = await forward(req, raw);
      res.writeHead(up.status, { 'content-type': 'application/json' });
      return void res.end(up.body);
    }
    const q = url.searchParams.get('q') ?? new URLSearchParams(raw.toString('utf8')).get('q') ?? '';
    return json(res, 200, answerQuery(q));
  }
  badRequests++;
  json(res, 404, { error: `bench sink: no route for ${req.method} ${url.pathname}` });
}

function reply(req: SinkRequest): SinkReply {
  const snap = tracker.snapshot(req.step);
  return {
    type: 'snapshot', id: req.id, step: snap,
    lines: counters.lines, eventLinesWithoutToken: counters.eventLinesWithoutToken, foreignTokens: tracker.foreign,
    byMeasurement: Object.fromEntries(counters.byMeasurement),
    queue: Object.fromEntries([...counters.queue].map(([m, f]) => [m, Object.fromEntries(f)])),
    requests, writeRequests, bodyBytes, badRequests, upstreamFailures,
  };
}

const server = http.createServer((req, res) => {
  handle(req, res).catch((err: Error) => {
    badRequests++;
    if (!res.headersSent) json(res, 500, { error: `bench sink: ${err.message}` });
    else res.destroy();
  });
});
server.keepAliveTimeout = 60_000;
server.listen(data.port, data.host, () => {
  const address = server.address();
  parentPort?.postMessage({ type: 'listening', port: typeof address === 'object' && address ? address.port : 0 } satisfies SinkReply);
});
parentPort?.on('message', (msg: SinkRequest | CeilingRequest | { type: 'stop' }) => {
  if (msg.type === 'stop') {
    server.closeAllConnections();
    server.close(() => process.exit(0));
    return;
  }
  if (msg.type === 'ceiling') {
    const answer = (result: SinkReply): void => parentPort?.postMessage(result);
    if (!capture || !data.upstream) return answer({ type: 'ceiling', id: msg.id, result: null });
    void measureCeiling(data.upstream, msg.dbPrefix, capture, msg.options).then((result) => answer({ type: 'ceiling', id: msg.id, result }));
    return;
  }
  const r = reply(msg);
  const snap = r.type === 'snapshot' ? r.step : null;
  parentPort?.postMessage(r, snap ? [snap.sampleSeqs.buffer as ArrayBuffer, snap.sampleTimes.buffer as ArrayBuffer] : []);
});
