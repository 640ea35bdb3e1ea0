import { pino, type Logger, type DestinationStream } from 'pino';
import pinoPretty from 'pino-pretty';
import { withoutBoundKeys } from './unique-keys.js';

// Butler SOS's winston levels, mapped onto pino so existing `logLevel` values and `-l` flags keep working.
export const LOG_LEVELS = ['error', 'warn', 'info', 'verbose', 'debug', 'silly'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export type LogFormat = 'pretty' | 'json';

const customLevels = { verbose: 25, silly: 5 };

export type AppLogger = Logger<'verbose' | 'silly'>;

/** Takes one JSON log line (with its newline), e.g. towards the log files. */
export interface LineSink {
  write(line: string): void;
}

export interface LoggerOptions {
  level: LogLevel | 'silent';
  format: LogFormat;
  /** Thread or component name, shown on every line. */
  name: string;
  /** Also receives every line the console gets (fileLogging); see src/log/log-files.ts. */
  fileSink?: LineSink;
}

// Every thread writes straight to fd 1 with synchronous writes: log volume is low (never per event), a
// whole line is one write(2), and a worker's lines do not have to travel through the main thread.
function consoleDestination(format: LogFormat): DestinationStream {
  if (format === 'pretty') {
    return pinoPretty({
      destination: 1,
      sync: true,
      colorize: true,
      translateTime: 'UTC:yyyy-mm-dd"T"HH:MM:ss.l"Z"',
      ignore: 'pid,hostname',
      customLevels: 'error:50,warn:40,info:30,verbose:25,debug:20,silly:5',
      customColors: 'error:red,warn:yellow,info:green,verbose:cyan,debug:blue,silly:gray',
      useOnlyCustomProps: false,
    });
  }
  return pino.destination({ dest: 1, sync: true });
}

function destination(options: LoggerOptions): DestinationStream {
  const console = consoleDestination(options.format);
  const file = options.fileSink;
  if (!file) return console;
  // The same lines at the same level: the logger's level already filtered them.
  return {
    write(line: string) {
      console.write(line);
      file.write(line);
    },
  };
}

export function createLogger(options: LoggerOptions): AppLogger {
  return pino<'verbose' | 'silly'>(
    {
      name: options.name,
      level: options.level,
      customLevels,
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      hooks: { logMethod: withoutBoundKeys },
    },
    destination(options),
  );
}

/** A logger that drops everything; for unit tests and library use. */
export function silentLogger(): AppLogger {
  return pino<'verbose' | 'silly'>({ level: 'silent', customLevels });
}

export function defaultLogFormat(): LogFormat {
  return process.stdout.isTTY ? 'pretty' : 'json';
}
