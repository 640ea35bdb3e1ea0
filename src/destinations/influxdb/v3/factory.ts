import type { DestinationPlugin } from '../../plugin.js';
import { influxTakes } from '../gates.js';
import { lineProtocolEncoding } from '../../../points/line-encoding.js';
import { InfluxV3Sink } from './influxdb-v3-sink.js';
import type { InfluxdbV3Options } from './options.js';

export const influxdbV3Destination: DestinationPlugin = {
  id: 'influxdb',
  name: 'InfluxDB v3',
  sections: ['influxdbConfig'],
  errorTypes: ['INFLUXDB_V3_WRITE'],
  enabled: (config) => config.influxdbConfig.enable === true && config.influxdbConfig.version === 3,
  takes: influxTakes,
  encoding: (config, ctx) => lineProtocolEncoding(config, 3, ctx),
  describe: (config) => `InfluxDB v3 at ${config.influxdbConfig.host}:${config.influxdbConfig.port}`,
  create(config, deps) {
    const influx = config.influxdbConfig as InfluxdbV3Options;
    return {
      sink: new InfluxV3Sink(influx, { logger: deps.logger, clock: deps.clock }),
      delivery: { maxBatchLines: influx.maxBatchSize },
    };
  },
};
