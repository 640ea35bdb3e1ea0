// How a destination turns published data into the records of its batches. Runs in the producer threads
// (parse workers, tracker, poller), so it must be pure and cheap: one call per datum.
import type { DataKind, PublishedData } from './published-data.js';

/** Receives one record: a line of the batch body (no '\n' inside; line protocol or one JSON value). */
export type RecordOut = (record: string) => void;

/** Encodes one datum into zero or more records. */
export type Encoder<K extends DataKind> = (datum: PublishedData[K], out: RecordOut) => void;

export type Encoders = { [K in DataKind]?: Encoder<K> };

/** What a producer thread knows that encoders may need. */
export interface EncodingContext {
  /** This collector's version (package.json), for attributes such as New Relic's butlerSosVersion. */
  appVersion: string;
}

export interface DestinationEncoding {
  /**
   * Destinations with equal keys get the same body for the same data and share one encoding pass (the
   * InfluxDB destination and the file destination writing the same line-protocol dialect).
   */
  key: string;
  encoders: Encoders;
}
