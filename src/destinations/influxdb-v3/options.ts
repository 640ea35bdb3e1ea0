// The `influxdbConfig` keys the v3 sink reads: Butler SOS v15's `v3Config` (docs/destinations.md#influxdb-v2-and-v3)
// plus the new optional connection keys shared with v1/v2 (gzip, tls). `retentionDuration` is the retention period
// of a database created at start; `description` has no place in the v3 API (a start-up warning says so).

import type { InfluxdbCommonKeys } from '../influxdb-v2/options.js';

export interface InfluxdbV3Section {
  database: string;
  token: string;
  description?: string;
  retentionDuration?: string;
  /** Per-request timeout of writes, ms (Butler default 10 000, minimum 1000). */
  writeTimeout?: number;
  /** Timeout of the start-up requests (ping, database listing and creation), ms; Butler's default 60 000. */
  queryTimeout?: number;
}

export interface InfluxdbV3Options extends InfluxdbCommonKeys {
  v3Config: InfluxdbV3Section;
}
