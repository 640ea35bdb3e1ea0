// The slice of the collector configuration the writer thread needs. Butler SOS v15 keys keep their names
// (`influxdbConfig`); `fileDestination` and `delivery` are new keys with defaults.

import type { DeliveryOverrides } from './delivery/options.js';
import type { FileDestinationConfig } from './file/options.js';
import type { InfluxdbConfigSubset } from './influxdb/v1/options.js';
import type { InfluxdbV2Section } from './influxdb/v2/options.js';
import type { InfluxdbV3Section } from './influxdb/v3/options.js';
import type { MqttDestinationConfig } from './mqtt/options.js';
import type { NewRelicDestinationConfig } from './new-relic/options.js';
import type { WrittenFieldTypes } from './influxdb/v1/written-types.js';

export interface WriterHostConfig {
  /** `version` picks the sink (1, 2 or 3); only that version's sub-section is read. */
  influxdbConfig?: InfluxdbConfigSubset & { v2Config?: InfluxdbV2Section; v3Config?: InfluxdbV3Section };
  fileDestination?: FileDestinationConfig;
  /** Queue, batching and retry tuning for every destination; a destination's own keys win (maxBatchSize). */
  delivery?: DeliveryOverrides;
  /** `mqttConfig` as loaded. */
  mqttConfig?: MqttDestinationConfig;
  /** The keys New Relic needs from several sections (newRelic, credentials, destination lists); a `Config` fits. */
  newRelicDestination?: NewRelicDestinationConfig;
  /** The InfluxDB 1.x field types we write, per measurement name as configured (influxdb/v1/written-types.ts). */
  v1FieldTypes?: WrittenFieldTypes;
}
