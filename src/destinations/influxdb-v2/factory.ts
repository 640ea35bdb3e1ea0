import { influxDelivery } from '../influx-delivery.js';
import type { DestinationFactory } from '../destination-factory.js';
import { InfluxV2Sink } from './influxdb-v2-sink.js';
import type { InfluxdbV2Options } from './options.js';

export const influxdbV2Destination: DestinationFactory = {
  id: 'influxdb',
  name: 'InfluxDB v2',
  enabled: (config) => config.influxdbConfig?.enable === true && config.influxdbConfig.version === 2,
  create(config, deps) {
    const influx = config.influxdbConfig as InfluxdbV2Options;
    if (!influx.v2Config) throw new Error('influxdbConfig.v2Config is required when influxdbConfig.version is 2');
    return {
      sink: new InfluxV2Sink(influx, { logger: deps.logger, clock: deps.clock }),
      delivery: influxDelivery(config, influx.maxBatchSize),
    };
  },
};
