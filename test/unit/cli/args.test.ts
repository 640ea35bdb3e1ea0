import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CliUsageError, isCliOptions, parseArgs, type CliOptions } from '../../../src/cli/args.js';
import { repoRoot } from '../../support/paths.js';

function options(argv: string[]): CliOptions {
  const result = parseArgs(argv);
  assert.ok(isCliOptions(result), `expected options, got ${JSON.stringify(result)}`);
  return result;
}

function usageError(argv: string[]): CliUsageError {
  try {
    parseArgs(argv);
  } catch (err) {
    assert.ok(err instanceof CliUsageError, String(err));
    return err;
  }
  assert.fail(`expected ${argv.join(' ')} to be refused`);
}

test('-c and --configfile set the file; without them the package default is used', () => {
  assert.equal(options(['-c', 'my.yaml']).configFile, 'my.yaml');
  assert.equal(options(['--configfile', '/etc/bsos.yaml']).configFile, '/etc/bsos.yaml');
  assert.equal(options(['--configfile=x.yaml']).configFile, 'x.yaml');
  const fallback = options([]);
  assert.equal(fallback.configFileIsDefault, true);
  assert.equal(fallback.configFile, join(repoRoot(), 'config', 'default.yaml'));
  assert.ok(existsSync(fallback.configFile));
});

test('-l accepts the Butler SOS log levels and refuses others', () => {
  for (const level of ['error', 'warn', 'info', 'verbose', 'debug', 'silly']) assert.equal(options(['-l', level]).logLevel, level);
  assert.equal(options([]).logLevel, undefined);
  const err = usageError(['--loglevel', 'trace']);
  assert.equal(err.exitCode, 2);
  assert.match(err.message, /Invalid log level "trace"/);
});

test('boolean flags', () => {
  const o = options(['--check-config', '--skip-config-verification', '-c', 'a.yaml']);
  assert.equal(o.checkConfig, true);
  assert.equal(o.skipConfigVerification, true);
  const d = options(['-c', 'a.yaml']);
  assert.equal(d.checkConfig, false);
  assert.equal(d.skipConfigVerification, false);
});

test('-V/--version prints the package version, -h/--help the usage', () => {
  const version = (JSON.parse(readFileSync(join(repoRoot(), 'package.json'), 'utf8')) as { version: string }).version;
  assert.deepEqual(parseArgs(['-V']), { version });
  assert.deepEqual(parseArgs(['--version']), { version });
  const help = parseArgs(['-h']);
  assert.ok('help' in help);
  for (const flag of ['--configfile', '--loglevel', '--skip-config-verification', '--check-config', '--version', '--help', 'BUTLER_SOS__']) {
    assert.ok(help.help.includes(flag), flag);
  }
  assert.ok('help' in parseArgs(['--help', '-c', 'x.yaml']));
});

test('unknown flags, stray arguments and missing values are usage errors with exit code 2', () => {
  for (const argv of [['--no-such-flag'], ['-x'], ['stray'], ['-c'], ['-c', '']]) {
    const err = usageError(argv);
    assert.equal(err.exitCode, 2, argv.join(' '));
    assert.ok(err.message.includes('Usage: butler-sos'), argv.join(' '));
  }
});

test('Butler SOS New Relic credential flags are accepted, repeatable, in order', () => {
  const o = options(['--new-relic-account-name', 'A', '--new-relic-account-name', 'B', '--new-relic-api-key', 'k1', '--new-relic-account-id', '42']);
  assert.deepEqual(o.newRelic, { accountName: ['A', 'B'], apiKey: ['k1'], accountId: ['42'] });
});
