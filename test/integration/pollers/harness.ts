import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { generatePki, writeClientCertFiles, type ClientCertFiles, type Pki } from '../../../bench/sim/qlik-api/pki.js';
import type { QlikApiSim } from '../../../bench/sim/qlik-api/qlik-api-sim.js';
import { loadConfigText } from '../../../src/config/load.js';
import type { ServerConfig } from '../../../src/config/schema/index.js';
import { minimalYaml } from '../../unit/config/helpers.js';
import type { PollerConfig, PollerOptions } from '../../../src/pollers/config.js';
import type { PollerOutput } from '../../../src/pollers/poll-context.js';
import type { AppListMessage, BatchMessage, ErrorReport } from '../../../src/threads/messages.js';

// Shared set-up for the poller integration tests: a PKI, cert files in a temp dir, configs pointing at the
// simulator, and an in-memory output that records everything the pollers emit.

let cachedPki: Pki | undefined;
export function testPki(): Pki {
  cachedPki ??= generatePki();
  return cachedPki;
}

export interface TempCerts {
  dir: string;
  files: ClientCertFiles;
  cleanup(): void;
}

export function tempCerts(pki: Pki, which: 'good' | 'rogue' = 'good'): TempCerts {
  const dir = mkdtempSync(join(tmpdir(), 'butler-pollers-'));
  const client = which === 'good' ? pki.client : pki.rogueClient;
  const files = writeClientCertFiles(join(dir, 'cert'), client, pki.ca.certPem);
  return { dir, files, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export class MemoryOutput implements PollerOutput {
  readonly batches: Array<{ msg: BatchMessage; writer: number; at: number }> = [];
  readonly errors: ErrorReport[] = [];
  readonly appNameMessages: AppListMessage[] = [];
  batch = (msg: BatchMessage, writer: number) => {
    this.batches.push({ msg, writer, at: Date.now() });
  };
  error = (report: ErrorReport) => {
    this.errors.push(report);
  };
  appNames = (msg: AppListMessage) => {
    this.appNameMessages.push(msg);
  };
  lines(module?: string, dest = 'influxdb'): string[] {
    return this.batches
      .filter((b) => b.msg.dest === dest && (!module || b.msg.module === module))
      // Every record ends with '\n' (the body format of every producer).
      .flatMap((b) => Buffer.from(b.msg.body).toString('utf8').split('\n').slice(0, -1));
  }
}

export interface ServerSpec {
  host: string;
  serverName: string;
  serverDescription?: string;
  sessionHost?: string;
  virtualProxies?: string[];
  serverTags?: Record<string, string> | null;
  headers?: Record<string, string> | null;
}

export function serverEntry(s: ServerSpec): ServerConfig {
  return {
    host: s.host,
    serverName: s.serverName,
    serverDescription: s.serverDescription ?? `Simulated ${s.serverName}`,
    userSessions: {
      enable: s.virtualProxies !== undefined && s.virtualProxies.length > 0,
      host: s.sessionHost ?? s.host,
      virtualProxies: (s.virtualProxies ?? ['/']).map((virtualProxy) => ({ virtualProxy })),
    },
    serverTags: s.serverTags ?? null,
    headers: s.headers ?? null,
  } as ServerConfig;
}

export interface ConfigSpec {
  files: ClientCertFiles;
  servers: ServerSpec[];
  intervalMs?: number;
  sessionIntervalMs?: number;
  rejectUnauthorized?: boolean;
  sessions?: boolean;
  appNamesHost?: string;
  appNamesIntervalMs?: number;
  includeFields?: boolean;
  serverTagsDefinition?: string[];
  excludeUser?: Array<{ directory: string; userId: string }>;
  passphrase?: string | null;
}

export function pollerConfig(c: ConfigSpec): PollerConfig {
  return {
    cert: { ...c.files, clientCertPassphrase: c.passphrase ?? null },
    serversToMonitor: {
      pollingInterval: c.intervalMs ?? 60_000,
      rejectUnauthorized: c.rejectUnauthorized ?? true,
      serverTagsDefinition: c.serverTagsDefinition ?? [],
      servers: c.servers.map(serverEntry),
    },
    userSessions: {
      enableSessionExtract: c.sessions ?? false,
      pollingInterval: c.sessionIntervalMs ?? c.intervalMs ?? 60_000,
      excludeUser: c.excludeUser ?? [],
    },
    appNames: {
      enableAppNameExtract: c.appNamesHost !== undefined,
      extractInterval: c.appNamesIntervalMs ?? 60_000,
      hostIP: c.appNamesHost ?? '',
    },
    influxdbConfig: {
      includeFields: { activeDocs: c.includeFields ?? false, loadedDocs: c.includeFields ?? false, inMemoryDocs: c.includeFields ?? false },
    },
  } as PollerConfig;
}

/** A loaded config with the InfluxDB 1.x destination on. */
export function influxV1Config() {
  return loadConfigText(minimalYaml('    influxdbConfig:\n        enable: true\n        version: 1\n        host: influx.example\n'), 'poller-test.yaml', {}).config;
}

export function pollerOptions(sim: QlikApiSim | undefined, overrides: Partial<PollerOptions> = {}): PollerOptions {
  return {
    requestTimeoutMs: 2000,
    qrsPort: sim?.qrsPort ?? 4242,
    baseDir: process.cwd(),
    keepAliveTimeoutMs: 10_000,
    // Results encoded for InfluxDB 1.x on writer 0; the service's own PollerConfig decides what is polled.
    publish: { config: influxV1Config(), routes: [{ dest: 'influxdb', writer: 0 }], writerCount: 1 },
    ...overrides,
  };
}

/** Polls `check` every 20 ms until it returns true; fails naming `what` after `timeoutMs`. */
export async function waitFor(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(20);
  }
}
