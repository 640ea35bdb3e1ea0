import type { DestinationPlugin } from '../../plugin.js';
import { influxTakes } from '../gates.js';
import { lineProtocolEncoding } from '../../../points/line-encoding.js';
import { InfluxV1Sink } from './influxdb-v1-sink.js';
import { writtenV1FieldTypes } from './written-types.js';

export const influxdbV1Destination: DestinationPlugin = {
  id: 'influxdb',
  name: 'InfluxDB v1',
  sections: ['influxdbConfig'],
  errorTypes: ['INFLUXDB_V1_WRITE'],
  enabled: (config) => config.influxdbConfig.enable === true && config.influxdbConfig.version === 1,
  takes: influxTakes,
  encoding: (config, ctx) => lineProtocolEncoding(config, 1, ctx),
  describe: (config) => `InfluxDB v1 at ${config.influxdbConfig.host}:${config.influxdbConfig.port}`,
  create(config, deps) {
    const influx = config.influxdbConfig;
    return {
      sink: new InfluxV1Sink(influx, { logger: deps.logger, clock: deps.clock, written: writtenV1FieldTypes(config) }),
      delivery: { maxBatchLines: influx.maxBatchSize },
    };
  },
};
