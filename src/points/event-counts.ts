import type { Config } from '../config/schema/index.js';
import type { EventCountKey } from '../events/types.js';
import { encodeLine } from './line-protocol.js';
import { boolLiteralFor, pushField, pushTag, setTag, type InfluxVersion, type Point, type Tag } from './point.js';
import { eventCountSchema, rejectedEventCountSchema } from './schema/counters.js';
import { configTags, orderMembers } from './tags.js';

// `event_count` and `rejected_event_count` (docs/data-model.md#event_count, #rejected_event_count): one point per
// counter key and write interval. Butler's v3 writer also set `butler_sos_instance` from a key that does not exist, so
// the tag never reached InfluxDB; it is not written here either.

/** The parts of the configuration the counter builders read (a full `Config` fits). */
export interface CounterPointConfig {
  qlikSenseEvents: {
    eventCount: { influxdb: { measurementName: string; tags: Config['qlikSenseEvents']['eventCount']['influxdb']['tags'] } };
    rejectedEventCount: { influxdb: { measurementName: string } };
  };
  logEvents: { enginePerformanceMonitor: { trackRejectedEvents: { tags: Config['logEvents']['enginePerformanceMonitor']['trackRejectedEvents']['tags'] } } };
}

/** One key of the rejected qix-perf counters. */
export interface RejectedCountKey {
  appId: string;
  appName: string;
  method: string;
  objectType: string;
}

function newPoint(measurement: string, version: InfluxVersion, timeUs: number | undefined): Point {
  return { measurement, tags: [], fields: [], timeUs, boolLiteral: boolLiteralFor(version) };
}

function addStatic(tags: Tag[], statics: readonly Tag[]): void {
  for (let i = 0; i < statics.length; i++) setTag(tags, statics[i][0], statics[i][1]);
}

export function eventCountPoint(
  measurement: string,
  staticTags: readonly Tag[],
  version: InfluxVersion,
  key: EventCountKey,
  count: number,
  timeUs?: number,
): Point {
  const m = eventCountSchema.v[version];
  const p = newPoint(measurement, version, timeUs);
  pushTag(p.tags, m.eventType, key.eventType);
  pushTag(p.tags, m.source, key.source);
  pushTag(p.tags, m.host, key.host);
  pushTag(p.tags, m.subsystem, key.subsystem);
  addStatic(p.tags, staticTags);
  pushField(p.fields, m.counter, count);
  return orderMembers(p, version);
}

export function rejectedCountPoint(
  measurement: string,
  staticTags: readonly Tag[],
  version: InfluxVersion,
  key: RejectedCountKey,
  count: number,
  processTimeSum: number,
  timeUs?: number,
): Point {
  const m = rejectedEventCountSchema.v[version];
  const p = newPoint(measurement, version, timeUs);
  pushTag(p.tags, m.source, 'qseow-qix-perf');
  pushTag(p.tags, m.appId, key.appId);
  pushTag(p.tags, m.method, key.method);
  pushTag(p.tags, m.objectType, key.objectType);
  const nameSet = key.appName !== '';
  if (nameSet) pushTag(p.tags, m.appName, key.appName);
  pushTag(p.tags, m.appNameSet, nameSet ? 'true' : 'false');
  addStatic(p.tags, staticTags);
  pushField(p.fields, m.counter, count);
  pushField(p.fields, m.processTime, processTimeSum);
  return orderMembers(p, version);
}

export function createEventCountEncoder(
  config: CounterPointConfig,
  version: InfluxVersion,
): (key: EventCountKey, count: number, timeUs: number) => string {
  const section = config.qlikSenseEvents.eventCount.influxdb;
  const measurement = section.measurementName;
  const staticTags = configTags(section.tags);
  return (key, count, timeUs) => encodeLine(eventCountPoint(measurement, staticTags, version, key, count, timeUs));
}

export function createRejectedCountEncoder(
  config: CounterPointConfig,
  version: InfluxVersion,
): (key: RejectedCountKey, count: number, processTimeSum: number, timeUs: number) => string {
  const measurement = config.qlikSenseEvents.rejectedEventCount.influxdb.measurementName;
  const staticTags = configTags(config.logEvents.enginePerformanceMonitor.trackRejectedEvents.tags);
  return (key, count, processTimeSum, timeUs) =>
    encodeLine(rejectedCountPoint(measurement, staticTags, version, key, count, processTimeSum, timeUs));
}
