// The `influxdbConfig` keys every InfluxDB version reads (Butler SOS v15's host, port, version, maxBatchSize) plus
// the new optional connection keys with defaults (gzip, writeTimeoutMs, tls), so old config files need no edits.
// Each version adds its own section (v1/options.ts, v2/options.ts, v3/options.ts).

export interface InfluxdbCommonKeys {
  enable: boolean;
  host: string;
  port: number;
  /** 1, 2 or 3: which version's sink handles the section. */
  version: number;
  /** Lines per write; Butler's default 1000. */
  maxBatchSize?: number;
  /** New: gzip request bodies (InfluxDB accepts Content-Encoding: gzip). Unset: on unless the host is loopback. */
  gzip?: boolean;
  /** New: per-request timeout for writes and provisioning. Default 10 000 ms (v3: v3Config.writeTimeout). */
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

/** TLS options for undici and the client libraries, read once at start-up; undefined for plain HTTP. */
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
