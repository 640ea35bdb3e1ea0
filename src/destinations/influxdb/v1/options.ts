// The `influxdbConfig` keys the v1 sink reads besides the shared ones (../options.ts), mirroring Butler SOS v15.

import type { InfluxdbCommonKeys } from '../options.js';

export interface InfluxdbV1Auth {
  enable: boolean;
  username: string;
  password: string;
}

export interface InfluxdbConfigSubset extends InfluxdbCommonKeys {
  v1Config: {
    auth: InfluxdbV1Auth;
    dbName: string;
    retentionPolicy: { name: string; duration: string };
  };
}
