// The last line of defence in every thread: an uncaught exception or unhandled rejection is logged
// (redacted), written as a crash dump (crashFile.*), and ends the thread with exit code 1. In the main
// thread that ends the process; in a worker thread only that thread ends, and the supervisor restarts it
// (docs/operations.md, "Crash dumps"): the dump is still written, it is the evidence the admin needs.
import { isMainThread } from 'node:worker_threads';
import type { AppLogger } from '../log/logger.js';
import { writeCrashDump, type CrashConfig, type CrashSource } from './crash-dump.js';
import { redactSecrets, sanitizeStack } from './redact.js';

export interface SafetyNetOptions {
  thread: string;
  appVersion: string;
  logger: AppLogger;
  /** Unset until the config is loaded: crashFile defaults then apply, as in Butler SOS. */
  config?: CrashConfig;
  /** Runs after the dump, before the exit (the http thread closes its uWebSockets.js sockets here). */
  beforeExit?: () => void;
  /**
   * After the dump, throw the error again instead of exiting: the thread then ends the way an unhandled error
   * ends it, and its owner sees the error. Piscina's parse workers need this: the pool reports a worker that
   * died of an error (counted and logged by the supervisor), while an exit looks like an ordinary end.
   */
  rethrow?: boolean;
}

const OUTCOME = {
  process: 'Butler SOS exits with code 1',
  thread: 'this thread ends with code 1; the supervisor restarts it and Butler SOS keeps running',
};

export class SafetyNet {
  private handling = false;

  constructor(private readonly opts: SafetyNetOptions) {}

  set config(config: CrashConfig) {
    this.opts.config = config;
  }

  install(): this {
    process.on('uncaughtException', (err) => this.fatal('uncaughtException', err));
    process.on('unhandledRejection', (reason) => this.fatal('unhandledRejection', reason));
    return this;
  }

  /** Logs, writes the dump and exits (this thread, or the process from the main thread) with code 1. */
  fatal(source: CrashSource, error: unknown): void {
    if (this.handling) process.exit(1);
    this.handling = true;
    const { logger, thread } = this.opts;
    // Not under `err`: pino's error serializer would print the raw message and stack again.
    const fault = error instanceof Error ? { type: error.name, message: redactSecrets(error.message), stack: sanitizeStack(error.stack ?? '') } : { message: redactSecrets(String(error)) };
    logger.error({ fault, source }, `FATAL: ${source} in thread ${thread}: ${fault.message} – writing crash dump…`);
    try {
      const files = writeCrashDump({ error, source, thread, outcome: isMainThread ? OUTCOME.process : OUTCOME.thread, appVersion: this.opts.appVersion, config: this.opts.config });
      if (files.length > 0) logger.error({ files }, `Crash dump written: ${files.join(', ')}`);
    } catch (dumpErr) {
      logger.error({ err: (dumpErr as Error).message }, 'Crash dump could not be written.');
    }
    if (this.opts.rethrow && !isMainThread) {
      process.removeAllListeners('uncaughtException');
      process.removeAllListeners('unhandledRejection');
      setImmediate(() => {
        throw error;
      });
      return;
    }
    try {
      this.opts.beforeExit?.();
    } finally {
      process.exit(1);
    }
  }
}
