import { boolLiteralFor, pushField, pushTag, type InfluxVersion, type Point } from './point.js';
import { memoryUsageSchema } from './schema/memory.js';
import { orderMembers } from './tags.js';

// `butlersos_memory_usage` from process.memoryUsage() (docs/data-model.md#butlersos_memory_usage).

export interface MemorySample {
  heapUsed: number;
  heapTotal: number;
  external: number;
  rss: number;
}

/** Bytes → MB with two decimals, as Butler SOS wrote them (toFixed(2) read back as a number). */
export function megabytes(bytes: number): number {
  return Number((bytes / 1024 / 1024).toFixed(2));
}

export function memoryUsagePoint(sample: MemorySample, instanceTag: string, appVersion: string, version: InfluxVersion, timeUs?: number): Point {
  const m = memoryUsageSchema.v[version];
  const p: Point = { measurement: memoryUsageSchema.measurement, tags: [], fields: [], timeUs, boolLiteral: boolLiteralFor(version) };
  pushTag(p.tags, m.instance, instanceTag);
  pushTag(p.tags, m.version, appVersion);
  pushField(p.fields, m.heapUsed, megabytes(sample.heapUsed));
  pushField(p.fields, m.heapTotal, megabytes(sample.heapTotal));
  pushField(p.fields, m.external, megabytes(sample.external));
  pushField(p.fields, m.processMemory, megabytes(sample.rss));
  return orderMembers(p, version);
}
