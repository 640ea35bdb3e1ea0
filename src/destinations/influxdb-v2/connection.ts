// Origin and TLS trust for the v2/v3 sinks, derived exactly as for v1 (same `host`, `port`, `tls` keys).

import { connectionOf, type InfluxV1Connection } from '../influxdb-v1/connection.js';
import type { InfluxdbConfigSubset } from '../influxdb-v1/options.js';
import type { InfluxdbCommonKeys } from './options.js';

export function httpConnectionOf(keys: InfluxdbCommonKeys): InfluxV1Connection {
  // connectionOf reads only host, port and tls; its parameter type is v1's whole section.
  return connectionOf({ host: keys.host, port: keys.port, tls: keys.tls } as InfluxdbConfigSubset);
}
