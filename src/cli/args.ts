// Command-line flags, compatible with Butler SOS v15 (-c, -l, --skip-config-verification, -V, -h, and the
// New Relic credential flags) plus --check-config.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs as parseNodeArgs } from 'node:util';
import { LOG_LEVELS, type LogLevel } from '../log/logger.js';

export interface CliOptions {
  /** Path of the YAML configuration file. */
  configFile: string;
  /** True when -c was not given and `configFile` is the package's config/default.yaml. */
  configFileIsDefault: boolean;
  /** -l: overrides `Butler-SOS.logLevel` when set. */
  logLevel?: LogLevel;
  /** Skip the start-up checks that span keys; schema validation still runs. */
  skipConfigVerification: boolean;
  /** Validate, print the result, exit. */
  checkConfig: boolean;
  /** Reload the configuration when the file changes (as on SIGHUP). */
  watchConfig: boolean;
  /** Butler SOS's New Relic credential flags; each list is in the order given and wins over the config file. */
  newRelic: { accountName: string[]; apiKey: string[]; accountId: string[] };
}

export type CliParseResult = CliOptions | { help: string } | { version: string };

/** A bad command line; the caller prints `message` and exits with `exitCode` (2, as getopt tools do). */
export class CliUsageError extends Error {
  readonly exitCode = 2;
  readonly usage: string;

  constructor(message: string) {
    super(`${message}\n\n${usage()}`);
    this.name = 'CliUsageError';
    this.usage = usage();
  }
}

// dist/src/cli/args.js → the package root; also right for src/cli/args.ts under a TS runner.
const PACKAGE_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const DIST_PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));

function packageFile(relative: string): string {
  for (const root of [PACKAGE_ROOT, DIST_PACKAGE_ROOT]) {
    try {
      readFileSync(root + relative);
      return root + relative;
    } catch {
      // try the next candidate
    }
  }
  return PACKAGE_ROOT + relative;
}

export function defaultConfigFile(): string {
  return packageFile('config/default.yaml');
}

export function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(packageFile('package.json'), 'utf8')) as { version?: string };
    return pkg.version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

export function usage(): string {
  return [
    'Usage: butler-sos [options]',
    '',
    'Options:',
    '  -c, --configfile <path>          configuration file (default: config/default.yaml of this package)',
    `  -l, --loglevel <level>           ${LOG_LEVELS.join(', ')}; overrides Butler-SOS.logLevel`,
    '      --skip-config-verification   skip the start-up checks (server tags, certificates, ports);',
    '                                   the schema is still validated',
    '      --check-config               validate the configuration, print the result and exit (0 ok, 1 problems)',
    '      --watch-config               reload the configuration when the file changes (as on SIGHUP)',
    '      --new-relic-account-name <name...>  New Relic account names (override thirdPartyToolsCredentials)',
    '      --new-relic-api-key <key...>        New Relic insert API keys, same order',
    '      --new-relic-account-id <id...>      New Relic account ids, same order',
    '  -V, --version                    print the version and exit',
    '  -h, --help                       print this help and exit',
    '',
    'Windows service (docs/deployment.md): butler-sos service install -c <config> [--name <id>] [--dir <folder>]',
    '                                      butler-sos service start|stop|uninstall [--name <id>] [--dir <folder>]',
    '',
    'Any configuration key can be set from the environment: BUTLER_SOS__<SECTION>__<KEY>=value,',
    'for example BUTLER_SOS__LOGLEVEL=debug or BUTLER_SOS__INFLUXDBCONFIG__HOST=influx.lan.',
    'See docs/configuration.md.',
  ].join('\n');
}

const OPTIONS = {
  configfile: { type: 'string', short: 'c' },
  loglevel: { type: 'string', short: 'l' },
  'skip-config-verification': { type: 'boolean' },
  'check-config': { type: 'boolean' },
  'watch-config': { type: 'boolean' },
  'new-relic-account-name': { type: 'string', multiple: true },
  'new-relic-api-key': { type: 'string', multiple: true },
  'new-relic-account-id': { type: 'string', multiple: true },
  version: { type: 'boolean', short: 'V' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Parses process.argv.slice(2)-style arguments; throws CliUsageError on anything it does not understand. */
export function parseArgs(argv: readonly string[]): CliParseResult {
  let values;
  try {
    ({ values } = parseNodeArgs({ args: [...argv], options: OPTIONS, strict: true, allowPositionals: false }));
  } catch (err) {
    throw new CliUsageError((err as Error).message.split('\n')[0]);
  }
  if (values.help === true) return { help: usage() };
  if (values.version === true) return { version: packageVersion() };

  const level = values.loglevel;
  if (level !== undefined && !(LOG_LEVELS as readonly string[]).includes(level)) {
    throw new CliUsageError(`Invalid log level "${level}" for -l/--loglevel; expected one of ${LOG_LEVELS.join(', ')}`);
  }
  const configFile = values.configfile;
  if (configFile !== undefined && configFile.trim() === '') throw new CliUsageError('-c/--configfile needs a file path');

  return {
    configFile: configFile ?? defaultConfigFile(),
    configFileIsDefault: configFile === undefined,
    ...(level !== undefined ? { logLevel: level as LogLevel } : {}),
    skipConfigVerification: values['skip-config-verification'] === true,
    checkConfig: values['check-config'] === true,
    watchConfig: values['watch-config'] === true,
    newRelic: {
      accountName: values['new-relic-account-name'] ?? [],
      apiKey: values['new-relic-api-key'] ?? [],
      accountId: values['new-relic-account-id'] ?? [],
    },
  };
}

export function isCliOptions(result: CliParseResult): result is CliOptions {
  return 'configFile' in result;
}
