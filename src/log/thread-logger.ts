// The logger of a worker thread: the console as in the main thread, and with fileLogging its lines go to
// the main thread, which owns the log files (src/log/log-files.ts), already in the file layout.
import { channelNames, openChannel } from '../threads/channels.js';
import { fileLine } from './file-line.js';
import { createLogger, type AppLogger, type LineSink, type LogFormat, type LogLevel } from './logger.js';

export interface ThreadLogSettings {
  instanceId: string;
  logLevel: LogLevel;
  logFormat: LogFormat;
  /** fileLogging: forward every line to the log files. */
  logToFile?: boolean;
}

function forwardToLogFiles(instanceId: string): LineSink {
  const channel = openChannel(channelNames(instanceId).logs);
  // Every member of a BroadcastChannel receives what the others post, and a member nobody listens on keeps
  // it queued for good (measured: 600,000 lines of 1 KB held ~180 MB). Take the other threads' lines and drop them.
  channel.onmessage = () => undefined;
  return { write: (line) => channel.postMessage(fileLine(line)) };
}

export function threadLogger(data: ThreadLogSettings, name: string): AppLogger {
  const fileSink = data.logToFile ? forwardToLogFiles(data.instanceId) : undefined;
  return createLogger({ level: data.logLevel, format: data.logFormat, name, fileSink });
}
