// The one way data leaves a producer: every producer (parse workers, the tracker's counters, uptime monitor
// and error tracker, the pollers) publishes typed data here. The publisher runs each destination's encoder,
// collects the records per kind, and on flush posts one batch per destination to its writer, counting the
// batches per writer (the writer ledger and the shutdown drain need them). Producers never ask which
// destinations are on: `takes(kind)` only lets them skip building data nobody wants.
import type { BatchMessage, BatchOrigin } from '../threads/messages.js';
import { BodyBuilder } from './body-builder.js';
import type { PublishLane, PublishTable } from './publish-table.js';
import type { DataKind, PublishedData } from './published-data.js';

export type PostBatch = (writer: number, msg: BatchMessage) => void;

interface OpenLane extends PublishLane {
  body: BodyBuilder;
  push: (record: string) => void;
}

export interface FlushResult {
  /** Batches posted per writer index by this flush. */
  posted: number[];
  batches: number;
  records: number;
}

export class Publisher {
  private readonly lanes = new Map<DataKind, OpenLane[]>();
  private open: OpenLane[] = [];

  constructor(
    table: PublishTable,
    private readonly origin: BatchOrigin,
    private readonly post: PostBatch,
    readonly writerCount: number,
  ) {
    this.openLanes(table);
  }

  /**
   * A configuration reload changed the destinations or what goes to them: what is pending was encoded for the
   * old ones and is posted to them now (a destination leaving keeps taking batches until every producer
   * switched); everything published from here on follows the new table. Returns the flush of what was pending.
   */
  reroute(table: PublishTable): FlushResult {
    const pending = this.flush();
    this.lanes.clear();
    this.open = [];
    this.openLanes(table);
    return pending;
  }

  private openLanes(table: PublishTable): void {
    for (const [kind, lanes] of table) {
      const opened = lanes.map((lane) => {
        const body = new BodyBuilder();
        return { ...lane, body, push: (record: string) => body.push(record) };
      });
      this.lanes.set(kind, opened);
      this.open.push(...opened);
    }
  }

  /** Whether any enabled destination takes this kind of data with the running config. */
  takes(kind: DataKind): boolean {
    return this.lanes.has(kind);
  }

  /** Encodes one datum for every destination that takes its kind; posted at the next flush. */
  publish<K extends DataKind>(kind: K, datum: PublishedData[K]): void {
    const lanes = this.lanes.get(kind);
    if (!lanes) return;
    for (let i = 0; i < lanes.length; i++) lanes[i].encode(datum as PublishedData[DataKind], lanes[i].push);
  }

  /** Posts every pending body, one batch per destination, and empties them. */
  flush(serverName = '', posted: number[] = new Array<number>(Math.max(1, this.writerCount)).fill(0)): FlushResult {
    let batches = 0;
    let records = 0;
    for (const lane of this.open) {
      const count = lane.body.count;
      if (count === 0) continue;
      const body = lane.body.take();
      records += count;
      for (const target of lane.targets) {
        // Every destination of this encoding gets the same body: it is shared memory that no one writes to.
        this.post(target.writer, { t: 'batch', origin: this.origin, dest: target.dest, module: lane.kind, count, body, serverName });
        posted[target.writer] = (posted[target.writer] ?? 0) + 1;
        batches++;
      }
    }
    return { posted, batches, records };
  }
}
