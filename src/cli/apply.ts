// Flags that change the loaded configuration, applied the way Butler SOS did: `-l` replaces `logLevel`, and the
// New Relic credential flags replace `thirdPartyToolsCredentials.newRelic` (names, keys and ids paired by order).

import type { Config } from '../config/schema/index.js';
import { CliUsageError, type CliOptions } from './args.js';

/** A copy of `config` with the command-line overrides applied; throws CliUsageError on unpaired New Relic flags. */
export function applyCliOverrides(config: Config, opts: Pick<CliOptions, 'logLevel' | 'newRelic'>): Config {
  const out: Config = { ...config };
  if (opts.logLevel !== undefined) out.logLevel = opts.logLevel;
  const { accountName, apiKey, accountId } = opts.newRelic;
  if (accountName.length + apiKey.length + accountId.length > 0) {
    if (accountName.length !== apiKey.length || accountName.length !== accountId.length) {
      throw new CliUsageError(
        `--new-relic-account-name (${accountName.length}), --new-relic-api-key (${apiKey.length}) and ` +
          `--new-relic-account-id (${accountId.length}) must be given the same number of times`,
      );
    }
    out.thirdPartyToolsCredentials = {
      ...config.thirdPartyToolsCredentials,
      newRelic: accountName.map((name, i) => ({ accountName: name, insertApiKey: apiKey[i], accountId: accountId[i] })),
    };
  }
  return out;
}
