// Lines encoded during one slice, per InfluxDB dialect, and the batches they become per destination.
import type { InfluxVersion } from '../points/point.js';
import type { BatchMessage, DataModule } from '../threads/messages.js';
import type { LineRoute } from './routes.js';

const encoder = new TextEncoder();

export type PostBatch = (writer: number, msg: BatchMessage) => void;

/** Collects the lines of one data module for every dialect the enabled routes need. */
export class LineOutbox {
  readonly versions: readonly InfluxVersion[];
  private readonly lines = new Map<InfluxVersion, string[]>();
  private readonly routes: readonly LineRoute[];

  constructor(
    readonly module: DataModule,
    routes: readonly LineRoute[],
    private readonly origin: BatchMessage['origin'],
  ) {
    this.routes = routes;
    this.versions = [...new Set(routes.map((r) => r.version))];
    for (const v of this.versions) this.lines.set(v, []);
  }

  get active(): boolean {
    return this.routes.length > 0;
  }

  push(version: InfluxVersion, line: string): void {
    this.lines.get(version)!.push(line);
  }

  /** Posts one batch per route and empties the outbox; returns the batches posted per writer index. */
  flush(post: PostBatch, postedPerWriter: number[], serverName = ''): void {
    const bodies = new Map<InfluxVersion, { body: Uint8Array; count: number }>();
    for (const [version, lines] of this.lines) {
      if (lines.length === 0) continue;
      bodies.set(version, { body: encoder.encode(lines.join('\n') + '\n'), count: lines.length });
      lines.length = 0;
    }
    for (const route of this.routes) {
      const encoded = bodies.get(route.version);
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
