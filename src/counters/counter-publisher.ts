// The tracker thread's periodic writers: event counts, rejected qix-perf counts and per-socket ingest
// metrics, each on its own configured interval (Butler SOS coupled them: docs/compatibility.md S18; we
// do not). Counters are per interval and handed to the writers, whose delivery layer retries.
import type { Config } from '../config/schema/index.js';
import { readRingCounters, type RingCounters } from '../ingest/ring-layout.js';
import type { Publisher } from '../publish/publisher.js';
import type { ParseStatsMessage } from '../threads/messages.js';
import { EventCountTable, RejectedCountTable } from './event-count-table.js';
import { IngestStats } from './ingest-stats.js';
import { ingestSample } from './ingest-snapshot.js';
import type { IngestMetricsSnapshot, QueueSnapshot } from '../points/index.js';

type Socket = 'log' | 'user';

export interface CounterPublisherDeps {
  config: Config;
  publisher: Publisher;
  rings: Record<number, { sab: SharedArrayBuffer; socket: Socket }>;
  hostname: string;
  now?: () => number;
}

/** Running totals since start, for the status API, tests and the bench. */
export interface CounterTotals {
  parse: Record<Socket, Omit<ParseStatsMessage, 't' | 'socket' | 'eventCounts' | 'rejectedCounts' | 'sliceTimeUs'>>;
  eventCountRowsWritten: number;
  rejectedRowsWritten: number;
  queuePointsWritten: number;
  auditQueuePointsWritten: number;
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
  private readonly now: () => number;
  readonly totals: CounterTotals = {
    parse: { log: zeroParse(), user: zeroParse() },
    eventCountRowsWritten: 0,
    rejectedRowsWritten: 0,
    queuePointsWritten: 0,
    auditQueuePointsWritten: 0,
  };

  constructor(private readonly deps: CounterPublisherDeps) {
    this.now = deps.now ?? (() => Date.now() * 1000);
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
    const rows = this.events.take();
    const publisher = this.deps.publisher;
    if (!publisher.takes('EVENT_COUNTS') || rows.length === 0) return posted;
    const timeUs = this.now();
    for (const row of rows) publisher.publish('EVENT_COUNTS', { row, timeUs });
    this.totals.eventCountRowsWritten += rows.length;
    return publisher.flush('', posted).posted;
  }

  publishRejectedCounts(posted = this.zero()): number[] {
    const rows = this.rejected.take();
    const publisher = this.deps.publisher;
    if (!publisher.takes('REJECTED_EVENT_COUNTS') || rows.length === 0) return posted;
    const timeUs = this.now();
    for (const row of rows) publisher.publish('REJECTED_EVENT_COUNTS', { row, timeUs });
    this.totals.rejectedRowsWritten += rows.length;
    return publisher.flush('', posted).posted;
  }

  /** Parse time per datagram of one socket since its last ingest sample (the /metrics gauge). */
  processingTime(socket: Socket): { avgMs: number; p95Ms: number; maxMs: number } {
    return this.ingest[socket].processingTime();
  }

  /** Samples one socket's ingest metrics and writes them when that socket's queue metrics are on. */
  publishIngest(socket: Socket, posted = this.zero()): number[] {
    const sample = this.sample(socket);
    const publisher = this.deps.publisher;
    if (!sample || !publisher.takes('QUEUE_METRICS')) return posted;
    publisher.publish('QUEUE_METRICS', { sample, timeUs: this.now() });
    this.totals.queuePointsWritten++;
    return publisher.flush('', posted).posted;
  }

  /**
   * One interval of the audit API's queue, sampled on the http thread that owns it: written as a queue point
   * like the sockets' (audit_events_queue), stamped with this host and the time it arrived.
   */
  publishAuditQueue(queue: QueueSnapshot, posted = this.zero()): number[] {
    const publisher = this.deps.publisher;
    if (!publisher.takes('QUEUE_METRICS')) return posted;
    publisher.publish('QUEUE_METRICS', { sample: { ...queue, socket: 'audit', hostname: this.deps.hostname }, timeUs: this.now() });
    this.totals.auditQueuePointsWritten++;
    return publisher.flush('', posted).posted;
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
    return new Array<number>(Math.max(1, this.deps.publisher.writerCount)).fill(0);
  }
}
