// The parse side's input for the parse-side tools (parse-micro.ts, parse-round.ts): the simulator's datagrams in
// the bench mix, the bench collector configuration, and real rings they are written into in slices.
import { stringify } from 'yaml';
import { loadConfigText } from '../src/config/load.js';
import type { Config } from '../src/config/schema/index.js';
import type { RingWriter } from '../src/ingest/ring-writer.js';
import type { InfluxVersion } from '../src/points/point.js';
import type { SocketName } from '../src/pipeline/parse/slice-parser.js';
import { benchCollectorConfig } from './collector-config.js';
import { createCluster } from './sim/cluster.js';
import { buildDatagramPools } from './sim/datagram-pool.js';
import { renderTemplate, type DatagramTemplate, type SimSource } from './sim/datagram-template.js';
import { buildSchedule, DEFAULT_MIX } from './sim/source-mix.js';

const SOURCES: readonly SimSource[] = ['engine', 'proxy', 'repository', 'scheduler', 'qix-perf', 'user'];

export interface Datagram {
  socket: SocketName;
  bytes: Buffer;
}

/** `count` datagrams in the bench's default mix, each with its own sequence number. */
export function datagrams(count: number): Datagram[] {
  const cluster = createCluster({ nodes: 4, seed: '1' });
  const pools = buildDatagramPools(cluster, { runId: 1, size: 4096 });
  const schedule = buildSchedule(DEFAULT_MIX);
  const cursors = new Map<SimSource, number>();
  const out: Datagram[] = [];
  const now = Date.now();
  for (let i = 0; i < count; i++) {
    const source = SOURCES[schedule[i % schedule.length]];
    const pool = pools.get(source) as DatagramTemplate[];
    const at = cursors.get(source) ?? 0;
    cursors.set(source, at + 1);
    const text = renderTemplate(pool[at % pool.length], i, now, cluster.utcOffsetMinutes);
    out.push({ socket: source === 'user' ? 'user' : 'log', bytes: Buffer.from(text, 'utf8') });
  }
  return out;
}

export function benchConfig(version: InfluxVersion): Config {
  const raw = benchCollectorConfig({
    logPort: 9996, userPort: 9997, influxHost: '127.0.0.1', influxPort: 8086, dbName: 'bench',
    parseWorkers: 1, writerWorkers: 1, udpReceiveBufferBytes: 0,
  });
  (raw.influxdbConfig as Record<string, unknown>).version = version;
  if (version !== 1) Object.assign(raw.influxdbConfig as object, { v2Config: { org: 'o', bucket: 'b', token: 't' }, v3Config: { database: 'd', token: 't' } });
  return loadConfigText(stringify({ 'Butler-SOS': raw }), 'parse-micro', {}, { skipVerification: true }).config;
}

export interface Rings {
  log: RingWriter;
  user: RingWriter;
}

/** Writes the datagrams into the rings in slices of `slice` per socket and calls `fn` per closed slice. */
export function sliced(rings: Rings, all: readonly Datagram[], slice: number, fn: (socket: SocketName, ring: RingWriter, start: number, end: number, count: number) => void): void {
  for (const socket of ['log', 'user'] as const) {
    const ring = rings[socket];
    for (const d of all) {
      if (d.socket !== socket) continue;
      if (!ring.write(d.bytes, 0x7f000001, 50000)) throw new Error('ring full: release slices');
      if (ring.openCount >= slice) flush(ring, socket, fn);
    }
    flush(ring, socket, fn);
  }
}

function flush(ring: RingWriter, socket: SocketName, fn: (socket: SocketName, ring: RingWriter, start: number, end: number, count: number) => void): void {
  const s = ring.closeSlice();
  if (s === null) return;
  fn(socket, ring, s.start, s.end, s.count);
  ring.release(s);
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}
