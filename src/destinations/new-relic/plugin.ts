import type { DestinationPlugin } from '../plugin.js';
import { newRelicEncoding, newRelicTakes } from './encoding.js';
import { newRelicEnabled } from './options.js';

export const newRelicDestination: DestinationPlugin = {
  id: 'new-relic',
  name: 'New Relic',
  sections: ['newRelic', 'thirdPartyToolsCredentials'],
  errorTypes: ['NEW_RELIC_POST'],
  enabled: (config) => newRelicEnabled(config),
  takes: newRelicTakes,
  encoding: newRelicEncoding,
  describe: (config) => `New Relic (${(config.thirdPartyToolsCredentials.newRelic ?? []).length} account(s))`,
  async create(config, deps) {
    const { NewRelicSink } = await import('./new-relic-sink.js');
    // Batches larger than one request are split by the sink (chunks.ts), so the delivery settings stay the user's.
    return { sink: new NewRelicSink(config, { logger: deps.logger }) };
  },
};
