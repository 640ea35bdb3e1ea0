// The `influxdbConfig` keys the v3 sink reads: Butler SOS v15's `v3Config` (spec/destinations.md §2.1) plus
// the new optional connection keys shared with v1/v2 (gzip, tls). `description` and `retentionDuration` are
// accepted for compatibility; InfluxDB 3 creates the database on first write and Butler never used them.

import type { InfluxdbCommonKeys } from '../influxdb-v2/options.js';

export interface InfluxdbV3Section {
  database: string;
  token: string;
  description?: string;
  retentionDuration?: string;
  /** Per-request timeout of writes, ms (Butler default 10 000, minimum 1000). */
  writeTimeout?: number;
  /** Butler's SQL query timeout; we issue no queries, kept for compatibility. */
  queryTimeout?: number;
}

export interface InfluxdbV3Options extends InfluxdbCommonKeys {
  v3Config: InfluxdbV3Section;
}
