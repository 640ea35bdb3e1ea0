// Records built during one slice for the MQTT and New Relic destinations, and the batches they become.
// The twin of line-outbox.ts for destinations whose body is NDJSON records (src/messages/record-lines.ts).
import { encodeRecordLines } from '../messages/record-lines.js';
import type { BatchMessage, DataModule } from '../threads/messages.js';
import type { PostBatch } from './line-outbox.js';
import type { RecordRoute } from './routes.js';

/** Collects the records of one data module for one record destination. */
export class RecordOutbox {
  private records: unknown[] = [];

  constructor(
    readonly module: DataModule,
    private readonly route: RecordRoute | undefined,
    private readonly origin: BatchMessage['origin'],
  ) {}

  /** False when the destination or this kind of data is switched off: callers skip building records. */
  get active(): boolean {
    return this.route !== undefined;
  }

  push(record: unknown): void {
    this.records.push(record);
  }

  /** Posts one batch when records are waiting and empties the outbox; counts it per writer index. */
  flush(post: PostBatch, postedPerWriter: number[], serverName = ''): void {
    if (!this.route || this.records.length === 0) return;
    const count = this.records.length;
    const body = encodeRecordLines(this.records);
    this.records = [];
    post(this.route.writer, { t: 'batch', origin: this.origin, dest: this.route.dest, module: this.module, count, body, serverName });
    postedPerWriter[this.route.writer] = (postedPerWriter[this.route.writer] ?? 0) + 1;
  }
}
