// A destination plugin around a ready-made sink, for tests of the writer side (WriterHost, delivery, the
// compliance suite): it takes no published data and ignores the config.
import type { WriterHostConfig } from '../../src/destinations/writer-host.js';
import type { DeliveryOverrides } from '../../src/destinations/delivery/options.js';
import type { DestinationPlugin } from '../../src/destinations/plugin.js';
import type { Sink } from '../../src/destinations/sink.js';

export function sinkPlugin(id: string, sink: Sink, enabled = true): DestinationPlugin {
  return {
    id,
    name: `test ${id}`,
    sections: [],
    errorTypes: [],
    enabled: () => enabled,
    takes: () => false,
    encoding: () => ({ key: id, encoders: {} }),
    describe: () => id,
    create: () => ({ sink }),
  };
}

/** A writer-host config with only delivery settings, for hosts whose plugins ignore the rest. */
export function deliveryOnly(delivery: DeliveryOverrides = {}): WriterHostConfig {
  return { delivery } as unknown as WriterHostConfig;
}
