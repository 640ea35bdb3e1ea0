import Type, { type TProperties } from 'typebox';
import { Flag, Int, IntervalMs, NameValueList, Port, StringList } from './common.js';

// `udpServerConfig` of the log-event and user-event listeners
// (docs/inputs.md#limits-applied-on-the-socket-in-this-order, docs/configuration.md#key-reference). Both share one
// shape except for the name of the port key.

const QueueMetrics = (measurementName: string) =>
  Type.Object({
    influxdb: Type.Object({
      enable: Flag(false),
      writeFrequency: IntervalMs(20000),
      measurementName: Type.String({ default: measurementName, minLength: 1 }),
      tags: NameValueList([{ name: 'qs_env', value: 'dev' }]),
    }),
  });

function udpServerConfig<P extends TProperties>(portProperty: P, queueMeasurement: string) {
  return Type.Object({
    // Butler SOS's template binds all interfaces; a file that leaves the key out gets the same.
    serverHost: Type.String({ default: '0.0.0.0', minLength: 1, format: 'host' }),
    ...portProperty,
    messageQueue: Type.Object({
      maxConcurrent: Int(10, { minimum: 1 }),
      maxSize: Int(200, { minimum: 1 }),
      backpressureThreshold: Int(80, { minimum: 1, maximum: 100 }),
    }),
    rateLimit: Type.Object({ enable: Flag(false), maxMessagesPerMinute: Int(600, { minimum: 1 }) }),
    maxMessageSize: Int(65507, { minimum: 1, maximum: 65507 }),
    enableSourceValidation: Flag(false),
    allowedSources: StringList(),
    queueMetrics: QueueMetrics(queueMeasurement),
  });
}

export const LogEventsUdpServer = udpServerConfig({ portLogEvents: Port(9996) }, 'log_events_queue');
export const UserEventsUdpServer = udpServerConfig({ portUserActivityEvents: Port(9997) }, 'user_events_queue');
