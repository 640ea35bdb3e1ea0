import Type from 'typebox';
import { Flag, IntervalMs, NameValueList } from './common.js';

// Shared counters for log and user events (docs/inputs.md#event-counters-qliksenseevents,
// docs/data-model.md#event_count).

const QS_ENV_DEV = [{ name: 'qs_env', value: 'dev' }];

export const QlikSenseEventsSection = Type.Object({
  influxdb: Type.Object({ enable: Flag(false), writeFrequency: IntervalMs(20000) }),
  eventCount: Type.Object({
    enable: Flag(false),
    influxdb: Type.Object({
      measurementName: Type.String({ default: 'event_count', minLength: 1 }),
      tags: NameValueList(QS_ENV_DEV),
    }),
  }),
  rejectedEventCount: Type.Object({
    enable: Flag(false),
    influxdb: Type.Object({
      measurementName: Type.String({ default: 'rejected_event_count', minLength: 1 }),
    }),
  }),
});
