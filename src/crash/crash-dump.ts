// Crash dumps as Butler SOS writes them (crashFile.*): crash_dump_<YYYYMMDD>_<HHmmss>_<mmm>_<pid>_<n>.json
// and .txt (local time), directory 0700, files 0600, never overwriting a file. Only whitelisted, non-secret
// settings are included; message and stack pass through the redactor. Written synchronously: the thread is
// about to end, and a dump half written by an async write that never completes helps nobody.
import { mkdirSync, writeFileSync } from 'node:fs';
import { arch, platform } from 'node:os';
import { join, resolve } from 'node:path';
import type { Config } from '../config/schema/index.js';
import { redactSecrets, sanitizeStack } from './redact.js';

export type CrashSource = 'uncaughtException' | 'unhandledRejection' | 'startup';

export type CrashConfig = Pick<
  Config,
  'crashFile' | 'logLevel' | 'fileLogging' | 'logDirectory' | 'anonTelemetry' | 'systemInfo' | 'userEvents' | 'influxdbConfig' | 'prometheus' | 'mqttConfig' | 'auditEvents'
>;

export interface CrashInput {
  error: unknown;
  source: CrashSource;
  /** Thread that crashed: main, parse, writer-0, tracker, poller, http. */
  thread: string;
  /** What happens next, in words: the process exits, or the supervisor restarts the thread. */
  outcome: string;
  appVersion: string;
  config?: CrashConfig;
  now?: Date;
}

export interface CrashDump {
  json: Record<string, unknown>;
  text: string;
}

function errorParts(error: unknown): { type: string; message: string; stack: string } {
  if (error instanceof Error) {
    return { type: error.name, message: redactSecrets(error.message), stack: sanitizeStack(error.stack ?? '') };
  }
  return { type: typeof error, message: redactSecrets(String(error)), stack: '' };
}

function safeConfig(config: CrashConfig | undefined): Record<string, unknown> | null {
  if (!config) return null;
  return {
    logLevel: config.logLevel,
    fileLogging: config.fileLogging,
    logDirectory: config.logDirectory,
    anonTelemetry: config.anonTelemetry,
    systemInfoEnable: config.systemInfo.enable,
    userEventsEnable: config.userEvents.enable,
    influxdbEnable: config.influxdbConfig.enable,
    influxdbVersion: config.influxdbConfig.version,
    prometheusEnable: config.prometheus.enable,
    mqttEnable: config.mqttConfig.enable,
    auditEventsEnable: (config.auditEvents as { enable?: unknown } | undefined)?.enable === true,
  };
}

export function buildCrashDump(input: CrashInput): CrashDump {
  const now = input.now ?? new Date();
  const error = errorParts(input.error);
  const json = {
    version: '1.0',
    timestamp: now.toISOString(),
    app: { name: 'butler-sos', version: input.appVersion },
    runtime: { nodeVersion: process.version, platform: `${platform()}/${arch()}`, isSea: false },
    error,
    context: { exitCode: 1, source: input.source, thread: input.thread, outcome: input.outcome },
    config: safeConfig(input.config),
  };
  const rule = '='.repeat(80);
  const indent = (s: string): string => s.split('\n').map((l) => `  ${l}`).join('\n');
  const text = [
    rule,
    'BUTLER SOS CRASH REPORT',
    rule,
    '',
    'APPLICATION INFO',
    indent(`Name:      butler-sos\nVersion:   ${input.appVersion}\nNode.js:   ${process.version}\nPlatform:  ${json.runtime.platform}\nTimestamp: ${json.timestamp}`),
    '',
    'CRASH INFO',
    indent(`Source:    ${input.source}\nThread:    ${input.thread}\nOutcome:   ${input.outcome}\nExit code: 1`),
    '',
    'ERROR MESSAGE',
    indent(`${error.type}: ${error.message}`),
    '',
    'STACK TRACE',
    indent(error.stack || '(none)'),
    rule,
    '',
  ].join('\n');
  return { json, text };
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

export function crashFileStem(now: Date, counter: number): string {
  const date = `${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}`;
  const time = `${pad(now.getHours())}${pad(now.getMinutes())}${pad(now.getSeconds())}`;
  return `crash_dump_${date}_${time}_${pad(now.getMilliseconds(), 3)}_${process.pid}_${counter}`;
}

let counter = 0;

/** `crashFileDirectory` relative to the working directory; '' is the working directory itself. */
export function crashDirectory(config: Pick<Config, 'crashFile'> | undefined, cwd = process.cwd()): string {
  return resolve(cwd, config?.crashFile.crashFileDirectory ?? './crash_dumps');
}

/** Writes the enabled dump files; returns their paths. Throws only if none could be written. */
export function writeCrashDump(input: CrashInput): string[] {
  const crash = input.config?.crashFile ?? { enable: true, crashFileCreateJson: true, crashFileCreateText: true };
  if (!crash.enable) return [];
  const dir = crashDirectory(input.config);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const dump = buildCrashDump(input);
  const now = input.now ?? new Date();
  const wanted: Array<[string, string]> = [];
  if (crash.crashFileCreateJson) wanted.push(['json', `${JSON.stringify(dump.json, null, 2)}\n`]);
  if (crash.crashFileCreateText) wanted.push(['txt', dump.text]);
  if (wanted.length === 0) return [];
  // Threads count on their own; another thread may have taken a name in the same millisecond.
  for (let attempt = 0; attempt < 100; attempt++) {
    const stem = join(dir, crashFileStem(now, ++counter));
    try {
      return wanted.map(([ext, body]) => {
        const file = `${stem}.${ext}`;
        writeFileSync(file, body, { flag: 'wx', mode: 0o600 });
        return file;
      });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  throw new Error(`no free crash dump file name in ${dir}`);
}
