#!/usr/bin/env node
// `node dist/bench/influx-delivery.js --influxdb URL --lines FILE [--in-flight 1,2,4] [--batch 1000,5000] ...`:
// how fast the collector's own delivery path (DestinationDelivery → InfluxDB 1.x sink → undici) writes a
// backlog into a real InfluxDB 1.x, per setting, without the UDP receive, the parse pool or the bench proxy
// competing for the CPU. The lines come from a file of line protocol (e.g. what the file destination wrote
// during a bench-like run), cut into producer messages; everything is queued at once and the time until the
// last line is acknowledged is the drain rate, the most the destination can write with a backlog. Settings
// are crossed and run in turns (round 1 of each, round 2 of each, ...) so that a busy machine affects them
// alike; each run writes into a fresh database that is dropped afterwards. Medians over the rounds.

import { readFileSync } from 'node:fs';
import { request } from 'undici';
import { DestinationDelivery } from '../src/destinations/delivery/destination-delivery.js';
import { deliveryOptions } from '../src/destinations/delivery/options.js';
import { InfluxV1Sink } from '../src/destinations/influxdb/v1/influxdb-v1-sink.js';
import { silentLogger } from '../src/log/logger.js';
import { CliError, helpText, numberFlag, parseFlags, stringFlag, type FlagSpecs, type ParsedFlags } from './cli-args.js';

const FLAGS: FlagSpecs = {
  influxdb: { kind: 'value', help: 'URL of a real InfluxDB 1.x (loopback), e.g. http://127.0.0.1:8086' },
  lines: { kind: 'value', help: 'file of line protocol ("#" lines skipped)' },
  'max-lines': { kind: 'value', help: 'use at most this many lines of the file', default: '60000' },
  'message-lines': { kind: 'value', help: 'lines per producer message (a parse slice posts one per destination)', default: '250' },
  'in-flight': { kind: 'value', help: 'delivery.maxWritesInFlight values, comma-separated', default: '1,2,4' },
  batch: { kind: 'value', help: 'influxdbConfig.maxBatchSize values, comma-separated', default: '5000' },
  gzip: { kind: 'value', help: 'influxdbConfig.gzip values: off, on or both', default: 'off' },
  rounds: { kind: 'value', help: 'runs per setting', default: '3' },
  json: { kind: 'switch', help: 'print the result as JSON' },
  help: { kind: 'switch', help: 'this text' },
};

interface Setting {
  inFlight: number;
  batch: number;
  gzip: boolean;
}

interface Run {
  seconds: number;
  linesPerS: number;
  /** CPU of this process (the writer's part: batching, HTTP, gzip) per line. */
  cpuUsPerLine: number;
}

function numberList(flags: ParsedFlags, name: string): number[] {
  const raw = stringFlag(flags, name, FLAGS[name].default ?? '');
  const out = raw.split(',').map((v) => Number(v.trim()));
  if (out.some((n) => !Number.isInteger(n) || n < 1)) throw new CliError(`--${name}: expected positive integers, got '${raw}'`);
  return out;
}

function messagesFrom(file: string, maxLines: number, perMessage: number): Buffer[] {
  const lines = readFileSync(file, 'utf8').split('\n').filter((l) => l.length > 0 && !l.startsWith('#')).slice(0, maxLines);
  if (lines.length === 0) throw new CliError(`--lines: no line protocol in ${file}`);
  const out: Buffer[] = [];
  for (let i = 0; i < lines.length; i += perMessage) out.push(Buffer.from(lines.slice(i, i + perMessage).join('\n') + '\n'));
  return out;
}

async function dropDatabase(url: URL, db: string): Promise<void> {
  const res = await request(new URL(`/query?q=${encodeURIComponent(`DROP DATABASE "${db}"`)}`, url), { method: 'POST' });
  await res.body.dump();
}

async function runOnce(url: URL, db: string, s: Setting, messages: Buffer[], lineCounts: number[]): Promise<Run> {
  const total = lineCounts.reduce((a, b) => a + b, 0);
  const sink = new InfluxV1Sink(
    {
      enable: true, host: url.hostname, port: Number(url.port), version: 1, maxBatchSize: s.batch, gzip: s.gzip,
      v1Config: { dbName: db, auth: { enable: false, username: '', password: '' }, retentionPolicy: { name: 'bench', duration: '1d' } },
    },
    { logger: silentLogger() },
  );
  const options = deliveryOptions({ maxBatchLines: s.batch, maxBatchBytes: 8 * 1024 * 1024, maxWritesInFlight: s.inFlight, maxQueuedLines: total + 1, maxQueuedBytes: 2 ** 31 });
  const delivery = new DestinationDelivery(sink, options, { logger: silentLogger() });
  await delivery.start();
  // Provisioning (CREATE DATABASE) is not part of the measurement: one line first, then the backlog.
  delivery.accept({ t: 'batch', origin: 'parse', dest: sink.id, module: 'LOG_EVENTS', count: 1, body: messages[0].subarray(0, messages[0].indexOf(10) + 1) });
  if (!(await delivery.flush(30_000))) throw new Error(`${url.origin} did not take the first write within 30 s`);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < messages.length; i++) delivery.accept({ t: 'batch', origin: 'parse', dest: sink.id, module: 'LOG_EVENTS', count: lineCounts[i], body: messages[i] });
  const done = await delivery.flush(300_000);
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const written = delivery.stats().writtenLines - 1;
  await delivery.stop(1000);
  if (!done || written !== total) throw new Error(`wrote ${written} of ${total} lines (settings ${JSON.stringify(s)})`);
  return { seconds, linesPerS: total / seconds, cpuUsPerLine: (cpu.user + cpu.system) / total };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2), FLAGS);
  if (flags.switches.has('help')) return void console.log(helpText('node dist/bench/influx-delivery.js --influxdb URL --lines FILE [flags]', FLAGS));
  const url = new URL(stringFlag(flags, 'influxdb', ''));
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) throw new CliError('--influxdb: loopback only (this writes as fast as the server takes it)');
  const messages = messagesFrom(stringFlag(flags, 'lines', ''), numberFlag(flags, 'max-lines', 60_000, { min: 1, integer: true }), numberFlag(flags, 'message-lines', 250, { min: 1, integer: true }));
  const lineCounts = messages.map((m) => m.toString('latin1').split('\n').length - 1);
  const gzipFlag = stringFlag(flags, 'gzip', 'off');
  if (!['off', 'on', 'both'].includes(gzipFlag)) throw new CliError(`--gzip: off, on or both, not '${gzipFlag}'`);
  const gzips = gzipFlag === 'both' ? [false, true] : [gzipFlag === 'on'];
  const settings: Setting[] = [];
  for (const batch of numberList(flags, 'batch')) for (const gzip of gzips) for (const inFlight of numberList(flags, 'in-flight')) settings.push({ inFlight, batch, gzip });
  const rounds = numberFlag(flags, 'rounds', 3, { min: 1, max: 20, integer: true });
  const runs = settings.map(() => [] as Run[]);
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < settings.length; i++) {
      const db = `bsos_delivery_${process.pid}_${r}_${i}`;
      try {
        runs[i].push(await runOnce(url, db, settings[i], messages, lineCounts));
      } finally {
        await dropDatabase(url, db);
      }
      const last = runs[i][runs[i].length - 1];
      console.error(`round ${r + 1}: in-flight ${settings[i].inFlight} batch ${settings[i].batch} gzip ${settings[i].gzip ? 'on' : 'off'}: ${Math.round(last.linesPerS)} lines/s`);
    }
  }
  const result = settings.map((s, i) => ({
    ...s,
    lines_per_s: Math.round(median(runs[i].map((x) => x.linesPerS))),
    runs_lines_per_s: runs[i].map((x) => Math.round(x.linesPerS)),
    cpu_us_per_line: Number(median(runs[i].map((x) => x.cpuUsPerLine)).toFixed(2)),
  }));
  if (flags.switches.has('json')) return void console.log(JSON.stringify({ lines: lineCounts.reduce((a, b) => a + b, 0), settings: result }, null, 2));
  console.log('in-flight  batch  gzip  lines/s (median)  runs                   writer CPU µs/line');
  for (const x of result) console.log(`${String(x.inFlight).padStart(9)}  ${String(x.batch).padStart(5)}  ${(x.gzip ? 'on' : 'off').padEnd(4)}  ${String(x.lines_per_s).padStart(16)}  ${x.runs_lines_per_s.join(', ').padEnd(21)}  ${x.cpu_us_per_line}`);
}

main().catch((err: unknown) => {
  console.error(err instanceof CliError ? `influx-delivery: ${err.message}` : err);
  process.exitCode = err instanceof CliError ? 2 : 1;
});
