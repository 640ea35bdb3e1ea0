// What a destination folder exports: everything about it, in one object, registered with one line in
// registry.ts. Routing, the writer thread, the publisher, start-up checks, the banner and the error codes
// loop over the registry; nothing else names a destination (docs/destinations.md#writing-a-destination).
import type { Config } from '../config/schema/index.js';
import type { AppLogger } from '../log/logger.js';
import type { DataKind } from '../publish/published-data.js';
import type { DestinationEncoding, EncodingContext } from '../publish/encoding.js';
import type { ErrorType } from '../threads/messages.js';
import type { Clock } from '../clock.js';
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

export interface ConfigCheck {
  /** Start-up problems: the collector refuses to start. Each names the config key (`Butler-SOS.x.y: ...`). */
  problems: string[];
  warnings: string[];
}

export interface DestinationPlugin {
  /** Routing id (`BatchMessage.dest`), unique among enabled destinations. Versions of one backend share it. */
  readonly id: string;
  /** Human name for logs and the banner. */
  readonly name: string;
  /** The top-level config sections this destination owns (its settings), e.g. ['postgresql']. */
  readonly sections: readonly string[];
  /** Error types its failed writes are reported under (the error tracker's list is built from these). */
  readonly errorTypes: readonly ErrorType[];
  /**
   * Config paths (under `Butler-SOS`, `[]` for any list index) whose values the web console masks fully, for
   * secrets whose key names do not look secret (`openTelemetry.headers[].value`).
   */
  readonly secretPaths?: readonly string[];
  enabled(config: Config): boolean;
  /** Whether this destination takes this kind of data with this config (only asked when enabled). */
  takes(config: Config, kind: DataKind): boolean;
  /** Producer side: the encoders of every kind it takes. Built once per producer thread and config. */
  encoding(config: Config, ctx: EncodingContext): DestinationEncoding;
  /**
   * Writer side: the sink and its delivery overrides. Import the sink's code here (`await import(...)`), not at
   * the top of the plugin file: producer threads load every plugin for its encoders and must not pay for
   * database clients they never use.
   */
  create(config: Config, deps: SinkDeps): BuiltDestination | Promise<BuiltDestination>;
  /**
   * What `create` builds the sink from, as plain data: a configuration reload replaces a running destination
   * when this (or `delivery`) changed and leaves it untouched otherwise (src/destinations/reconcile.ts).
   * Absent: the values of `sections`. Needed only when `create` reads more than its own sections.
   */
  settings?(config: Config): unknown;
  /** Cross-key checks the schema cannot express; run at start, on --check-config and before a reload. */
  check?(config: Config): ConfigCheck;
  /** One banner line: where the data goes (no secrets). */
  describe(config: Config): string;
}
