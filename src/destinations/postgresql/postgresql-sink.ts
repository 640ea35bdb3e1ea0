// The PostgreSQL destination's sink: the migration at start (retried in the background while the server is
// down, never blocking start), then one transaction per batch with a COPY per table. A row the server
// refuses for good (bad value, constraint) is taken out and the rest written again, in bounded rounds; the
// refused rows are reported as rejected. Queueing, retry and the spool belong to the delivery layer.
import pg from 'pg';
import type { AppLogger } from '../../log/logger.js';
import { decodeRecordLines } from '../record-lines.js';
import type { DataModule, ErrorModule, ErrorType } from '../../threads/messages.js';
import { systemClock, type Clock } from '../../clock.js';
import { ProvisionLoop } from '../provision-loop.js';
import type { Sink, SinkBatch, SinkErrorContext, SinkHealth } from '../sink.js';
import { SinkWriteError } from '../sink-error.js';
import { classify, MISSING_OBJECT_CODES } from './classify.js';
import { copyBatch, RefusedRow, type RowGroup } from './copy-batch.js';
import { migrate } from './migration.js';
import { DEFAULT_POSTGRESQL_TIMING, poolConfig, targetOf, type PostgresqlTiming } from './options.js';
import { RetentionJob } from './retention.js';
import type { PostgresqlConfig } from './section.js';
import { isTableName, type TableName } from './tables.js';

export const POSTGRESQL_ERROR_TYPE: ErrorType = 'POSTGRESQL_WRITE';

export interface PostgresqlSinkDeps {
  logger: AppLogger;
  clock?: Clock;
  timing?: Partial<PostgresqlTiming>;
}

/** Rounds of "take out the refused row, write the rest again" per write; beyond, the rest is refused too. */
const MAX_REFUSED_ROUNDS = 20;

interface RowRecordShape {
  t: TableName;
  time: unknown;
}

const isRow = (v: unknown): v is RowRecordShape & Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && isTableName((v as { t?: unknown }).t) && typeof (v as { time?: unknown }).time === 'string';

export class PostgresqlSink implements Sink {
  readonly id = 'postgresql';
  readonly errorType: ErrorType = POSTGRESQL_ERROR_TYPE;
  readonly target: string;
  private readonly pool: pg.Pool;
  private readonly provision: ProvisionLoop;
  private readonly retention: RetentionJob;
  private readonly timing: PostgresqlTiming;
  private readonly logger: AppLogger;
  private downReason = '';
  private stopped = false;
  /** A write found a table or the schema missing (dropped by hand, database restored): migrate again first. */
  private remigrate = false;

  constructor(private readonly config: PostgresqlConfig, deps: PostgresqlSinkDeps) {
    this.timing = { ...DEFAULT_POSTGRESQL_TIMING, ...deps.timing };
    this.logger = deps.logger;
    this.target = targetOf(config);
    const clock = deps.clock ?? systemClock;
    this.pool = new pg.Pool(poolConfig(config, this.timing));
    // An idle pooled connection the server closes (restart, pg_terminate_backend) emits 'error'; unhandled, it
    // would end the thread. The pool drops that client; the next write opens a new one.
    this.pool.on('error', (err) => this.logger.debug({ target: this.target, err: err.message }, 'PostgreSQL idle connection closed.'));
    this.pool.on('connect', (client) => client.on('error', () => undefined));
    this.provision = new ProvisionLoop(() => this.migrate(), { logger: deps.logger, clock, retry: this.timing.provisionRetry, target: this.target, backend: 'PostgreSQL' });
    this.retention = new RetentionJob({
      pool: this.pool,
      logger: deps.logger,
      clock,
      schema: config.schema,
      days: config.retentionDays,
      intervalMs: this.timing.retentionIntervalMs,
      chunkRows: this.timing.retentionChunkRows,
      maxRounds: this.timing.retentionMaxRounds,
    });
  }

  /** One retention pass now, after any in progress (tests); resolves with the rows deleted per table. */
  runRetention(): Promise<Partial<Record<TableName, number>>> {
    return this.retention.runNow();
  }

  start(): Promise<void> {
    return this.provision.start();
  }

  private async migrate(): Promise<void> {
    try {
      const client = await this.pool.connect();
      try {
        const result = await migrate(client, this.config.schema);
        if (result.from < result.to) this.logger.info({ target: this.target, schema: this.config.schema, from: result.from, to: result.to }, 'PostgreSQL tables created or migrated.');
        if (result.newer) this.logger.warn({ target: this.target, version: result.from }, 'PostgreSQL schema was migrated by a newer Butler SOS; writing the columns this version knows.');
        client.release();
      } catch (err) {
        client.release(err as Error);
        throw err;
      }
    } catch (err) {
      const failure = classify(err, this.target);
      this.downReason = failure.details.message ?? 'migration failed';
      throw failure;
    }
    this.downReason = '';
    if (!this.stopped) this.retention.start();
  }

  async write(batch: SinkBatch): Promise<void> {
    await this.provision.ensure();
    if (this.remigrate) {
      await this.migrate();
      this.remigrate = false;
    }
    const decoded = decodeRecordLines(batch.body, isRow);
    const refused = decoded.bad.map((line) => `not a PostgreSQL row record: ${line}`);
    const groups = groupRows(decoded.records);
    for (let round = 0; groups.some((g) => g.rows.length > 0); round++) {
      if (round >= MAX_REFUSED_ROUNDS) {
        const rest = groups.reduce((n, g) => n + g.rows.length, 0);
        const lines = refused.length + rest;
        refused.push(`${rest} more row(s) not written: more than ${MAX_REFUSED_ROUNDS} refused rows in one batch`);
        return this.reject(refused, lines);
      }
      try {
        await this.transaction(groups);
        break;
      } catch (err) {
        if (!(err instanceof RefusedRow)) throw this.failed(err);
        const group = groups[err.group];
        const row = group.rows.splice(err.row, 1)[0];
        const lineNo = group.lineNos.splice(err.row, 1)[0];
        const message = classify(err.cause, this.target).details.message;
        refused.push(`${group.table} record ${lineNo + 1} of the batch: ${message}: ${JSON.stringify(row).slice(0, 300)}`);
      }
    }
    this.downReason = '';
    if (refused.length > 0) this.reject(refused, refused.length);
  }

  private reject(offending: string[], lines: number): never {
    throw new SinkWriteError({
      kind: 'rejected',
      rejectedLines: lines,
      offending,
      details: { message: `PostgreSQL ${this.target}: ${lines} row(s) of a batch refused for good (bad value or record)` },
    });
  }

  private failed(err: unknown): SinkWriteError {
    const failure = classify(err, this.target, this.config.writeTimeoutMs);
    if (failure.details.code !== undefined && MISSING_OBJECT_CODES.has(failure.details.code)) this.remigrate = true;
    this.downReason = failure.details.message ?? 'write failed';
    return failure;
  }

  /** One transaction on one pooled connection, bounded by writeTimeoutMs; a timed-out connection is closed. */
  private async transaction(groups: readonly RowGroup[]): Promise<void> {
    const timeoutMs = this.config.writeTimeoutMs;
    const started = Date.now();
    // Bounded by the pool's connectionTimeoutMillis (= writeTimeoutMs); the rest of the budget is the transaction's.
    const client = await this.pool.connect();
    let timer: NodeJS.Timeout | undefined;
    const work = copyBatch(client, this.config.schema, groups);
    const timeout = new Promise<never>((_, reject) => {
      const left = Math.max(1, timeoutMs - (Date.now() - started));
      timer = setTimeout(() => reject(Object.assign(new Error(`write timeout after ${timeoutMs} ms`), { code: 'ETIMEDOUT' })), left);
    });
    try {
      await Promise.race([work, timeout]);
      client.release();
    } catch (err) {
      // The connection's state is unknown after a timeout or a lost connection: close it, never reuse it.
      // Closing aborts the open transaction on the server, so nothing of this attempt is committed.
      work.catch(() => undefined);
      client.release(err instanceof RefusedRow ? undefined : (err as Error));
      throw err;
    } finally {
      clearTimeout(timer);
    }
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.provision.stop();
    this.retention.stop();
    await this.pool.end().catch(() => undefined);
  }

  health(): SinkHealth {
    if (!this.provision.provisioned) return { up: false, reason: this.downReason || this.provision.pendingReason };
    return { up: this.downReason === '', reason: this.downReason };
  }

  errorContext(module: DataModule): SinkErrorContext {
    return { module: module as ErrorModule, host: this.config.host };
  }
}

/** Rows grouped by table in order of first appearance; order within a table is batch order. */
export function groupRows(records: ReadonlyArray<RowRecordShape & Record<string, unknown>>): RowGroup[] {
  const byTable = new Map<TableName, RowGroup>();
  records.forEach((record, i) => {
    let group = byTable.get(record.t);
    if (!group) byTable.set(record.t, (group = { table: record.t, rows: [], lineNos: [] }));
    group.rows.push(record);
    group.lineNos.push(i);
  });
  return [...byTable.values()];
}
