// The `influxdbConfig` keys the v2 sink reads besides the shared ones (../options.ts): Butler SOS v15's `v2Config`.

import type { InfluxdbCommonKeys } from '../options.js';

export interface InfluxdbV2Section {
  org: string;
  bucket: string;
  /** Bucket description used when provisioning creates the bucket. */
  description: string;
  token: string;
  /** Retention of a bucket created at start-up, e.g. `10d`, `12h`, `1w2d`; `0` or `infinite` keeps data forever. */
  retentionDuration: string;
}

export interface InfluxdbV2Options extends InfluxdbCommonKeys {
  v2Config: InfluxdbV2Section;
}
