import type { InfluxdbV2Options } from '../../../src/destinations/influxdb/v2/options.js';
import type { InfluxdbV3Options } from '../../../src/destinations/influxdb/v3/options.js';

/** An influxdbConfig section for version 2 as a Butler SOS v15 file would have it, on a loopback port. */
export function v2Options(port: number, token: string, extra: Partial<InfluxdbV2Options> = {}): InfluxdbV2Options {
  return {
    enable: true,
    host: '127.0.0.1',
    port,
    version: 2,
    maxBatchSize: 1000,
    v2Config: { org: 'butler', bucket: 'senseops', description: 'Butler SOS metrics', token, retentionDuration: '10d' },
    // Loopback would default to plain bodies; the endpoints must see the compressed path a remote server gets.
    gzip: true,
    ...extra,
  };
}

/** An influxdbConfig section for version 3, on a loopback port. */
export function v3Options(port: number, token: string, extra: Partial<InfluxdbV3Options> = {}): InfluxdbV3Options {
  return {
    enable: true,
    host: '127.0.0.1',
    port,
    version: 3,
    maxBatchSize: 1000,
    v3Config: { database: 'senseops', token, description: 'Butler SOS metrics', retentionDuration: '10d', writeTimeout: 10_000, queryTimeout: 60_000 },
    gzip: true,
    ...extra,
  };
}
