// Runs the built collector against a loopback InfluxDB v2 or v3 endpoint: fixture datagrams over UDP, SIGTERM
// drain, then hands back what the endpoint accepted plus the events the in-process parsers expect.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { loadConfigText } from '../../../src/config/load.js';
import { createLogEventHandler } from '../../../src/events/log-event-router.js';
import { logEventHandlerOptions, userEventHandlerOptions } from '../../../src/events/options.js';
import { createUserEventHandler } from '../../../src/events/user-event.js';
import { startCollector } from '../../support/collector-process.js';
import { fixturePath, repoRoot } from '../../support/paths.js';
import { datagramsOf, freeUdpPort, sendDatagrams } from '../../support/udp.js';

const logDatagrams = ['log-events-constructed.txt', 'log-events-from-tests.txt'].flatMap((f) => datagramsOf(fixturePath('spec', 'udp', f)));
const userDatagrams = ['user-events-constructed.txt', 'user-events-from-tests-and-docs.txt'].flatMap((f) => datagramsOf(fixturePath('spec', 'udp', f)));

export interface CollectorRun {
  exitCode: number | null;
  expectedLogEvents: number;
  expectedUserEvents: number;
  logs: Array<{ level: string; msg: string; [k: string]: unknown }>;
}

/** `influx` replaces influxdbConfig's version-specific keys (version, host, port, v2Config/v3Config). */
export async function runCollector(influx: Record<string, unknown>): Promise<CollectorRun> {
  const base = parse(readFileSync(`${repoRoot()}/config/default.yaml`, 'utf8'))['Butler-SOS'];
  const logPort = await freeUdpPort();
  const userPort = await freeUdpPort();
  base.logEvents.udpServerConfig.serverHost = '127.0.0.1';
  base.logEvents.udpServerConfig.portLogEvents = logPort;
  base.userEvents.udpServerConfig.serverHost = '127.0.0.1';
  base.userEvents.udpServerConfig.portUserActivityEvents = userPort;
  base.logEvents.udpServerConfig.queueMetrics.influxdb.enable = true;
  base.userEvents.udpServerConfig.queueMetrics.influxdb.enable = true;
  base.qlikSenseEvents.influxdb.enable = true;
  base.qlikSenseEvents.eventCount.enable = true;
  base.influxdbConfig = { ...base.influxdbConfig, enable: true, host: '127.0.0.1', ...influx };
  base.fileDestination.enable = false;

  const collector = await startCollector(base);
  await sendDatagrams(logPort, logDatagrams);
  await sendDatagrams(userPort, userDatagrams);
  await new Promise((r) => setTimeout(r, 300));
  const exitCode = await collector.stop('SIGTERM');

  const { config } = loadConfigText(JSON.stringify({ 'Butler-SOS': base }), 'e2e', {});
  const noApps = () => undefined;
  const logHandler = createLogEventHandler(logEventHandlerOptions(config.logEvents, config.qlikSenseEvents, noApps));
  const userHandler = createUserEventHandler(userEventHandlerOptions(config.userEvents, config.qlikSenseEvents, noApps));
  return {
    exitCode,
    expectedLogEvents: logDatagrams.map(logHandler).filter((o) => o.kind === 'event').length,
    expectedUserEvents: userDatagrams.map(userHandler).filter((o) => o.kind === 'event').length,
    logs: collector.logs,
  };
}

/** Lines of one measurement. */
export const ofMeasurement = (lines: string[], m: string): string[] => lines.filter((l) => l.startsWith(`${m},`) || l.startsWith(`${m} `));
