// The `influxdbConfig` keys the v1 sink reads, mirroring Butler SOS v15 (docs/destinations.md#influxdb-1x-start-up),
// plus two new optional keys with defaults (gzip, writeTimeoutMs) so old config files need no edits.

export interface InfluxdbV1Auth {
  enable: boolean;
  username: string;
  password: string;
}

export interface InfluxdbConfigSubset {
  enable: boolean;
  host: string;
  port: number;
  /** 1, 2 or 3; this sink handles 1. */
  version: number;
  /** Lines per write; Butler's default 1000. */
  maxBatchSize?: number;
  v1Config: {
    auth: InfluxdbV1Auth;
    dbName: string;
    retentionPolicy: { name: string; duration: string };
  };
  /** New: gzip request bodies (InfluxDB accepts Content-Encoding: gzip). Unset: on unless the host is loopback. */
  gzip?: boolean;
  /** New: per-request timeout for writes and provisioning. Default 10 000 ms. */
  writeTimeoutMs?: number;
  /** New: HTTPS towards InfluxDB (Butler SOS only spoke plain HTTP). Off when missing. */
  tls?: InfluxdbTls;
}

export interface InfluxdbTls {
  enable: boolean;
  /** PEM file with the CA (or self-signed certificate) to trust in addition to the system store. */
  caFile?: string;
  /** Default true; false accepts any certificate (test setups only). */
  rejectUnauthorized?: boolean;
}

/** TLS options for undici and node-influx, read once at start-up; undefined for plain HTTP. */
export interface ResolvedTls {
  ca?: string;
  rejectUnauthorized: boolean;
}

export const DEFAULT_WRITE_TIMEOUT_MS = 10_000;

/** Provisioning retry schedule while InfluxDB is unreachable at start. */
export interface ProvisionRetry {
  initialMs: number;
  maxMs: number;
}

export const DEFAULT_PROVISION_RETRY: ProvisionRetry = { initialMs: 1_000, maxMs: 30_000 };
