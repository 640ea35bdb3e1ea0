// Every destination the writer can host. A new destination is a new folder exporting a factory plus
// one line here.

import type { DestinationFactory } from './destination-factory.js';
import { fileDestination } from './file/factory.js';
import { influxdbV1Destination } from './influxdb/v1/factory.js';
import { influxdbV2Destination } from './influxdb/v2/factory.js';
import { influxdbV3Destination } from './influxdb/v3/factory.js';
import { mqttDestination } from './mqtt/factory.js';
import { newRelicDestination } from './new-relic/factory.js';

export const DESTINATIONS: readonly DestinationFactory[] = [influxdbV1Destination, influxdbV2Destination, influxdbV3Destination, fileDestination, mqttDestination, newRelicDestination];
