// Retention by scheduled DELETE (docs/postgresql.md#retention): every retentionIntervalMs, rows whose `time` is
// older than retentionDays are deleted, table by table, in chunks so no single statement holds locks or grows
// the WAL for long. The time index makes each chunk an index range scan. Partitions would drop whole days at
// once, but need one partition per day created ahead; plain tables with a daily-sized delete are simpler to
// run, back up and query, at Butler SOS volumes (thousands of rows a minute).
import type { Pool } from 'pg';
import type { AppLogger } from '../../log/logger.js';
import type { Clock, TimerHandle } from '../../clock.js';
import { qualified } from './copy-text.js';
import { TABLE_NAMES, type TableName } from './tables.js';

export interface RetentionDeps {
  pool: Pool;
  logger: AppLogger;
  clock: Clock;
  schema: string;
  days: number;
  intervalMs: number;
  chunkRows: number;
  maxRounds: number;
}

export class RetentionJob {
  private timer: TimerHandle | undefined;
  private running: Promise<Partial<Record<TableName, number>>> | undefined;
  private stopped = false;

  constructor(private readonly deps: RetentionDeps) {}

  /** Runs now (in the background) and then every intervalMs. No-op for retentionDays 0. */
  start(): void {
    if (this.deps.days <= 0 || this.stopped || this.timer !== undefined) return;
    void this.run().catch(() => undefined);
    this.schedule();
  }

  private schedule(): void {
    this.timer = this.deps.clock.setTimer(() => {
      this.timer = undefined;
      if (this.stopped) return;
      void this.run().catch(() => undefined);
      this.schedule();
    }, this.deps.intervalMs);
  }

  /** One pass over every table; resolves with the rows deleted per table. One pass at a time. */
  run(): Promise<Partial<Record<TableName, number>>> {
    this.running ??= this.pass().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** A fresh pass after the one in progress (if any): sees every row committed before the call. */
  async runNow(): Promise<Partial<Record<TableName, number>>> {
    while (this.running) await this.running.catch(() => undefined);
    return this.run();
  }

  private async pass(): Promise<Partial<Record<TableName, number>>> {
    const deleted: Partial<Record<TableName, number>> = {};
    try {
      for (const table of TABLE_NAMES) {
        const n = await this.clean(table);
        if (n > 0) deleted[table] = n;
      }
      if (Object.keys(deleted).length > 0) this.deps.logger.info({ deleted, retentionDays: this.deps.days }, 'PostgreSQL retention: deleted rows older than retentionDays.');
    } catch (err) {
      this.deps.logger.warn({ err: (err as Error).message }, 'PostgreSQL retention run failed; next run as scheduled.');
      throw err;
    }
    return deleted;
  }

  private async clean(table: TableName): Promise<number> {
    const t = qualified(this.deps.schema, table);
    const sql = `DELETE FROM ${t} WHERE id IN (SELECT id FROM ${t} WHERE time < now() - make_interval(days => $1) LIMIT $2)`;
    let total = 0;
    for (let round = 0; round < this.deps.maxRounds && !this.stopped; round++) {
      const result = await this.deps.pool.query(sql, [this.deps.days, this.deps.chunkRows]);
      total += result.rowCount ?? 0;
      if ((result.rowCount ?? 0) < this.deps.chunkRows) break;
    }
    return total;
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== undefined) this.deps.clock.clearTimer(this.timer);
    this.timer = undefined;
  }
}
