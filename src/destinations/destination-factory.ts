// What a destination folder exports for the registry: when it is enabled, and how to build its sink.

import type { AppLogger } from '../log/logger.js';
import type { WriterHostConfig } from './config.js';
import type { Clock } from './delivery/clock.js';
import type { DeliveryOverrides } from './delivery/options.js';
import type { Sink } from './sink.js';

export interface SinkDeps {
  logger: AppLogger;
  clock: Clock;
}

export interface BuiltDestination {
  sink: Sink;
  /** Destination-specific delivery settings (e.g. InfluxDB's maxBatchSize), applied over the defaults. */
  delivery?: DeliveryOverrides;
}

export interface DestinationFactory {
  /** The `BatchMessage.dest` value this destination receives. Versions of one backend share an id. */
  readonly id: string;
  /** Human name for logs. */
  readonly name: string;
  enabled(config: WriterHostConfig): boolean;
  create(config: WriterHostConfig, deps: SinkDeps): BuiltDestination;
}
