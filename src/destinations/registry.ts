// Every destination, one registration line each, in the order routes pin them to writers. Everything that
// names destinations (routes, the writer, the publisher, start-up checks, the banner, the error codes) loops
// over this list (docs/destinations.md#writing-a-destination).
import type { DestinationPlugin } from './plugin.js';
import { fileDestination } from './file/factory.js';
import { influxdbV1Destination } from './influxdb/v1/factory.js';
import { influxdbV2Destination } from './influxdb/v2/factory.js';
import { influxdbV3Destination } from './influxdb/v3/factory.js';
import { mqttDestination } from './mqtt/factory.js';
import { newRelicDestination } from './new-relic/factory.js';

export const DESTINATIONS: readonly DestinationPlugin[] = [
  influxdbV1Destination,
  influxdbV2Destination,
  influxdbV3Destination,
  fileDestination,
  mqttDestination,
  newRelicDestination,
];
