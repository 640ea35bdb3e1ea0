// Start-up provisioning like Butler SOS (docs/destinations.md#influxdb-v2-and-v3): look the organisation up by name,
// look the bucket up, and create it when missing, with a real retention rule (Butler's `rp` was ignored,
// docs/compatibility.md D2.9.7). Existing buckets are never altered. Uses `@influxdata/influxdb-client`'s transport
// (auth, TLS, timeouts and its HttpError) for these few admin calls; the orgs/buckets endpoints are the ones its -apis
// package wraps.

import { HttpError, InfluxDB } from '@influxdata/influxdb-client';
import type { AppLogger } from '../../../log/logger.js';
import { kindOfHttpStatus, SinkWriteError } from '../../sink-error.js';
import type { ResolvedTls } from '../options.js';
import type { InfluxdbV2Section } from './options.js';
import { v2RetentionSeconds } from './retention.js';

interface OrgList {
  orgs?: Array<{ id?: string; name?: string }>;
}
interface BucketList {
  buckets?: Array<{ id?: string; name?: string }>;
}

export interface V2ProvisionerOptions {
  origin: string;
  tls?: ResolvedTls;
  timeoutMs: number;
  v2: InfluxdbV2Section;
  logger: AppLogger;
}

export class InfluxV2Provisioner {
  private readonly influx: InfluxDB;
  private readonly retention: number;

  constructor(private readonly options: V2ProvisionerOptions) {
    // Validated here so a bad duration fails start-up with the key named, not the first bucket creation.
    this.retention = v2RetentionSeconds(options.v2.retentionDuration);
    this.influx = new InfluxDB({
      url: options.origin,
      token: options.v2.token,
      timeout: options.timeoutMs,
      ...(options.tls ? { transportOptions: { ca: options.tls.ca, rejectUnauthorized: options.tls.rejectUnauthorized } } : {}),
    });
  }

  /** One provisioning attempt; throws SinkWriteError (retryable or config) when it must be tried again. */
  async provision(): Promise<void> {
    const { org, bucket, description } = this.options.v2;
    const log = this.options.logger;
    try {
      const orgID = await this.orgId(org);
      if (await this.bucketExists(orgID, bucket)) {
        log.info({ org, bucket }, 'InfluxDB bucket exists; leaving it unchanged.');
        return;
      }
      const retentionRules = this.retention > 0 ? [{ type: 'expire', everySeconds: this.retention }] : [];
      await this.call('POST', '/api/v2/buckets', { orgID, name: bucket, description, retentionRules });
      log.info({ org, bucket, retentionSeconds: this.retention }, 'Created InfluxDB bucket with its retention rule.');
    } catch (err) {
      if (err instanceof HttpError && (err.statusCode === 401 || err.statusCode === 403)) {
        // A write-only token cannot read orgs or buckets but may still write: the write path will tell.
        log.warn({ org, bucket, httpStatus: err.statusCode, err: err.message }, 'InfluxDB provisioning not allowed for this token; skipping it, writes will tell.');
        return;
      }
      if (err instanceof HttpError && err.statusCode === 422 && /already exists/i.test(err.message)) return;
      throw this.failure(err);
    }
  }

  private async orgId(org: string): Promise<string> {
    const found = await this.get<OrgList>(`/api/v2/orgs?org=${encodeURIComponent(org)}`);
    const id = found?.orgs?.find((o) => o.name === org)?.id;
    if (!id) {
      throw new SinkWriteError({
        kind: 'config',
        details: { message: `InfluxDB organisation "${org}" not found (influxdbConfig.v2Config.org)`, requestUrl: `${this.options.origin}/api/v2/orgs`, httpStatus: 404 },
      });
    }
    return id;
  }

  private async bucketExists(orgID: string, bucket: string): Promise<boolean> {
    const found = await this.get<BucketList>(`/api/v2/buckets?orgID=${encodeURIComponent(orgID)}&name=${encodeURIComponent(bucket)}`);
    return (found?.buckets ?? []).some((b) => b.name === bucket);
  }

  /** GET that maps 404 to undefined (InfluxDB 2.x answers 404 when a name filter matches nothing). */
  private async get<T>(path: string): Promise<T | undefined> {
    try {
      return (await this.call('GET', path)) as T;
    } catch (err) {
      if (err instanceof HttpError && err.statusCode === 404) return undefined;
      throw err;
    }
  }

  private call(method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> {
    return this.influx.transport.request(path, body ?? '', { method, headers: { accept: 'application/json' } });
  }

  private failure(err: unknown): unknown {
    if (err instanceof SinkWriteError || !(err instanceof HttpError)) return err;
    return new SinkWriteError({
      kind: kindOfHttpStatus(err.statusCode),
      details: { httpStatus: err.statusCode, message: `InfluxDB provisioning: ${err.message}`, requestUrl: this.options.origin, name: 'InfluxDBProvisionError' },
      cause: err,
    });
  }
}
