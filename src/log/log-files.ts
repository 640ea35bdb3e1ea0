// `fileLogging` / `logDirectory`: log files as Butler SOS writes them — one file per day, the last 30 kept,
// the console's lines at the console's level — through pino-roll, pino's own rolling-file transport, which
// runs in a thread of its own (pino.transport) so file writes never block the UDP thread.
//
// Only the main thread owns the files: two writers rotating and pruning one directory would race. The
// other threads forward their lines over the instance's `logs` channel (src/log/thread-logger.ts).
import { accessSync, constants, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pino } from 'pino';
import { LIGHT_THREAD_YOUNG_GENERATION_MB } from '../threads/v8-tuning.js';
import { channelNames, openChannel } from '../threads/channels.js';
import { fileLine } from './file-line.js';
import type { LineSink } from './logger.js';

export const LOG_FILE_BASE = 'butler-sos';
/** Butler SOS keeps 30 days of files (winston-daily-rotate-file `maxFiles: '30d'`). */
export const LOG_FILES_KEPT = 30;

export interface LogFileSettings {
  fileLogging: boolean;
  logDirectory: string;
}

/** `logDirectory` is relative to the working directory (as Butler SOS run with Node); absolute paths work. */
export function logDirectoryPath(config: Pick<LogFileSettings, 'logDirectory'>, cwd = process.cwd()): string {
  return resolve(cwd, config.logDirectory);
}

/**
 * pino-roll options: `butler-sos.<yyyy-MM-dd>.<n>.log` (local date, as Butler SOS), a new file at local
 * midnight, a restart on the same day appends to that day's file, and at each roll only the newest
 * LOG_FILES_KEPT files matching the pattern stay (files of earlier runs included).
 */
export function logFileRollOptions(directory: string): Record<string, unknown> {
  return {
    file: join(directory, LOG_FILE_BASE),
    extension: 'log',
    dateFormat: 'yyyy-MM-dd',
    frequency: 'daily',
    limit: { count: LOG_FILES_KEPT, removeOtherLogFiles: true },
    mkdir: true,
  };
}

export class LogFileError extends Error {}

export interface LogFiles {
  directory: string;
  /** For the main thread's logger: JSON lines in, file lines out. */
  sink: LineSink;
  /** Starts taking the lines the other threads of this collector instance forward. */
  listen(instanceId: string): void;
}

/** Checks the directory now (a config error before anything starts), then starts the transport. */
export function openLogFiles(config: LogFileSettings): LogFiles {
  const directory = logDirectoryPath(config);
  try {
    mkdirSync(directory, { recursive: true });
    accessSync(directory, constants.W_OK);
  } catch (err) {
    throw new LogFileError(`Butler-SOS.logDirectory: cannot write log files in ${directory} (fileLogging is true): ${(err as Error).message}`);
  }
  // A thread that only writes log lines: a small young generation, as the collector's other light threads.
  const stream = pino.transport({
    target: 'pino-roll',
    options: logFileRollOptions(directory),
    worker: { resourceLimits: { maxYoungGenerationSizeMb: LIGHT_THREAD_YOUNG_GENERATION_MB } },
  });
  // Not through the logger: its lines come back here.
  stream.on('error', (err: Error) => process.stderr.write(`Log files in ${directory}: ${err.message}\n`));
  return {
    directory,
    sink: { write: (line) => stream.write(fileLine(line)) },
    listen(instanceId) {
      const channel = openChannel(channelNames(instanceId).logs);
      channel.onmessage = (event) => {
        const line = (event as MessageEvent).data;
        if (typeof line === 'string') stream.write(line);
      };
    },
  };
}

/** The info line at start-up that says where the log files are. */
export function logFilesNotice(directory: string): string {
  return `Log files: ${join(directory, `${LOG_FILE_BASE}.<yyyy-MM-dd>.<n>.log`)}, a new file each day, the newest ${LOG_FILES_KEPT} kept.`;
}
