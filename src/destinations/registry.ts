// Every destination the writer can host. A new destination is a new folder exporting a factory plus
// one line here.

import type { DestinationFactory } from './destination-factory.js';
import { fileDestination } from './file/factory.js';
import { influxdbV1Destination } from './influxdb-v1/factory.js';

export const DESTINATIONS: readonly DestinationFactory[] = [influxdbV1Destination, fileDestination];
