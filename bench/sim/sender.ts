// The UDP sender: cycles through pre-generated datagram pools in the source-mix schedule, stamps sequence number
// and time into each template in place, and sends over a few connected sockets per port. Per datagram it costs
// a handful of byte copies and one send call; everything else (templates, schedule) is prepared up front.
//
// Pacing: each tick sends the datagrams that are due by the clock (at most MAX_PER_TICK), then yields to the
// event loop (setImmediate when behind, a 1 ms timer when ahead), so socket errors and IPC are handled while
// sending. Runs are bounded by duration and count.
//
// Node's dgram.send tries the send synchronously first (libuv try_send); a template is reused only after its
// whole pool has been cycled (thousands of sends later), so patching it again cannot race a queued send in
// practice.

import dgram from 'node:dgram';
import { performance } from 'node:perf_hooks';
import { SIM_SOURCES, patchTemplate, type DatagramTemplate, type SimSource } from './datagram-template.js';
import { expectedSent, validatePace, type PaceShape } from './pacing.js';
import { TimestampStamps } from './qlik-time.js';
import { MAX_SEQ } from './sequence-token.js';
import { SendLog } from './send-log.js';

export const MAX_PER_TICK = 1024;
const USER_INDEX = SIM_SOURCES.indexOf('user');

export interface SenderTarget {
  host: string;
  /** Log events (all five sources). */
  logPort: number;
  /** User events. */
  userPort: number;
  /** Connected sockets per port (spreads the kernel's per-socket work). */
  sockets: number;
}

export interface SendPlan extends PaceShape {
  durationMs: number;
  /** Stop after this many datagrams even if the duration has not passed. */
  maxCount: number;
  /** First sequence number of the run. */
  seqStart: number;
}

export interface SendResult {
  sent: number;
  bySource: Record<SimSource, number>;
  /** Errors the sockets reported (e.g. ECONNREFUSED when nobody listens). */
  errors: number;
  firstError: string | null;
  seqStart: number;
  /** One past the last sequence number sent. */
  seqEnd: number;
  startEpochMs: number;
  activeMs: number;
  log: SendLog;
}

interface PortSockets {
  sockets: dgram.Socket[];
  next: number;
}

export class UdpSender {
  private readonly stamps: TimestampStamps;
  private readonly pools: DatagramTemplate[][];
  private readonly cursors: number[];
  private log: PortSockets | null = null;
  private user: PortSockets | null = null;
  private errors = 0;
  private firstError: string | null = null;
  private stopRequested = false;

  constructor(
    pools: Map<SimSource, DatagramTemplate[]>,
    private readonly schedule: Uint8Array,
    utcOffsetMinutes: number,
  ) {
    this.stamps = new TimestampStamps(utcOffsetMinutes);
    this.pools = SIM_SOURCES.map((s) => pools.get(s) ?? []);
    this.cursors = SIM_SOURCES.map(() => 0);
    for (const index of schedule) {
      if (this.pools[index].length === 0) throw new Error(`schedule uses source '${SIM_SOURCES[index]}' but it has no datagram pool`);
    }
  }

  async open(target: SenderTarget): Promise<void> {
    await this.close();
    const count = Math.max(1, Math.min(16, Math.floor(target.sockets)));
    this.log = { sockets: await this.connectAll(target.host, target.logPort, count), next: 0 };
    this.user = { sockets: await this.connectAll(target.host, target.userPort, count), next: 0 };
  }

  async close(): Promise<void> {
    const all = [...(this.log?.sockets ?? []), ...(this.user?.sockets ?? [])];
    this.log = this.user = null;
    await Promise.all(all.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  }

  /** Socket errors since the last `run` started, including ones reported after it finished. */
  get errorCount(): number {
    return this.errors;
  }

  get firstErrorText(): string | null {
    return this.firstError;
  }

  /** Asks a running `run` to finish after the current tick. */
  stop(): void {
    this.stopRequested = true;
  }

  run(plan: SendPlan): Promise<SendResult> {
    validatePace(plan);
    if (this.log === null || this.user === null) return Promise.reject(new Error('UdpSender.run before open()'));
    if (!(plan.seqStart >= 0) || plan.seqStart + plan.maxCount > MAX_SEQ + 1) {
      return Promise.reject(new RangeError(`sequence range ${plan.seqStart}+${plan.maxCount} exceeds ${MAX_SEQ}`));
    }
    this.stopRequested = false;
    this.errors = 0;
    this.firstError = null;
    const bySource = Object.fromEntries(SIM_SOURCES.map((s) => [s, 0])) as Record<SimSource, number>;
    const counts = new Float64Array(SIM_SOURCES.length);
    const log = new SendLog();
    const t0 = performance.now();
    const startEpochMs = performance.timeOrigin + t0;
    let seq = plan.seqStart;
    let slot = 0;
    const unpaced = plan.ratePerSec === 0;

    return new Promise((resolve) => {
      const finish = (): void => {
        SIM_SOURCES.forEach((s, i) => (bySource[s] = counts[i]));
        resolve({
          sent: seq - plan.seqStart, bySource, errors: this.errors, firstError: this.firstError,
          seqStart: plan.seqStart, seqEnd: seq, startEpochMs, activeMs: performance.now() - t0, log,
        });
      };
      const tick = (): void => {
        const now = performance.now();
        const elapsed = now - t0;
        const sent = seq - plan.seqStart;
        if (this.stopRequested || elapsed >= plan.durationMs || sent >= plan.maxCount) return finish();
        const due = unpaced ? sent + MAX_PER_TICK : Math.floor(expectedSent(plan, elapsed));
        const n = Math.min(due - sent, MAX_PER_TICK, plan.maxCount - sent);
        if (n > 0) {
          this.stamps.update(Math.floor(performance.timeOrigin + now));
          log.add(seq, performance.timeOrigin + now);
          for (let i = 0; i < n; i++) {
            const source = this.schedule[slot];
            slot = slot + 1 === this.schedule.length ? 0 : slot + 1;
            this.sendOne(source, seq++);
            counts[source]++;
          }
        }
        if (n === MAX_PER_TICK || unpaced) setImmediate(tick);
        else setTimeout(tick, 1);
      };
      tick();
    });
  }

  private sendOne(source: number, seq: number): void {
    const pool = this.pools[source];
    const cursor = this.cursors[source];
    const template = pool[cursor];
    this.cursors[source] = cursor + 1 === pool.length ? 0 : cursor + 1;
    patchTemplate(template, seq, this.stamps);
    const port = source === USER_INDEX ? (this.user as PortSockets) : (this.log as PortSockets);
    const socket = port.sockets[port.next];
    port.next = port.next + 1 === port.sockets.length ? 0 : port.next + 1;
    socket.send(template.bytes);
  }

  private async connectAll(host: string, port: number, count: number): Promise<dgram.Socket[]> {
    const sockets: dgram.Socket[] = [];
    for (let i = 0; i < count; i++) {
      const socket = dgram.createSocket({ type: 'udp4', sendBufferSize: 4 * 1024 * 1024 });
      socket.on('error', (err) => {
        this.errors++;
        this.firstError ??= `${host}:${port}: ${err.message}`;
      });
      await new Promise<void>((resolve, reject) => {
        socket.once('error', reject);
        socket.connect(port, host, () => {
          socket.off('error', reject);
          resolve();
        });
      });
      sockets.push(socket);
    }
    return sockets;
  }
}
