// The slice of the collector configuration the writer thread needs. Butler SOS v15 keys keep their names
// (`influxdbConfig`); `fileDestination` and `delivery` are new keys with defaults.

import type { DeliveryOverrides } from './delivery/options.js';
import type { FileDestinationConfig } from './file/options.js';
import type { InfluxdbConfigSubset } from './influxdb-v1/options.js';

export interface WriterHostConfig {
  influxdbConfig?: InfluxdbConfigSubset;
  fileDestination?: FileDestinationConfig;
  /** Queue, batching and retry tuning for every destination; a destination's own keys win (maxBatchSize). */
  delivery?: DeliveryOverrides;
}
