// Shared helpers for the points unit tests: events parsed from the spec fixtures with the real parsers.
import assert from 'node:assert/strict';
import { createLogEventHandler } from '../../../src/events/log-event-router.js';
import { createUserEventHandler } from '../../../src/events/user-event.js';
import type { LogEvent, UserEvent } from '../../../src/events/types.js';
import { datagrams, logOptions, userOptions } from '../events/helpers.js';

export const TIME_US = 1_715_779_812_345_678;
export const TIME_NS = '1715779812345678000';

/** Config slices the encoders read; qs_env=dev as in the reference lines. */
export const CONFIG = {
  logEvents: {
    tags: [{ name: 'qs_env', value: 'dev' }],
    sendToMQTT: { enable: false },
    enginePerformanceMonitor: { trackRejectedEvents: { tags: [{ name: 'qs_env', value: 'dev' }] } },
    udpServerConfig: { queueMetrics: { influxdb: { measurementName: 'log_events_queue', tags: [{ name: 'qs_env', value: 'dev' }] } } },
  },
  userEvents: {
    tags: [{ name: 'qs_env', value: 'dev' }],
    udpServerConfig: { queueMetrics: { influxdb: { measurementName: 'user_events_queue', tags: [{ name: 'qs_env', value: 'dev' }] } } },
  },
  auditEvents: { queue: { queueMetrics: { influxdb: { measurementName: 'audit_events_queue', tags: [{ name: 'site', value: 'lab' }] } } } },
  mqttConfig: { enable: false },
  qlikSenseEvents: {
    eventCount: { influxdb: { measurementName: 'event_count', tags: [{ name: 'qs_env', value: 'dev' }] } },
    rejectedEventCount: { influxdb: { measurementName: 'rejected_event_count' } },
  },
};

/** The parsed log event of the fixture datagram that starts with `prefix` (e.g. '/qseow-proxy/;512;'). */
export function logEvent(prefix: string, file = 'log-events-constructed.txt'): LogEvent {
  const line = datagrams('udp', file).find((d) => d.startsWith(prefix));
  assert.ok(line, `no datagram starting with ${prefix} in ${file}`);
  const outcome = createLogEventHandler(logOptions({ enginePerformanceMonitor: { ...logOptions().enginePerformanceMonitor, appNameLookup: { enable: true } } }))(line);
  assert.equal(outcome.kind, 'event', `${prefix} did not parse to an event`);
  return (outcome as { event: LogEvent }).event;
}

export function userEvent(match: (d: string) => boolean, file = 'user-events-constructed.txt'): UserEvent {
  const line = datagrams('udp', file).find(match);
  assert.ok(line, `no matching datagram in ${file}`);
  const outcome = createUserEventHandler(userOptions())(line);
  assert.equal(outcome.kind, 'event');
  return (outcome as { event: UserEvent }).event;
}

/** A string as it appears inside a quoted line-protocol field value. */
export function quoted(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
}
