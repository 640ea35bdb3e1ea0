#!/usr/bin/env node
// A stand-in collector for testing the bench itself (`npm run bench -- --collector mock`): a single-threaded
// dgram receiver that turns each datagram into one line-protocol line and writes batches to the configured
// InfluxDB v1 endpoint, plus `log_events_queue`/`user_events_queue` points. It reads the same bench YAML and
// speaks the same process contract as the real collector (JSON log lines, "Butler SOS is ready", SIGTERM
// drains and exits 0), so every part of the bench runs without the real pipeline. It is not a benchmark of
// anything.

import dgram from 'node:dgram';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

interface BenchYaml {
  'Butler-SOS': {
    logEvents: { udpServerConfig: { serverHost: string; portLogEvents: number } };
    userEvents: { udpServerConfig: { portUserActivityEvents: number } };
    influxdbConfig: { host: string; port: number; v1Config: { dbName: string } };
  };
}

const FLUSH_LINES = 1000;
const FLUSH_MS = 20;
const QUEUE_METRICS_MS = 1000;

const log = (msg: string, extra: Record<string, unknown> = {}): void => {
  process.stdout.write(JSON.stringify({ level: 'info', time: Date.now(), msg, ...extra }) + '\n');
};

const configFile = process.argv[process.argv.indexOf('-c') + 1];
if (!configFile || process.argv.indexOf('-c') === -1) {
  console.error('mock collector: usage: mock-collector.js -c <bench yaml>');
  process.exit(2);
}
const cfg = (parse(readFileSync(configFile, 'utf8')) as BenchYaml)['Butler-SOS'];
const writeUrl = `http://${cfg.influxdbConfig.host}:${cfg.influxdbConfig.port}/write?db=${encodeURIComponent(cfg.influxdbConfig.v1Config.dbName)}&precision=n`;

let pending: string[] = [];
let inFlight = false;
const received = { log: 0, user: 0 };
const reported = { log: 0, user: 0 };
const dropped = { log: 0, user: 0 };
const reportedDrops = { log: 0, user: 0 };

// A known capacity for the bench's own tests (its refinement steps): with BENCH_MOCK_MAX_PER_S set, datagrams
// beyond that rate are dropped and reported as ring drops, as the real collector reports them. A token bucket
// with half a second of burst (the sender catches up in bursts when its timer runs late on a loaded machine): a
// per-second window let a short step at 1.3× the capacity through when it straddled two seconds.
const maxPerSecond = Number(process.env.BENCH_MOCK_MAX_PER_S ?? '0');
const burst = maxPerSecond * 0.5;
let tokens = burst;
let refilledAt = performance.now();

function overCapacity(): boolean {
  if (!(maxPerSecond > 0)) return false;
  const now = performance.now();
  tokens = Math.min(burst, tokens + ((now - refilledAt) / 1000) * maxPerSecond);
  refilledAt = now;
  if (tokens < 1) return true;
  tokens -= 1;
  return false;
}

function fieldString(text: string): string {
  return '"' + text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, ' ') + '"';
}

async function flush(): Promise<void> {
  if (inFlight || pending.length === 0) return;
  inFlight = true;
  const body = pending.join('\n');
  const batch = pending;
  pending = [];
  try {
    const res = await fetch(writeUrl, { method: 'POST', body });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
  } catch (err) {
    pending = batch.concat(pending);
    log('mock collector: write failed, will retry', { err: (err as Error).message });
  } finally {
    inFlight = false;
  }
}

function queueMetrics(): void {
  const ns = BigInt(Date.now()) * 1_000_000n;
  for (const kind of ['log', 'user'] as const) {
    const delta = received[kind] - reported[kind];
    reported[kind] = received[kind];
    const drops = dropped[kind] - reportedDrops[kind];
    reportedDrops[kind] = dropped[kind];
    pending.push(`${kind}_events_queue,queue_type=${kind}_events,host=mock messages_received=${delta},messages_dropped_queue_full=${drops} ${ns}`);
  }
}

function listen(port: number, measurement: string, kind: 'log' | 'user'): Promise<dgram.Socket> {
  const socket = dgram.createSocket({ type: 'udp4', recvBufferSize: 8 * 1024 * 1024 });
  socket.on('message', (msg) => {
    received[kind]++;
    if (overCapacity()) {
      dropped[kind]++;
      return;
    }
    const text = msg.toString('utf8');
    // Like the real collector, store the qix-perf RequestId (field 14) as request_id.
    const requestId = text.startsWith('/qseow-qix-perf/') ? `,request_id=${text.split(';')[14]}i` : '';
    pending.push(`${measurement},host=mock message=${fieldString(text)}${requestId} ${BigInt(Date.now()) * 1_000_000n}`);
    if (pending.length >= FLUSH_LINES) void flush();
  });
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(port, cfg.logEvents.udpServerConfig.serverHost, () => resolve(socket));
  });
}

const sockets = await Promise.all([
  listen(cfg.logEvents.udpServerConfig.portLogEvents, 'log_event', 'log'),
  listen(cfg.userEvents.udpServerConfig.portUserActivityEvents, 'user_events', 'user'),
]);
const flushTimer = setInterval(() => void flush(), FLUSH_MS);
const metricsTimer = setInterval(queueMetrics, QUEUE_METRICS_MS);
log('Butler SOS is ready', { mock: true });

process.on('SIGTERM', () => {
  for (const s of sockets) s.close();
  clearInterval(metricsTimer);
  clearInterval(flushTimer);
  queueMetrics();
  const deadline = Date.now() + 10_000;
  const drain = async (): Promise<void> => {
    while ((pending.length > 0 || inFlight) && Date.now() < deadline) {
      await flush();
      await new Promise((r) => setTimeout(r, 10));
    }
    log('mock collector stopped', { unsent: pending.length });
    process.exit(pending.length === 0 ? 0 : 1);
  };
  void drain();
});
