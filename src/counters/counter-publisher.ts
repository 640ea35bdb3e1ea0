// The tracker thread's periodic writers: event counts, rejected qix-perf counts and per-socket ingest
// metrics, each on its own configured interval (Butler SOS coupled them: docs/compatibility.md S18; we
// do not). Counters are per interval and handed to the writers, whose delivery layer retries.
import type { Config } from '../config/schema/index.js';
import { readRingCounters, type RingCounters } from '../ingest/ring-layout.js';
import { LineOutbox, type PostBatch } from '../pipeline/line-outbox.js';
import { moduleEnabled, type LineRoute } from '../pipeline/routes.js';
import type { ParseStatsMessage } from '../threads/messages.js';
import { EventCountTable, RejectedCountTable } from './event-count-table.js';
import { IngestStats } from './ingest-stats.js';
import { ingestSample } from './ingest-snapshot.js';
import type { IngestMetricsSnapshot } from '../points/index.js';
import { createCounterEncoders, type CounterEncoders } from './counter-encoders.js';

type Socket = 'log' | 'user';

export interface CounterPublisherDeps {
  config: Config;
  routes: readonly LineRoute[];
  writerCount: number;
  rings: Record<number, { sab: SharedArrayBuffer; socket: Socket }>;
  hostname: string;
  post: PostBatch;
  now?: () => number;
}

/** Running totals since start, for the status API, tests and the bench. */
export interface CounterTotals {
  parse: Record<Socket, Omit<ParseStatsMessage, 't' | 'socket' | 'eventCounts' | 'rejectedCounts' | 'sliceTimeUs'>>;
  eventCountRowsWritten: number;
  rejectedRowsWritten: number;
  queuePointsWritten: number;
}

function zeroParse() {
  return { datagrams: 0, processed: 0, failed: 0, unrecognised: 0, droppedByRule: 0, excluded: 0, rejected: 0 };
}

export class CounterPublisher {
  private readonly events = new EventCountTable();
  private readonly rejected = new RejectedCountTable();
  private readonly ingest: Record<Socket, IngestStats> = { log: new IngestStats(), user: new IngestStats() };
  private readonly sabs = new Map<Socket, SharedArrayBuffer>();
  private readonly prev = new Map<Socket, RingCounters>();
  private readonly encoders: CounterEncoders;
  private readonly outboxes: Record<'EVENT_COUNTS' | 'REJECTED_EVENT_COUNTS' | 'QUEUE_METRICS', LineOutbox>;
  private readonly now: () => number;
  readonly totals: CounterTotals = {
    parse: { log: zeroParse(), user: zeroParse() },
    eventCountRowsWritten: 0,
    rejectedRowsWritten: 0,
    queuePointsWritten: 0,
  };

  constructor(private readonly deps: CounterPublisherDeps) {
    const { config, routes } = deps;
    this.now = deps.now ?? (() => Date.now() * 1000);
    const box = (m: 'EVENT_COUNTS' | 'REJECTED_EVENT_COUNTS' | 'QUEUE_METRICS') =>
      new LineOutbox(m, moduleEnabled(config, m) ? routes : [], 'tracker');
    this.outboxes = { EVENT_COUNTS: box('EVENT_COUNTS'), REJECTED_EVENT_COUNTS: box('REJECTED_EVENT_COUNTS'), QUEUE_METRICS: box('QUEUE_METRICS') };
    this.encoders = createCounterEncoders(config, [...new Set(routes.map((r) => r.version))]);
    for (const { sab, socket } of Object.values(deps.rings)) {
      this.sabs.set(socket, sab);
      this.prev.set(socket, readRingCounters(sab));
    }
  }

  addParseStats(msg: ParseStatsMessage): void {
    this.ingest[msg.socket].add(msg);
    const t = this.totals.parse[msg.socket];
    t.datagrams += msg.datagrams;
    t.processed += msg.processed;
    t.failed += msg.failed;
    t.unrecognised += msg.unrecognised;
    t.droppedByRule += msg.droppedByRule;
    t.excluded += msg.excluded;
    t.rejected += msg.rejected;
    this.events.add(msg.eventCounts);
    this.rejected.add(msg.rejectedCounts);
  }

  /** Writes the event counts of the interval (and starts a new one). Returns batches posted per writer. */
  publishEventCounts(posted = this.zero()): number[] {
    const box = this.outboxes.EVENT_COUNTS;
    const rows = this.events.take();
    if (!box.active || rows.length === 0) return posted;
    const timeUs = this.now();
    for (const [v, encode] of this.encoders.eventCount) for (const row of rows) box.push(v, encode(row, timeUs));
    this.totals.eventCountRowsWritten += rows.length;
    box.flush(this.deps.post, posted);
    return posted;
  }

  publishRejectedCounts(posted = this.zero()): number[] {
    const box = this.outboxes.REJECTED_EVENT_COUNTS;
    const rows = this.rejected.take();
    if (!box.active || rows.length === 0) return posted;
    const timeUs = this.now();
    for (const [v, encode] of this.encoders.rejectedCount) for (const row of rows) box.push(v, encode(row, timeUs));
    this.totals.rejectedRowsWritten += rows.length;
    box.flush(this.deps.post, posted);
    return posted;
  }

  /** Parse time per datagram of one socket since its last ingest sample (the /metrics gauge). */
  processingTime(socket: Socket): { avgMs: number; p95Ms: number; maxMs: number } {
    return this.ingest[socket].processingTime();
  }

  /** Samples one socket's ingest metrics and writes them when that socket's queue metrics are on. */
  publishIngest(socket: Socket, posted = this.zero()): number[] {
    const sample = this.sample(socket);
    const queueMetrics = (socket === 'log' ? this.deps.config.logEvents : this.deps.config.userEvents).udpServerConfig.queueMetrics.influxdb;
    const box = this.outboxes.QUEUE_METRICS;
    if (!sample || !box.active || queueMetrics.enable !== true) return posted;
    const timeUs = this.now();
    for (const [v, encode] of this.encoders.ingest) box.push(v, encode(sample, timeUs));
    this.totals.queuePointsWritten++;
    box.flush(this.deps.post, posted);
    return posted;
  }

  /** Everything pending, now (shutdown). */
  publishAll(): number[] {
    const posted = this.zero();
    this.publishEventCounts(posted);
    this.publishRejectedCounts(posted);
    this.publishIngest('log', posted);
    this.publishIngest('user', posted);
    return posted;
  }

  private sample(socket: Socket): IngestMetricsSnapshot | null {
    const sab = this.sabs.get(socket);
    if (!sab) return null;
    const now = readRingCounters(sab);
    const udp = (socket === 'log' ? this.deps.config.logEvents : this.deps.config.userEvents).udpServerConfig;
    const ctx = { socket, hostname: this.deps.hostname, backpressureThresholdPct: udp.messageQueue.backpressureThreshold };
    const sample = ingestSample(ctx, now, this.prev.get(socket)!, this.ingest[socket]);
    this.prev.set(socket, now);
    this.ingest[socket].reset();
    return sample;
  }

  private zero(): number[] {
    return new Array<number>(this.deps.writerCount).fill(0);
  }
}
