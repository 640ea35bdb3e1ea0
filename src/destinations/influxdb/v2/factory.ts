import type { DestinationPlugin } from '../../plugin.js';
import { influxTakes } from '../gates.js';
import { lineProtocolEncoding } from '../../../points/line-encoding.js';
import { InfluxV2Sink } from './influxdb-v2-sink.js';
import type { InfluxdbV2Options } from './options.js';

export const influxdbV2Destination: DestinationPlugin = {
  id: 'influxdb',
  name: 'InfluxDB v2',
  sections: ['influxdbConfig'],
  errorTypes: ['INFLUXDB_V2_WRITE'],
  enabled: (config) => config.influxdbConfig.enable === true && config.influxdbConfig.version === 2,
  takes: influxTakes,
  encoding: (config, ctx) => lineProtocolEncoding(config, 2, ctx),
  describe: (config) => `InfluxDB v2 at ${config.influxdbConfig.host}:${config.influxdbConfig.port}`,
  create(config, deps) {
    const influx = config.influxdbConfig as InfluxdbV2Options;
    return {
      sink: new InfluxV2Sink(influx, { logger: deps.logger, clock: deps.clock }),
      delivery: { maxBatchLines: influx.maxBatchSize },
    };
  },
};
