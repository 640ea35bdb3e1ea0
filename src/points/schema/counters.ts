import { defineMeasurement, field, tag } from './define.js';

// Per-interval event counters (docs/data-model.md#event_count, #rejected_event_count). Neither is in node-influx's
// schema, so v1 wrote every number as a float.

export const eventCountSchema = defineMeasurement(
  'event_count',
  'Events seen per (event type, source, host, subsystem) during one write interval',
  {
    eventType: tag('event_type', 'always', '`log` | `user`'),
    source: tag('source', 'always', 'Event source, e.g. qseow-proxy, qseow-proxy-session, `Unknown`'),
    host: tag('host', 'always', 'Qlik host as sent in the event, `Unknown` if not parsable'),
    subsystem: tag('subsystem', 'always', 'Log events: Qlik subsystem; user events: the origin field'),
    counter: field('Events in the interval', 'always', ['counter', 'float'], ['counter', 'integer'], ['counter', 'integer']),
  },
  {
    nameConfigKey: 'qlikSenseEvents.eventCount.influxdb.measurementName',
    dynamicTags: [{ label: 'static tags', description: 'every qlikSenseEvents.eventCount.influxdb.tags entry' }],
  },
);

export const rejectedEventCountSchema = defineMeasurement(
  'rejected_event_count',
  'qix-perf events rejected by the monitor filters during one write interval',
  {
    source: tag('source', 'always', '`qseow-qix-perf`'),
    appId: tag('app_id', 'non-empty', 'App id'),
    method: tag('method', 'always', 'Engine method'),
    objectType: tag('object_type', 'always', 'Object type'),
    appName: tag('app_name', 'non-empty', 'App name'),
    appNameSet: tag('app_name_set', 'always', '`true` when the app name is known, else `false`'),
    counter: field('Rejected events in the interval', 'always', ['counter', 'float'], ['counter', 'integer'], ['counter', 'integer']),
    processTime: field('Sum of the process times of the rejected events, ms', 'always', ['process_time', 'float'], ['process_time', 'float'], ['process_time', 'float']),
  },
  {
    nameConfigKey: 'qlikSenseEvents.rejectedEventCount.influxdb.measurementName',
    dynamicTags: [{ label: 'static tags', description: 'every logEvents.enginePerformanceMonitor.trackRejectedEvents.tags entry' }],
  },
);
