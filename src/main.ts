#!/usr/bin/env node
// CLI entry: flags → config (every problem reported before anything starts) → supervisor. SIGINT/SIGTERM
// drain and exit 0; a second signal exits at once.
import { CliUsageError, isCliOptions, packageVersion, parseArgs } from './cli/args.js';
import { applyCliOverrides } from './cli/apply.js';
import { runCheckConfig } from './cli/check-config.js';
import { ConfigError, loadConfigFile, type LoadedConfig } from './config/load.js';
import { resolveRuntimeSettings } from './config/resolve.js';
import { SafetyNet } from './crash/safety-net.js';
import { fireTestCrash, testCrashFromEnv } from './crash/test-crash.js';
import { LogFileError, logFilesNotice, openLogFiles, type LogFiles } from './log/log-files.js';
import { createLogger, defaultLogFormat, LOG_LEVELS, type LogLevel } from './log/logger.js';
import { logStartupBanner } from './ops/banner.js';
import { logSystemInfo } from './ops/system-info.js';
import { Supervisor } from './supervisor.js';
import { applyV8Tuning } from './threads/v8-tuning.js';
import { StartupError } from './threads/startup-error.js';

/** Set once the config is loaded: from then on a crash of the main thread writes a crash dump. */
let safetyNet: SafetyNet | null = null;
import { installTestFaults } from './threads/test-faults.js';
import { runServiceCommand } from './cli/windows-service.js';
import { configReloader, watchConfigFile } from './cli/reload.js';

function fail(lines: string[], code: number): never {
  for (const line of lines) process.stderr.write(`${line}\n`);
  process.exit(code);
}

function configLogLevel(value: unknown): LogLevel {
  return (LOG_LEVELS as readonly string[]).includes(value as string) ? (value as LogLevel) : 'info';
}

async function main(): Promise<void> {
  if (process.argv[2] === 'service') {
    try {
      process.exit(await runServiceCommand(process.argv.slice(3)));
    } catch (err) {
      if (err instanceof CliUsageError) fail([err.message], err.exitCode);
      throw err;
    }
  }
  let args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (err) {
    if (err instanceof CliUsageError) fail([err.message], err.exitCode);
    throw err;
  }
  if (!isCliOptions(args)) {
    process.stdout.write(`${'help' in args ? args.help : args.version}\n`);
    return;
  }
  if (args.checkConfig) process.exit(runCheckConfig(args));

  let loaded: LoadedConfig;
  try {
    loaded = loadConfigFile(args.configFile, process.env, { skipVerification: args.skipConfigVerification });
  } catch (err) {
    if (err instanceof ConfigError) {
      fail([...err.problems, `Not started: the configuration has ${err.problems.length} problem(s).`], 1);
    }
    throw err;
  }
  let config;
  try {
    config = applyCliOverrides(loaded.config, args);
  } catch (err) {
    if (err instanceof CliUsageError) fail([err.message], err.exitCode);
    throw err;
  }
  // Before any thread starts: worker heaps read V8's flags when they are created.
  const v8Flags = applyV8Tuning(config);
  const logLevel = configLogLevel(config.logLevel);
  const logFormat = defaultLogFormat();
  let logFiles: LogFiles | undefined;
  try {
    logFiles = config.fileLogging ? openLogFiles(config) : undefined;
  } catch (err) {
    if (err instanceof LogFileError) fail([err.message, 'Not started: the log directory is not usable.'], 1);
    throw err;
  }
  const logger = createLogger({ level: logLevel, format: logFormat, name: 'main', fileSink: logFiles?.sink });
  safetyNet = new SafetyNet({ thread: 'main', appVersion: packageVersion(), logger, config }).install();
  // The banner comes first, so it is in the log even when start-up fails.
  logStartupBanner(logger, { config, appVersion: packageVersion(), configFile: loaded.file });
  if (logFiles) logger.info(logFilesNotice(logFiles.directory));
  logSystemInfo(logger, config, packageVersion());
  logger.debug({ v8Flags }, 'V8 flags applied (threads.parallelScavenge; workers keep their own young generation).');
  for (const warning of loaded.warnings) logger.warn(`Config: ${warning}`);
  for (const override of loaded.overrides) logger.info(`Config override from the environment: ${override}`);

  const testCrash = testCrashFromEnv(process.env);
  const supervisor = new Supervisor({ config, settings: resolveRuntimeSettings(config), logger, logLevel, logFormat, logFiles, testCrash });
  let firstSignalAt = 0;
  const onSignal = (signal: NodeJS.Signals): void => {
    // A process manager and a shell can deliver the same stop twice within a moment; only a later,
    // deliberate second signal means "stop now".
    if (firstSignalAt > 0 && Date.now() - firstSignalAt < 1_000) return;
    if (firstSignalAt > 0) {
      logger.warn({ signal }, 'Second signal: exiting without draining.');
      process.exit(1);
    }
    firstSignalAt = Date.now();
    logger.info({ signal }, 'Signal received: draining and stopping.');
    supervisor.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'Shutdown failed.');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  installTestFaults(supervisor);
  // SIGHUP (and --watch-config): read the file again, validate all of it, apply what can be applied live.
  const reload = configReloader(args, supervisor, logger, () => firstSignalAt > 0);
  process.on('SIGHUP', () => void reload('SIGHUP'));
  if (args.watchConfig) watchConfigFile(args.configFile, () => void reload('file changed'));
  try {
    await supervisor.start();
    fireTestCrash(testCrash, 'main');
  } catch (err) {
    if (err instanceof StartupError) {
      logger.debug({ err }, 'Start-up failure detail.');
      logger.error(`Not started: ${err.message}`);
    } else {
      logger.error({ err }, 'Start-up failed.');
    }
    await supervisor.stop().catch(() => undefined);
    process.exit(1);
  }
}

main().catch((err: unknown) => {
  if (safetyNet) safetyNet.fatal('startup', err);
  process.stderr.write(`Butler SOS failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
