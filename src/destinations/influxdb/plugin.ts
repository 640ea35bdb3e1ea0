// InfluxDB 1.x, 2.x or 3.x, as `influxdbConfig.version` says: one destination, one line-protocol encoding per
// version, and the sink of that version (docs/destinations.md).
import { lineProtocolEncoding } from '../../points/line-encoding.js';
import type { DestinationPlugin, SinkDeps } from '../plugin.js';
import type { Sink } from '../sink.js';
import type { Config } from '../../config/schema/index.js';
import { influxDelivery } from './delivery.js';
import { influxTakes } from './gates.js';
import type { InfluxdbV2Options } from './v2/options.js';
import type { InfluxdbV3Options } from './v3/options.js';
import { v3RetentionPeriod } from './v3/retention.js';
import { writtenV1FieldTypes } from './v1/written-types.js';

/** The sink of the configured version, its code loaded only in the writer that hosts it. */
async function sinkFor(config: Config, deps: SinkDeps): Promise<Sink> {
  const influx = config.influxdbConfig;
  const sinkDeps = { logger: deps.logger, clock: deps.clock };
  switch (influx.version) {
    case 1: {
      const [{ InfluxV1Sink }, { writtenV1FieldTypes }] = await Promise.all([import('./v1/influxdb-v1-sink.js'), import('./v1/written-types.js')]);
      return new InfluxV1Sink(influx, { ...sinkDeps, written: writtenV1FieldTypes(config) });
    }
    case 2: {
      const { InfluxV2Sink } = await import('./v2/influxdb-v2-sink.js');
      return new InfluxV2Sink(influx as InfluxdbV2Options, sinkDeps);
    }
    case 3: {
      const { InfluxV3Sink } = await import('./v3/influxdb-v3-sink.js');
      return new InfluxV3Sink(influx as InfluxdbV3Options, sinkDeps);
    }
  }
}

export const influxdbDestination: DestinationPlugin = {
  id: 'influxdb',
  name: 'InfluxDB',
  sections: ['influxdbConfig'],
  errorTypes: ['INFLUXDB_V1_WRITE', 'INFLUXDB_V2_WRITE', 'INFLUXDB_V3_WRITE'],
  enabled: (config) => config.influxdbConfig.enable === true,
  takes: influxTakes,
  encoding: (config, ctx) => lineProtocolEncoding(config, config.influxdbConfig.version, ctx),
  describe: (config) => `InfluxDB v${config.influxdbConfig.version} at ${config.influxdbConfig.host}:${config.influxdbConfig.port}`,
  // A v3 retention the server could not take would otherwise only show up as a warning after start.
  check(config) {
    if (config.influxdbConfig.version !== 3) return { problems: [], warnings: [] };
    try {
      v3RetentionPeriod(config.influxdbConfig.v3Config.retentionDuration);
      return { problems: [], warnings: [] };
    } catch (err) {
      return { problems: [(err as Error).message], warnings: [] };
    }
  },
  // A 1.x sink checks the field types of every measurement name we write, some of them configured elsewhere.
  settings: (config) => ({ influxdbConfig: config.influxdbConfig, measurements: config.influxdbConfig.version === 1 ? [...writtenV1FieldTypes(config).keys()] : null }),
  create: async (config, deps) => ({ sink: await sinkFor(config, deps), delivery: influxDelivery(config, config.influxdbConfig.maxBatchSize) }),
};
