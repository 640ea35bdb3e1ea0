// Issue 15, item 2: a UDP fuzz run against the built collector. 300,000 datagrams (FUZZ_DATAGRAMS) go to
// the log and user sockets: valid log events carrying a unique marker, interleaved with random bytes and with
// fixture datagrams that are truncated, spliced with separators and control characters, have fields
// replaced, removed or added, and oversized ones (above maxMessageSize). Afterwards: the collector never
// crashed or stalled and stopped cleanly; every valid event is a point in the files exactly once; and the
// books balance per socket, from the collector's own ingest points (log_events_queue / user_events_queue):
// sent = received + dropped by the kernel (counted by Linux per socket), received = dropped for size +
// ring full + processed, processed = points written + parse failures + dropped by rule + rejected +
// excluded + failed.
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { parse } from 'yaml';
import { readSocketDrops } from '../../bench/proc-stats.js';
import { startCollector } from '../support/collector-process.js';
import { LOG_SAMPLES, mangled, USER_SAMPLES } from '../support/fuzz.js';
import { repoRoot } from '../support/paths.js';
import { freeUdpPort } from '../support/udp.js';

const TOTAL = Number(process.env.FUZZ_DATAGRAMS ?? 300_000);
const RATE_PER_S = 20_000;
const MAX_MESSAGE_SIZE = 8_192;
const TIME_LIMIT_MS = 120_000;

function validLog(n: number): string {
  return `/qseow-engine/;${n % 9999};20240515T143512.001+0200;2024-05-15 14:35:12,001;ERROR;SENSE-RIM1;System.Engine.Engine;LAB\\qlikservice;fuzz-valid-${n} the engine said something;(null);(null);(null);2024-05-15T14:35:12.000+02:00;c1a9e8d2-3b4f-4a5e-9c6d-7e8f9a0b1c2d;14.187.4;20240515T060102.000+0200;Error;(null);(null)`;
}

interface Planned {
  port: 'log' | 'user';
  payload: Buffer;
}

function plan(total: number): { datagrams: Planned[]; valid: number } {
  const logBad = fc.sample(mangled(LOG_SAMPLES), { numRuns: Math.ceil(total * 0.4), seed: 1501 });
  const userBad = fc.sample(mangled(USER_SAMPLES), { numRuns: Math.ceil(total * 0.2), seed: 1502 });
  const datagrams: Planned[] = [];
  let valid = 0;
  let lb = 0;
  let ub = 0;
  for (let i = 0; datagrams.length < total; i++) {
    const k = i % 10;
    if (k < 4) datagrams.push({ port: 'log', payload: Buffer.from(validLog(valid++)) });
    else if (k < 8) datagrams.push({ port: 'log', payload: Buffer.from(logBad[lb++ % logBad.length]) });
    else datagrams.push({ port: 'user', payload: Buffer.from(userBad[ub++ % userBad.length]) });
    if (i % 500 === 250) datagrams.push({ port: i % 1000 === 250 ? 'log' : 'user', payload: Buffer.alloc(MAX_MESSAGE_SIZE + 1 + (i % 50_000), 0x41) });
  }
  return { datagrams: datagrams.slice(0, total), valid: Math.min(valid, total) };
}

async function sendPaced(ports: Record<'log' | 'user', number>, datagrams: Planned[]): Promise<void> {
  const s = createSocket('udp4');
  const started = Date.now();
  try {
    const burst = RATE_PER_S / 100;
    for (let i = 0; i < datagrams.length; i += burst) {
      const end = Math.min(datagrams.length, i + burst);
      await Promise.all(
        datagrams.slice(i, end).map(
          (d) => new Promise<void>((resolve, reject) => s.send(d.payload, ports[d.port], '127.0.0.1', (err) => (err ? reject(err) : resolve()))),
        ),
      );
      const due = started + ((end / RATE_PER_S) * 1000);
      if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
      assert.ok(Date.now() - started < TIME_LIMIT_MS, 'sending stays within its time limit');
    }
  } finally {
    s.close();
  }
}

function linesOf(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => readFileSync(join(dir, f), 'utf8').split('\n')).filter((l) => l !== '');
}

function sumField(lines: string[], measurement: string, field: string): number {
  const re = new RegExp(`[ ,]${field}=(\\d+)`);
  return lines.filter((l) => l.startsWith(`${measurement},`)).reduce((n, l) => n + Number(re.exec(l)?.[1] ?? 0), 0);
}

test(`e2e: UDP fuzz, ${TOTAL} random, truncated, mutated and oversized datagrams among valid ones`, { timeout: 240_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bsos-udp-fuzz-'));
  try {
    const base = parse(readFileSync(join(repoRoot(), 'config', 'default.yaml'), 'utf8'))['Butler-SOS'];
    const ports = { log: await freeUdpPort(), user: await freeUdpPort() };
    Object.assign(base.logEvents.udpServerConfig, { serverHost: '127.0.0.1', portLogEvents: ports.log, maxMessageSize: MAX_MESSAGE_SIZE });
    Object.assign(base.userEvents.udpServerConfig, { serverHost: '127.0.0.1', portUserActivityEvents: ports.user, maxMessageSize: MAX_MESSAGE_SIZE });
    base.fileDestination = { ...base.fileDestination, directory: join(dir, 'lp'), maxFileBytes: 1 << 30 };
    base.delivery = { ...base.delivery, spool: { ...base.delivery?.spool, enable: true, directory: join(dir, 'spool') } };
    const { datagrams, valid } = plan(TOTAL);
    const sent = { log: datagrams.filter((d) => d.port === 'log').length, user: datagrams.filter((d) => d.port === 'user').length };
    const collector = await startCollector(base);
    await sendPaced(ports, datagrams);
    await new Promise((r) => setTimeout(r, 1_000));
    const kernelDrops = { log: readSocketDrops([ports.log]) ?? 0, user: readSocketDrops([ports.user]) ?? 0 };
    assert.equal(collector.child.exitCode, null, 'still running after the fuzz run');
    const stopAt = Date.now();
    assert.equal(await collector.stop(), 0, 'clean stop');
    assert.ok(Date.now() - stopAt < 9_500, 'no stall at shutdown');

    const lines = linesOf(join(dir, 'lp'));
    const markers = new Set<number>();
    let markedLines = 0;
    for (const l of lines) {
      if (!l.startsWith('log_event,')) continue;
      const m = /fuzz-valid-(\d+) /.exec(l);
      if (!m) continue;
      markedLines++;
      markers.add(Number(m[1]));
    }
    const books: Record<string, unknown> = { sent, valid, kernelDrops };
    for (const [socket, measurement, points] of [
      ['log', 'log_events_queue', lines.filter((l) => l.startsWith('log_event,')).length],
      ['user', 'user_events_queue', lines.filter((l) => l.startsWith('user_events,')).length],
    ] as const) {
      const f = (name: string) => sumField(lines, measurement, name);
      const received = f('messages_received');
      const processed = f('messages_processed');
      const side = {
        received,
        droppedSize: f('messages_dropped_size'),
        droppedRingFull: f('messages_dropped_queue_full'),
        processed,
        points,
        parseFailures: f('parse_failures'),
        droppedRule: f('messages_dropped_rule'),
        rejected: f('messages_rejected'),
        excluded: f('messages_excluded'),
        failed: f('messages_failed'),
      };
      books[socket] = side;
      assert.equal(received + kernelDrops[socket], sent[socket], `${socket}: sent = received + kernel drops ${JSON.stringify(books)}`);
      assert.ok(side.droppedSize > 0, `${socket}: oversized datagrams counted`);
      assert.equal(side.droppedSize + side.droppedRingFull + processed, received, `${socket}: received = dropped + processed ${JSON.stringify(side)}`);
      assert.equal(
        points + side.parseFailures + side.droppedRule + side.rejected + side.excluded + side.failed,
        processed,
        `${socket}: processed = written + counted by reason ${JSON.stringify(side)}`,
      );
    }
    console.log(JSON.stringify(books));
    assert.equal(kernelDrops.log, 0, 'no datagram lost in the kernel at this rate');
    assert.equal(markers.size, valid, 'every valid event is written');
    assert.equal(markedLines, valid, 'exactly once');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
