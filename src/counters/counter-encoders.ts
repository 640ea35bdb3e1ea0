// The tracker's encoders, one per InfluxDB dialect the enabled destinations need.
import type { Config } from '../config/schema/index.js';
import type { EventCountKey } from '../events/types.js';
import {
  createEventCountEncoder,
  createIngestMetricsEncoder,
  createRejectedCountEncoder,
  type IngestMetricsSnapshot,
  type InfluxVersion,
} from '../points/index.js';
import type { EventCountRow, RejectedCountRow } from './event-count-table.js';

type Encoders<T> = Array<[InfluxVersion, (row: T, timeUs: number) => string]>;

export interface CounterEncoders {
  eventCount: Encoders<EventCountRow>;
  rejectedCount: Encoders<RejectedCountRow>;
  ingest: Encoders<IngestMetricsSnapshot>;
}

export function createCounterEncoders(config: Config, versions: readonly InfluxVersion[]): CounterEncoders {
  return {
    eventCount: versions.map((v) => {
      const encode = createEventCountEncoder(config, v);
      return [v, (row: EventCountRow, timeUs: number) => encode(row as EventCountKey, row.counter, timeUs)];
    }),
    rejectedCount: versions.map((v) => {
      const encode = createRejectedCountEncoder(config, v);
      return [v, (row: RejectedCountRow, timeUs: number) => encode(row, row.counter, row.processTime, timeUs)];
    }),
    ingest: versions.map((v) => [v, createIngestMetricsEncoder(config, v)]),
  };
}
