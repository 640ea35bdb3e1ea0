// Collector configs for tests that start the built collector: config/default.yaml (the object under
// `Butler-SOS`) with its UDP ports on loopback, and an InfluxDB 1.x destination on a test influxd.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { repoRoot } from './paths.js';

/** config/default.yaml with both UDP sockets on 127.0.0.1 at the given ports. */
export function defaultCollectorConfig(logPort: number, userPort: number): Record<string, any> {
  const base = parse(readFileSync(join(repoRoot(), 'config', 'default.yaml'), 'utf8'))['Butler-SOS'];
  Object.assign(base.logEvents.udpServerConfig, { serverHost: '127.0.0.1', portLogEvents: logPort });
  Object.assign(base.userEvents.udpServerConfig, { serverHost: '127.0.0.1', portUserActivityEvents: userPort });
  return base;
}

/** Points `base` at an InfluxDB 1.x on 127.0.0.1:port (database `db`, no auth) instead of the file destination. */
export function useInfluxV1(base: Record<string, any>, port: number, db: string): Record<string, any> {
  base.influxdbConfig = {
    ...base.influxdbConfig,
    enable: true,
    host: '127.0.0.1',
    port,
    version: 1,
    v1Config: { auth: { enable: false }, dbName: db, retentionPolicy: { name: '10d', duration: '10d' } },
  };
  base.fileDestination.enable = false;
  return base;
}
