import type { DestinationFactory } from '../destination-factory.js';
import { NewRelicSink } from './new-relic-sink.js';
import { newRelicEnabled, type NewRelicDestinationConfig } from './options.js';

export const newRelicDestination: DestinationFactory = {
  id: 'new-relic',
  name: 'New Relic',
  enabled: (config) => newRelicEnabled(config.newRelicDestination ?? {}),
  create(config, deps) {
    // Batches larger than one request are split by the sink (chunks.ts), so the delivery settings stay the user's.
    return { sink: new NewRelicSink(config.newRelicDestination as NewRelicDestinationConfig, { logger: deps.logger }) };
  },
};
