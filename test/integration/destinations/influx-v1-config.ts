import type { InfluxdbConfigSubset } from '../../../src/destinations/influxdb/v1/options.js';

/** An influxdbConfig section as a Butler SOS v15 file would have it, pointing at a loopback port. */
export function v1Config(port: number, extra: Partial<InfluxdbConfigSubset> = {}): InfluxdbConfigSubset {
  return {
    enable: true,
    host: '127.0.0.1',
    port,
    version: 1,
    maxBatchSize: 1000,
    v1Config: {
      auth: { enable: false, username: '', password: '' },
      dbName: 'senseops',
      retentionPolicy: { name: '10d', duration: '10d' },
    },
    ...extra,
  };
}
