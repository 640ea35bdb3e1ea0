// The embedded file destination: each batch is one append to the current .lp file; every file starts with
// the header `influx -import` needs. Failures (disk full,
// permissions) name the file, count, and are retried by the delivery layer; nothing else stops.

import type { AppLogger } from '../../log/logger.js';
import { systemClock, type Clock } from '../../clock.js';
import type { Sink, SinkBatch, SinkHealth } from '../sink.js';
import { errorFromException, SinkWriteError } from '../sink-error.js';
import type { FileDestinationConfig } from './options.js';
import { DEFAULT_IMPORT_DATABASE, importHeader } from './import-header.js';
import { RotatingFile } from './rotating-file.js';

export interface FileSinkDeps {
  logger: AppLogger;
  clock?: Clock;
  /** Database named in each file's `influx -import` header (importDatabase(config)). */
  database?: string;
}

export class FileSink implements Sink {
  readonly id = 'file';
  /** The error tracker has no type for this destination: failures are logged and counted in stats. */
  readonly errorType = undefined;
  readonly target: string;
  private readonly file: RotatingFile;
  /** Lanes of different modules write concurrently; appends to one file must not interleave. */
  private tail: Promise<unknown> = Promise.resolve();
  private downReason = 'not started';

  constructor(
    config: FileDestinationConfig,
    private readonly deps: FileSinkDeps,
  ) {
    this.target = config.directory;
    this.file = new RotatingFile({
      directory: config.directory,
      maxFileBytes: config.maxFileBytes,
      maxFiles: config.maxFiles,
      clock: deps.clock ?? systemClock,
      header: importHeader(deps.database ?? DEFAULT_IMPORT_DATABASE),
    });
  }

  async start(): Promise<void> {
    try {
      await this.file.ensureDirectory();
      this.downReason = '';
    } catch (err) {
      const failure = this.describe(err, this.target);
      this.downReason = failure.message;
      this.deps.logger.error({ destination: this.id, err: failure.details }, 'File destination directory is not usable; will retry on the first write.');
    }
  }

  write(batch: SinkBatch): Promise<void> {
    const run = this.tail.then(() => this.append(batch.body));
    this.tail = run.catch(() => undefined);
    return run;
  }

  private async append(body: Uint8Array): Promise<void> {
    try {
      await this.file.append(body);
      this.downReason = '';
    } catch (err) {
      const failure = this.describe(err, this.file.path || this.target);
      this.downReason = failure.message;
      throw failure;
    }
  }

  async stop(): Promise<void> {
    await this.tail;
    await this.file.close();
  }

  health(): SinkHealth {
    return { up: this.downReason === '', reason: this.downReason };
  }

  private describe(err: unknown, path: string): SinkWriteError {
    const base = errorFromException(err);
    const message = `File destination cannot write ${path}: ${base.details.message ?? String(err)}`;
    return new SinkWriteError({ kind: base.kind, details: { ...base.details, message }, cause: err });
  }
}
