import { influxDelivery } from '../influx-delivery.js';
import type { DestinationFactory } from '../destination-factory.js';
import { InfluxV3Sink } from './influxdb-v3-sink.js';
import type { InfluxdbV3Options } from './options.js';

export const influxdbV3Destination: DestinationFactory = {
  id: 'influxdb',
  name: 'InfluxDB v3',
  enabled: (config) => config.influxdbConfig?.enable === true && config.influxdbConfig.version === 3,
  create(config, deps) {
    const influx = config.influxdbConfig as InfluxdbV3Options;
    if (!influx.v3Config) throw new Error('influxdbConfig.v3Config is required when influxdbConfig.version is 3');
    return {
      sink: new InfluxV3Sink(influx, { logger: deps.logger, clock: deps.clock }),
      delivery: influxDelivery(config, influx.maxBatchSize),
    };
  },
};
