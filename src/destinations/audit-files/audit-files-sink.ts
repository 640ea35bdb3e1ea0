import { mkdirSync, readdirSync, writeFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import type { ErrorType } from '../../threads/messages.js';
import type { Sink, SinkBatch, SinkHealth } from '../sink.js';
import { errorFromException, SinkWriteError } from '../sink-error.js';
import type { FileRecord } from './file-row.js';
import { writeParquetPart } from './parquet-file.js';

// Writes one batch of audit records: each event's objectData as its own JSON file (json.objectdata), then the
// rows as Parquet part files per UTC day. JSON files are named by event, so a retried batch rewrites the same
// files; the Parquet part comes last, so a batch whose JSON failed is retried without a duplicate part.

export interface AuditFilesOptions {
  parquetDirectory: string | null;
  jsonDirectory: string | null;
  createdBy: string;
}

const PART = /^(\d{8})_part(\d+)\.parquet$/;

export class AuditFilesSink implements Sink {
  readonly id = 'audit-files';
  readonly errorType = 'AUDIT_FILE_WRITE' as ErrorType;
  readonly target: string;
  private readonly nextPart = new Map<string, number>();
  private down = 'not started';

  constructor(private readonly options: AuditFilesOptions) {
    this.target = [options.parquetDirectory, options.jsonDirectory].filter(Boolean).join(', ');
  }

  async start(): Promise<void> {
    try {
      for (const dir of [this.options.parquetDirectory, this.options.jsonDirectory]) if (dir) mkdirSync(dir, { recursive: true });
      if (this.options.parquetDirectory) {
        for (const name of readdirSync(this.options.parquetDirectory)) {
          const m = PART.exec(name);
          if (m) this.nextPart.set(m[1], Math.max(this.nextPart.get(m[1]) ?? 1, Number(m[2]) + 1));
        }
      }
      this.down = '';
    } catch (err) {
      this.down = (err as Error).message;
    }
  }

  async write(batch: SinkBatch): Promise<void> {
    const rows: FileRecord[] = [];
    const lines = Buffer.from(batch.body).toString('utf8').split('\n');
    let bad = 0;
    for (const line of lines) {
      if (line === '') continue;
      try {
        rows.push(JSON.parse(line) as FileRecord);
      } catch {
        bad++;
      }
    }
    try {
      if (this.options.jsonDirectory) this.writeJson(this.options.jsonDirectory, rows);
      if (this.options.parquetDirectory) this.writeParquet(this.options.parquetDirectory, rows);
      this.down = '';
    } catch (err) {
      const failure = errorFromException(err);
      this.down = failure.details.message ?? failure.kind;
      throw failure;
    }
    if (bad > 0) throw new SinkWriteError({ kind: 'rejected', rejectedLines: bad, details: { message: `${bad} audit records were not JSON` } });
  }

  async stop(): Promise<void> {}

  health(): SinkHealth {
    return { up: this.down === '', reason: this.down };
  }

  private writeJson(dir: string, rows: readonly FileRecord[]): void {
    for (const r of rows) {
      if (r.objectData === null) continue;
      const ts = new Date(r.timestamp ?? 0).toISOString().replace(/[:.]/g, '-');
      const name = `${ts}_${r.eventId}_${safe(r.correlationId ?? 'none')}.json`;
      const file = join(dir, name);
      writeFileSync(`${file}.tmp`, r.objectData);
      renameSync(`${file}.tmp`, file);
    }
  }

  private writeParquet(dir: string, rows: readonly FileRecord[]): void {
    const byDate = new Map<string, FileRecord[]>();
    for (const r of rows) {
      const list = byDate.get(r.date);
      if (list) list.push(r);
      else byDate.set(r.date, [r]);
    }
    for (const [date, list] of byDate) {
      const part = this.nextPart.get(date) ?? 1;
      writeParquetPart(dir, date, part, list, this.options.createdBy);
      this.nextPart.set(date, part + 1);
    }
  }
}

/** A correlation id is client text: keep it to characters every file system takes. */
function safe(s: string): string {
  return s.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 64);
}
