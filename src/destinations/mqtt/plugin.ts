import type { DestinationPlugin } from '../plugin.js';
import { mqttEncoding, mqttTakes } from './encoding.js';

export const mqttDestination: DestinationPlugin = {
  id: 'mqtt',
  name: 'MQTT',
  sections: ['mqttConfig'],
  errorTypes: ['MQTT_PUBLISH'],
  enabled: (config) => config.mqttConfig.enable === true,
  takes: mqttTakes,
  encoding: (config) => mqttEncoding(config),
  describe: (config) => {
    const m = config.mqttConfig;
    return `MQTT ${m.protocol ?? 'mqtt'}://${m.brokerHost}:${m.brokerPort} (base topic ${m.baseTopic})`;
  },
  async create(config, deps) {
    const { MqttSink } = await import('./mqtt-sink.js');
    return { sink: new MqttSink(config.mqttConfig, { logger: deps.logger }) };
  },
};
