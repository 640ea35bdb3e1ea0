import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyCliOverrides } from '../../../src/cli/apply.js';
import { CliUsageError, isCliOptions, parseArgs } from '../../../src/cli/args.js';
import { loadConfigText } from '../../../src/config/load.js';

const base = () =>
  loadConfigText('Butler-SOS:\n  logLevel: warn\n  logEvents:\n    udpServerConfig:\n      serverHost: 127.0.0.1\n', 'a.yaml', {}).config;

function opts(argv: string[]) {
  const o = parseArgs(argv);
  assert.ok(isCliOptions(o));
  return o;
}

test('-l replaces logLevel; without it the file value stays', () => {
  assert.equal(applyCliOverrides(base(), opts(['-l', 'silly'])).logLevel, 'silly');
  assert.equal(applyCliOverrides(base(), opts([])).logLevel, 'warn');
});

test('New Relic flags replace the credential list, paired by order', () => {
  const argv = ['--new-relic-account-name', 'A', '--new-relic-api-key', 'k', '--new-relic-account-id', '7'];
  const config = applyCliOverrides(base(), opts(argv));
  assert.deepEqual(config.thirdPartyToolsCredentials.newRelic, [{ accountName: 'A', insertApiKey: 'k', accountId: '7' }]);
  assert.throws(() => applyCliOverrides(base(), opts(['--new-relic-account-name', 'A'])), CliUsageError);
});
