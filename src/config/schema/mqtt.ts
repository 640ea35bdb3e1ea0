import Type from 'typebox';
import { Flag, Port, RequiredText } from './common.js';
import { enabledBy } from './keywords.js';

// `mqttConfig` (spec/destinations.md §4.1, §9.2).
export const MqttConfigSection = Type.Object(
  {
    enable: Flag(false),
    brokerHost: RequiredText('host'),
    brokerPort: Port(1883),
    baseTopic: Type.String({ default: 'butler-sos/', minLength: 1 }),
  },
  enabledBy('enable'),
);
