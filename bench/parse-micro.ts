#!/usr/bin/env node
// `node dist/bench/parse-micro.js [--events N] [--rounds R] [--slice K] [--post none|channel] [--version 1|2|3]`:
// the CPU cost per event of the parse side on this thread, without sockets, the sender or other processes
// competing for the CPU: the simulator's datagrams (bench mix) are written into real rings and parsed by the
// real SliceParser with the bench collector configuration. It also times the stages on their own (decode,
// parse + categorise, point + line protocol, batch encoding) so a change can be judged stage by stage. Every
// figure is the median of the rounds; the spread between rounds is printed next to it.
//
// With `--post channel` the batches go over a real BroadcastChannel to a thread that drops them, as
// workers/parse.ts does, so the cost of cloning the bodies is included.
//
// `--against DIR` compares this build's SliceParser with another build's (DIR holds its dist/, e.g. a git
// worktree of the commit before a change) in the same process, in alternating short rounds (parse-ab.ts).

import { BroadcastChannel, Worker } from 'node:worker_threads';
import type { Config } from '../src/config/schema/index.js';
import { decodeDatagram } from '../src/events/decode.js';
import { createLogEventHandler } from '../src/events/log-event-router.js';
import { logEventHandlerOptions, userEventHandlerOptions } from '../src/events/options.js';
import { createUserEventHandler } from '../src/events/user-event.js';
import type { LogEvent, UserEvent } from '../src/events/types.js';
import { SocketKind } from '../src/ingest/ring-layout.js';
import { forEachRecord } from '../src/ingest/ring-reader.js';
import { RingWriter } from '../src/ingest/ring-writer.js';
import { silentLogger } from '../src/log/logger.js';
import { createLogEventEncoder, createUserEventEncoder } from '../src/points/index.js';
import type { InfluxVersion } from '../src/points/point.js';
import { destinationRoutes } from '../src/destinations/routes.js';
import { publisherFor } from '../src/publish/publish-table.js';
import { SliceParser, type SocketName } from '../src/pipeline/parse/slice-parser.js';
import type { BatchMessage } from '../src/threads/messages.js';
import { CliError, helpText, numberFlag, parseFlags, stringFlag, type FlagSpecs } from './cli-args.js';
import { against, againstFile } from './parse-ab.js';
import { benchConfig, datagrams, median, sliced, type Datagram, type Rings } from './parse-input.js';

const FLAGS: FlagSpecs = {
  events: { kind: 'value', help: 'events per round', default: '100000' },
  rounds: { kind: 'value', help: 'rounds (the first warms up and is not counted)', default: '6' },
  slice: { kind: 'value', help: 'datagrams per ring slice', default: '256' },
  post: { kind: 'value', help: 'none (batches are dropped) or channel (BroadcastChannel to another thread)', default: 'none' },
  version: { kind: 'value', help: 'InfluxDB version the lines are encoded for', default: '1' },
  stage: { kind: 'value', help: 'only the stages whose name contains this text (e.g. to profile one)' },
  against: { kind: 'value', help: 'another build\'s root (with dist/): its SliceParser and this one alternate, the per-pair CPU ratio is reported' },
  help: { kind: 'switch', help: 'this text' },
};

interface Stage {
  name: string;
  /** Runs the stage once over every datagram; returns the events it handled. */
  run: () => number;
}

function memo<T>(build: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= build());
}

function stages(config: Config, version: InfluxVersion, rings: Rings, all: readonly Datagram[], slice: number, post: (w: number, m: BatchMessage) => void): Stage[] {
  const logHandler = createLogEventHandler(logEventHandlerOptions(config.logEvents, config.qlikSenseEvents, () => undefined));
  const userHandler = createUserEventHandler(userEventHandlerOptions(config.userEvents, config.qlikSenseEvents, () => undefined));
  const encodeLog = createLogEventEncoder(config, version);
  const encodeUser = createUserEventEncoder(config, version);
  // Each stage's inputs are built only when that stage runs: a stage measured alone (--stage) must not pay for
  // the old-generation collections of other stages' inputs (100,000 events and lines held for the whole run).
  const texts = memo(() => all.map((d) => ({ socket: d.socket, text: d.bytes.toString('utf8') })));
  const events = memo(() => {
    const out: Array<{ log?: LogEvent; user?: UserEvent }> = [];
    for (const t of texts()) {
      if (t.socket === 'log') {
        const o = logHandler(t.text);
        if (o.kind === 'event') out.push({ log: o.event });
      } else {
        const o = userHandler(t.text);
        if (o.kind === 'event') out.push({ user: o.event });
      }
    }
    return out;
  });
  const lines = memo(() => events().map((e) => (e.log ? encodeLog(e.log, 1_700_000_000_000_000) : encodeUser(e.user as UserEvent, 1_700_000_000_000_000))));
  const encoder = new TextEncoder();
  const parser = new SliceParser({
    config, publisher: publisherFor(config, { routes: destinationRoutes(config, 1), writerCount: 1 }, 'parse', post), appName: () => undefined,
    postStats: () => {}, reportError: () => {}, logger: silentLogger(),
  });
  let sink = 0;
  return [
    {
      name: 'ring walk + decode',
      run: () => {
        let n = 0;
        sliced(rings, all, slice, (_s, ring, start, end) => {
          forEachRecord(ring.sab, start, end, (payload) => {
            sink += decodeDatagram(payload).length;
            n++;
          });
        });
        return n;
      },
    },
    {
      name: 'parse + categorise',
      run: () => {
        for (const t of texts()) sink += (t.socket === 'log' ? logHandler(t.text) : userHandler(t.text)).kind.length;
        return texts().length;
      },
    },
    {
      name: 'point + line protocol',
      run: () => {
        for (const e of events()) sink += (e.log ? encodeLog(e.log, 1_700_000_000_000_000) : encodeUser(e.user as UserEvent, 1_700_000_000_000_000)).length;
        return events().length;
      },
    },
    {
      name: 'batch body (join + UTF-8)',
      run: () => {
        const all = lines();
        for (let i = 0; i < all.length; i += slice) sink += encoder.encode(all.slice(i, i + slice).join('\n') + '\n').byteLength;
        return all.length;
      },
    },
    {
      name: 'SliceParser.parse (all of it)',
      run: () => {
        let n = 0;
        sliced(rings, all, slice, (socket, ring, start, end, count) => {
          n += parser.parse(socket, ring.sab, { ring: ring.id, start, end, count }).records;
        });
        return n + (sink & 0);
      },
    },
  ];
}

async function main(argv: string[]): Promise<void> {
  const flags = parseFlags(argv, FLAGS);
  if (flags.switches.has('help')) return void console.log(helpText('Usage: node dist/bench/parse-micro.js [flags]', FLAGS));
  const count = numberFlag(flags, 'events', 100_000, { min: 1000, max: 2_000_000, integer: true });
  const rounds = numberFlag(flags, 'rounds', 6, { min: 2, max: 100, integer: true });
  const slice = numberFlag(flags, 'slice', 256, { min: 1, max: 100_000, integer: true });
  const version = numberFlag(flags, 'version', 1, { min: 1, max: 3, integer: true }) as InfluxVersion;
  const postMode = stringFlag(flags, 'post', 'none');
  if (postMode !== 'none' && postMode !== 'channel') throw new CliError(`--post: '${postMode}' is not none or channel`);

  const root = flags.values.get('against');
  const otherBuild = root === undefined ? undefined : againstFile(root);
  const all = datagrams(count);
  const bytes = all.reduce((a, d) => a + d.bytes.length, 0);
  const rings: Rings = { log: RingWriter.create(256 << 20, SocketKind.LOG), user: RingWriter.create(64 << 20, SocketKind.USER) };
  let drop: { channel: BroadcastChannel; worker: Worker } | null = null;
  let post = (_w: number, _m: BatchMessage): void => {};
  if (postMode === 'channel') {
    const name = `parse-micro-${process.pid}`;
    const worker = new Worker(`const { BroadcastChannel } = require('node:worker_threads'); const c = new BroadcastChannel(${JSON.stringify(name)}); c.onmessage = (e) => { if (e.data === 'stop') c.close(); };`, { eval: true });
    const channel = new BroadcastChannel(name);
    await new Promise((r) => setTimeout(r, 200));
    drop = { channel, worker };
    post = (_w, m) => channel.postMessage(m);
  }
  console.log(`${count} datagrams (avg ${Math.round(bytes / count)} bytes), slices of ${slice}, InfluxDB v${version}, post ${postMode}, node ${process.version}`);
  if (otherBuild !== undefined) return against(otherBuild, root as string, all, rounds, version, slice);
  const config = benchConfig(version);
  const only = flags.values.get('stage');
  for (const stage of stages(config, version, rings, all, slice, post).filter((s) => only === undefined || s.name.includes(only))) {
    const perEvent: number[] = [];
    for (let r = 0; r < rounds; r++) {
      const cpu0 = process.cpuUsage();
      const n = stage.run();
      const cpu = process.cpuUsage(cpu0);
      if (r > 0) perEvent.push((cpu.user + cpu.system) / n);
    }
    const m = median(perEvent);
    console.log(`${stage.name.padEnd(32)} ${m.toFixed(2).padStart(7)} µs/event CPU  (rounds ${Math.min(...perEvent).toFixed(2)}–${Math.max(...perEvent).toFixed(2)})  → ${Math.round(1e6 / m).toLocaleString('en-US')} events/s per core`);
  }
  if (drop) {
    drop.channel.postMessage('stop');
    drop.channel.close();
    await drop.worker.terminate();
  }
}

main(process.argv.slice(2)).catch((err: unknown) => {
  console.error(err instanceof CliError ? `parse-micro: ${err.message}` : err);
  process.exit(2);
});
