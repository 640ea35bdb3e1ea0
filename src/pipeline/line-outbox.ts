// Lines encoded during one slice, per InfluxDB dialect, and the batches they become per destination.
import type { InfluxVersion } from '../points/point.js';
import type { BatchMessage, DataModule } from '../threads/messages.js';
import type { LineRoute } from './routes.js';

export type PostBatch = (writer: number, msg: BatchMessage) => void;

const NEWLINE = 0x0a;
// A slice of 256 events is ~350 KB of line protocol; the scratch buffer grows to fit and is then reused.
const INITIAL_BYTES = 64 * 1024;
// UTF-8 needs at most 3 bytes per UTF-16 code unit.
const MAX_UTF8_PER_UNIT = 3;

/**
 * The body of one dialect's batch, built as lines arrive. Each line is written as UTF-8 straight into a
 * reused scratch buffer, so its string dies young (no slice-long array of ~1.4 KB strings for the GC to
 * copy, no joined string of several hundred KB in large-object space) and no join pass is needed; `take()`
 * copies the bytes into an exact-size buffer, the one that is posted (and cloned) to the writers.
 */
class BodyBuilder {
  private scratch: Buffer = Buffer.allocUnsafeSlow(INITIAL_BYTES);
  private at = 0;
  count = 0;

  push(line: string): void {
    let room = this.scratch.length - this.at;
    // One byte per unit is the common (ASCII) case; only near the end is the exact length worth computing.
    if (room < line.length * MAX_UTF8_PER_UNIT + 1) {
      const need = Buffer.byteLength(line, 'utf8') + 1;
      if (room < need) this.grow(need);
      room = this.scratch.length - this.at;
    }
    this.at += this.scratch.write(line, this.at, room, 'utf8');
    this.scratch[this.at++] = NEWLINE;
    this.count++;
  }

  /** The lines so far, each followed by '\n', as a Uint8Array that owns its ArrayBuffer; then empty. */
  take(): Uint8Array {
    // allocUnsafeSlow: an ArrayBuffer of exactly this size (a structured clone copies the whole buffer), not
    // zero-filled since every byte is overwritten; a plain Uint8Array so receivers see no Buffer methods.
    const exact = Buffer.allocUnsafeSlow(this.at);
    this.scratch.copy(exact, 0, 0, this.at);
    const body = new Uint8Array(exact.buffer, exact.byteOffset, this.at);
    this.at = 0;
    this.count = 0;
    return body;
  }

  private grow(need: number): void {
    const next = Buffer.allocUnsafeSlow(Math.max(this.scratch.length * 2, this.at + need));
    this.scratch.copy(next, 0, 0, this.at);
    this.scratch = next;
  }
}

/** Collects the lines of one data module for every dialect the enabled routes need. */
export class LineOutbox {
  readonly versions: readonly InfluxVersion[];
  private readonly bodies = new Map<InfluxVersion, BodyBuilder>();
  private readonly routes: readonly LineRoute[];

  constructor(
    readonly module: DataModule,
    routes: readonly LineRoute[],
    private readonly origin: BatchMessage['origin'],
  ) {
    this.routes = routes;
    this.versions = [...new Set(routes.map((r) => r.version))];
    for (const v of this.versions) this.bodies.set(v, new BodyBuilder());
  }

  get active(): boolean {
    return this.routes.length > 0;
  }

  push(version: InfluxVersion, line: string): void {
    this.bodies.get(version)!.push(line);
  }

  /** Posts one batch per route and empties the outbox; returns the batches posted per writer index. */
  flush(post: PostBatch, postedPerWriter: number[], serverName = ''): void {
    const taken = new Map<InfluxVersion, { body: Uint8Array; count: number }>();
    for (const [version, builder] of this.bodies) {
      if (builder.count === 0) continue;
      const count = builder.count;
      taken.set(version, { body: builder.take(), count });
    }
    for (const route of this.routes) {
      const encoded = taken.get(route.version);
      if (!encoded) continue;
      post(route.writer, {
        t: 'batch',
        origin: this.origin,
        dest: route.dest,
        module: this.module,
        count: encoded.count,
        body: encoded.body,
        serverName,
      });
      postedPerWriter[route.writer] = (postedPerWriter[route.writer] ?? 0) + 1;
    }
  }
}
