import type { DestinationFactory } from '../destination-factory.js';
import { MqttSink } from './mqtt-sink.js';

export const mqttDestination: DestinationFactory = {
  id: 'mqtt',
  name: 'MQTT',
  enabled: (config) => config.mqttConfig?.enable === true,
  create(config, deps) {
    return { sink: new MqttSink(config.mqttConfig!, { logger: deps.logger }) };
  },
};
