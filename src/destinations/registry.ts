// Every destination, one registration line each, in the order routes pin them to writers. Everything that
// names destinations (routes, the writer, the publisher, start-up checks, the banner, the error codes) loops
// over this list (docs/destinations.md#writing-a-destination).
import type { DestinationPlugin } from './plugin.js';
import { fileDestination } from './file/plugin.js';
import { influxdbDestination } from './influxdb/plugin.js';
import { mqttDestination } from './mqtt/plugin.js';
import { newRelicDestination } from './new-relic/plugin.js';
import { openTelemetryDestination } from './open-telemetry/index.js';
import { postgresqlDestination } from './postgresql/plugin.js';

export const DESTINATIONS: readonly DestinationPlugin[] = [influxdbDestination, fileDestination, mqttDestination, newRelicDestination, openTelemetryDestination, postgresqlDestination];
