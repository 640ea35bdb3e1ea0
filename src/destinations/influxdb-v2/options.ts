// The `influxdbConfig` keys the v2 sink reads: Butler SOS v15's `v2Config` (docs/destinations.md#influxdb-v2-and-v3)
// plus the new optional connection keys shared with v1 (gzip, writeTimeoutMs, tls), so old config files need no edits.

import type { InfluxdbTls } from '../influxdb-v1/options.js';

export interface InfluxdbV2Section {
  org: string;
  bucket: string;
  /** Bucket description used when provisioning creates the bucket. */
  description: string;
  token: string;
  /** Retention of a bucket created at start-up, e.g. `10d`, `12h`, `1w2d`; `0` or `infinite` keeps data forever. */
  retentionDuration: string;
}

/** The common `influxdbConfig` keys every HTTP InfluxDB sink reads. */
export interface InfluxdbCommonKeys {
  enable: boolean;
  host: string;
  port: number;
  version: number;
  maxBatchSize?: number;
  /** New: gzip request bodies. Unset: on unless the host is loopback. */
  gzip?: boolean;
  /** New: per-request timeout for writes and provisioning. Default 10 000 ms (v3: v3Config.writeTimeout). */
  writeTimeoutMs?: number;
  /** New: HTTPS towards InfluxDB, optionally trusting a private CA. */
  tls?: InfluxdbTls;
}

export interface InfluxdbV2Options extends InfluxdbCommonKeys {
  v2Config: InfluxdbV2Section;
}
