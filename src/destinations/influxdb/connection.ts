// Where and how a sink connects: scheme, origin and TLS trust, derived once from the shared `host`, `port` and
// `tls` keys so that the writes and the provisioning of every version cannot disagree.

import { readFileSync } from 'node:fs';
import type { InfluxdbCommonKeys, ResolvedTls } from './options.js';

export interface InfluxConnection {
  protocol: 'http' | 'https';
  /** e.g. https://influx.local:8086 */
  origin: string;
  host: string;
  port: number;
  tls: ResolvedTls | undefined;
}

export function connectionOf(config: Pick<InfluxdbCommonKeys, 'host' | 'port' | 'tls'>): InfluxConnection {
  const tlsConfig = config.tls?.enable ? config.tls : undefined;
  let tls: ResolvedTls | undefined;
  if (tlsConfig) {
    tls = { rejectUnauthorized: tlsConfig.rejectUnauthorized ?? true };
    if (tlsConfig.caFile) {
      try {
        tls.ca = readFileSync(tlsConfig.caFile, 'utf8');
      } catch (err) {
        throw new Error(`influxdbConfig.tls.caFile: cannot read ${tlsConfig.caFile}: ${(err as Error).message}`, { cause: err });
      }
    }
  }
  const protocol = tls ? 'https' : 'http';
  // IPv6 literals need brackets in a URL.
  const hostInUrl = config.host.includes(':') ? `[${config.host}]` : config.host;
  return { protocol, origin: `${protocol}://${hostInUrl}:${config.port}`, host: config.host, port: config.port, tls };
}
