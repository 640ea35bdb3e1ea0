import { influxDelivery } from '../influx-delivery.js';
import type { DestinationFactory } from '../destination-factory.js';
import { InfluxV1Sink } from './influxdb-v1-sink.js';

export const influxdbV1Destination: DestinationFactory = {
  id: 'influxdb',
  name: 'InfluxDB v1',
  enabled: (config) => config.influxdbConfig?.enable === true && config.influxdbConfig.version === 1,
  create(config, deps) {
    const influx = config.influxdbConfig!;
    return {
      sink: new InfluxV1Sink(influx, { logger: deps.logger, clock: deps.clock, written: config.v1FieldTypes }),
      delivery: influxDelivery(config, influx.maxBatchSize),
    };
  },
};
