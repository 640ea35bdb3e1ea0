// Shared set-up of the error-tracking e2e tests: a collector config (config/default.yaml as the base) that
// polls Qlik servers which fail, writes butler_sos_errors to an InfluxDB 1.x, and has nothing else enabled that
// writes to InfluxDB, so every write the tests see belongs to error tracking. Plus helpers to read the
// tracker's console summary lines out of the collector's JSON logs.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { generatePki, writeClientCertFiles, type ClientCertFiles, type Pki } from '../../bench/sim/qlik-api/pki.js';
import type { LogLine } from '../support/collector-process.js';
import { repoRoot } from '../support/paths.js';

export interface PolledServer {
  serverName: string;
  /** host:port as in serversToMonitor.servers[].host */
  host: string;
  /** Also poll proxy sessions of these virtual proxies. */
  virtualProxies?: string[];
}

export interface ErrorTrackingConfigSpec {
  influxPort: number;
  db: string;
  certs: ClientCertFiles;
  servers: PolledServer[];
  pollingIntervalMs: number;
  logLevel?: string;
}

export function errorTrackingConfig(spec: ErrorTrackingConfigSpec): Record<string, any> {
  const base = parse(readFileSync(join(repoRoot(), 'config', 'default.yaml'), 'utf8'))['Butler-SOS'];
  base.logLevel = spec.logLevel ?? 'info';
  base.errorTracking = { enable: true, logSummary: { enable: true }, influxdb: { enable: true, measurementName: 'butler_sos_errors' } };
  // No UDP sockets and no periodic counters: InfluxDB only receives error points.
  base.userEvents.enable = false;
  for (const source of Object.values(base.logEvents.source) as Array<{ enable: boolean }>) source.enable = false;
  base.qlikSenseEvents.influxdb.enable = false;
  base.logEvents.udpServerConfig.queueMetrics.influxdb.enable = false;
  base.userEvents.udpServerConfig.queueMetrics.influxdb.enable = false;
  base.uptimeMonitor.enable = false;
  base.fileDestination.enable = false;
  base.cert = { ...spec.certs, clientCertPassphrase: null };
  base.serversToMonitor = {
    pollingInterval: spec.pollingIntervalMs,
    rejectUnauthorized: true,
    serverTagsDefinition: null,
    servers: spec.servers.map((s) => ({
      host: s.host,
      serverName: s.serverName,
      serverDescription: `e2e ${s.serverName}`,
      userSessions: {
        enable: (s.virtualProxies ?? []).length > 0,
        host: s.host,
        virtualProxies: (s.virtualProxies ?? ['/']).map((virtualProxy) => ({ virtualProxy })),
      },
      serverTags: null,
      headers: null,
    })),
  };
  base.userSessions = { enableSessionExtract: spec.servers.some((s) => (s.virtualProxies ?? []).length > 0), pollingInterval: spec.pollingIntervalMs, excludeUser: null };
  base.influxdbConfig = {
    ...base.influxdbConfig,
    enable: true,
    host: '127.0.0.1',
    port: spec.influxPort,
    version: 1,
    v1Config: { auth: { enable: false }, dbName: spec.db, retentionPolicy: { name: '10d', duration: '10d' } },
  };
  return base;
}

export interface TempPki {
  pki: Pki;
  files: ClientCertFiles;
  cleanup(): void;
}

/** A fresh PKI with the client certificate files written to a temp dir. */
export function tempPki(): TempPki {
  const pki = generatePki();
  const dir = mkdtempSync(join(tmpdir(), 'bsos-e2e-certs-'));
  const files = writeClientCertFiles(dir, pki.client, pki.ca.certPem);
  return { pki, files, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface Summary {
  total: number;
  details: Record<string, { total: number; servers: Record<string, number> }>;
}

const SUMMARY_RE = /^ERROR TRACKER: Error counts today \(UTC\): Total=(\d+), Details=(\{.*\})$/;

/**
 * The running-total lines (docs/error-tracking.md#console-logging), parsed, in log order. Throws on a summary line of
 * the wrong shape.
 */
export function summaries(logs: readonly LogLine[]): Summary[] {
  const out: Summary[] = [];
  for (const l of logs) {
    if (typeof l.msg !== 'string' || !l.msg.startsWith('ERROR TRACKER: Error counts today')) continue;
    const m = SUMMARY_RE.exec(l.msg);
    if (!m) throw new Error(`summary line does not have the documented shape: ${l.msg}`);
    if (l.level !== 'info') throw new Error(`summary logged at ${l.level}, not info: ${l.msg}`);
    out.push({ total: Number(m[1]), details: JSON.parse(m[2]) });
  }
  return out;
}

/** Sum of the per-server counts of one summary, which must equal its Total. */
export function detailSum(s: Summary): number {
  return Object.values(s.details).reduce((n, t) => n + Object.values(t.servers).reduce((a, b) => a + b, 0), 0);
}
