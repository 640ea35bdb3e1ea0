// The realistic system behind the dashboard tests: the Qlik Sense simulator's HTTPS APIs (3 nodes, node 3's
// health API failing so error tracking has data, QRS app list), the built collector polling them and
// receiving simulated UDP events of every source, writing to InfluxDB 1.x and serving /metrics.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { createCluster } from '../../bench/sim/cluster.js';
import { startCollector, type CollectorProcess } from '../support/collector-process.js';
import { freePort } from '../support/free-port.js';
import { repoRoot } from '../support/paths.js';
import { freeUdpPort } from '../support/udp.js';
import { startApiSim } from '../support/sim-api.js';
import { useInfluxV1 } from '../support/collector-config.js';

const SIM = join(repoRoot(), 'dist', 'bench', 'sim', 'cli.js');
const NODES = 3;
const SEED = '1';
export const ENV = 'dev';

// Node 3's health API fails (HTTP 500), so butler_sos_errors and the error counters have data.
const API_BEHAVIOUR = `${NODES}:health:status:500`;

export interface SimSystem {
  collector: CollectorProcess;
  config: Record<string, any>;
  metricsPort: number;
  /** Datagrams the UDP simulator sent, per source. */
  sent: { sent: number; bySource: Record<string, number> };
  sendMore(count: number): void;
  stop(): Promise<void>;
}

/** Apps whose qix-perf events the monitor filter rejects, so rejected_event_count has named apps. */
function excludedApps(): Array<{ appName: string }> {
  return createCluster({ nodes: NODES, seed: SEED })
    .apps.slice(0, 12)
    .map((a) => ({ appName: a.name }));
}

function collectorConfig(snippet: Record<string, any>, influxPort: number | null, metricsPort: number, logPort: number, userPort: number, nodeMetricsPort: number): Record<string, any> {
  const base = parse(readFileSync(join(repoRoot(), 'config', 'default.yaml'), 'utf8'))['Butler-SOS'];
  Object.assign(base.logEvents.udpServerConfig, { serverHost: '127.0.0.1', portLogEvents: logPort });
  Object.assign(base.userEvents.udpServerConfig, { serverHost: '127.0.0.1', portUserActivityEvents: userPort });
  base.logEvents.udpServerConfig.queueMetrics.influxdb.writeFrequency = 1000;
  base.userEvents.udpServerConfig.queueMetrics.influxdb.writeFrequency = 1000;
  base.qlikSenseEvents.influxdb.writeFrequency = 1000;
  base.cert = snippet.cert;
  base.appNames = { ...base.appNames, ...snippet.appNames, extractInterval: 2000 };
  const servers = (snippet.serversToMonitor.servers as Array<Record<string, any>>).map((s) => ({ ...s, serverTags: { qs_env: ENV } }));
  base.serversToMonitor = {
    ...base.serversToMonitor,
    ...snippet.serversToMonitor,
    servers,
    pollingInterval: 1000,
    serverTagsDefinition: ['qs_env'],
  };
  base.userSessions = { ...base.userSessions, enableSessionExtract: true, pollingInterval: 1000 };
  const perf = base.logEvents.enginePerformanceMonitor;
  perf.appNameLookup.enable = true;
  perf.monitorFilter.allApps.appExclude = excludedApps();
  base.uptimeMonitor = { ...base.uptimeMonitor, frequency: 'every 2 seconds', storeInInfluxdb: { butlerSOSMemoryUsage: true, instanceTag: ENV } };
  base.prometheus = { ...base.prometheus, enable: true, host: '127.0.0.1', port: metricsPort, nodeMetricsHost: '127.0.0.1', nodeMetricsPort };
  if (influxPort !== null) {
    useInfluxV1(base, influxPort, 'senseops');
    base.influxdbConfig.includeFields = { activeDocs: true, loadedDocs: true, inMemoryDocs: true };
  }
  return base;
}

function sendUdp(logPort: number, userPort: number, count: number, runId: number): { sent: number; bySource: Record<string, number> } {
  const args = [SIM, '--log-port', String(logPort), '--user-port', String(userPort), '--nodes', String(NODES), '--seed', SEED, '--rate', '1500', '--count', String(count), '--run-id', String(runId), '--json'];
  const send = spawnSync(process.execPath, args, { encoding: 'utf8', timeout: 60_000 });
  assert.equal(send.status, 0, send.stderr);
  return JSON.parse(send.stdout.trim().split('\n').pop()!);
}

/**
 * Starts the simulated cluster and the collector, calls `beforeSend` (e.g. to start a scraper), then sends
 * `count` UDP datagrams of every source.
 */
export async function startSimSystem(influxPort: number | null, count: number, beforeSend?: (metricsPort: number) => Promise<void>): Promise<SimSystem> {
  const dir = mkdtempSync(join(tmpdir(), 'bsos-dash-'));
  const { child: api, snippet } = await startApiSim(dir, ['--nodes', String(NODES), '--seed', SEED, '--api-behaviour', API_BEHAVIOUR], 600);
  const logPort = await freeUdpPort();
  const userPort = await freeUdpPort();
  const metricsPort = await freePort();
  const config = collectorConfig(snippet, influxPort, metricsPort, logPort, userPort, await freePort());
  let collector: CollectorProcess;
  try {
    collector = await startCollector(config);
  } catch (err) {
    api.kill('SIGTERM');
    throw err;
  }
  try {
    await beforeSend?.(metricsPort);
  } catch (err) {
    await collector.stop();
    api.kill('SIGTERM');
    throw err;
  }
  let runId = 11;
  const sent = sendUdp(logPort, userPort, count, runId);
  return {
    collector,
    config,
    metricsPort,
    sent,
    sendMore: (n) => void sendUdp(logPort, userPort, n, ++runId),
    async stop() {
      await collector.stop();
      api.kill('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
