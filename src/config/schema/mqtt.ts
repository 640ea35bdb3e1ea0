import Type from 'typebox';
import { Flag, Int, Port, RequiredText, Text, Words } from './common.js';
import { enabledBy } from './keywords.js';

// `mqttConfig` (docs/mqtt.md#new-settings-all-optional-the-defaults-behave-like-butler-sos-v15,
// docs/configuration.md#key-reference). Butler SOS v15 had only the first four keys (plain mqtt://, no auth, QoS 0, no
// retain); the rest are new, with defaults that keep that behaviour.
export const MqttConfigSection = Type.Object(
  {
    enable: Flag(false),
    brokerHost: RequiredText('host'),
    brokerPort: Port(1883),
    baseTopic: Type.String({ default: 'butler-sos/', minLength: 1 }),
    /** `mqtts` connects with TLS (usually port 8883). */
    protocol: Words(['mqtt', 'mqtts'], 'mqtt'),
    tls: Type.Object({
      /** PEM file with the CA(s) that signed the broker certificate; '' uses Node's default CAs. */
      caFile: Text(''),
      /** PEM client certificate and key for brokers that require client authentication; '' for none. */
      certFile: Text(''),
      keyFile: Text(''),
      rejectUnauthorized: Flag(true),
    }),
    username: Text(''),
    password: Text(''),
    /** '' lets the collector pick a random client id per start, as Butler SOS did. */
    clientId: Text(''),
    qos: Int(0, { minimum: 0, maximum: 2 }),
    retain: Flag(false),
  },
  enabledBy('enable'),
);
