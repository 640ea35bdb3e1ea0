// The start-up banner: what is running, from which config file, sending where, listening on which ports, so
// the first screen of a log answers "is this the collector I think it is". Plus the one line about
// `anonTelemetry` (docs/operations.md#telemetry-anontelemetry): the key is accepted for compatibility, nothing is sent.
import { arch, platform } from 'node:os';
import type { Config } from '../config/schema/index.js';
import type { AppLogger } from '../log/logger.js';
import { enabledDestinations } from '../destinations/routes.js';

export interface BannerInput {
  config: Config;
  appVersion: string;
  configFile?: string;
  /** Bound UDP ports when known (they differ from the config only with port 0); else the configured ones. */
  udpPorts?: { log?: number | null; user?: number | null };
}

/** The banner's lines; each is logged once, at info. */
export interface Banner {
  lines: string[];
}

function destinations(config: Config): string[] {
  const out = enabledDestinations(config).map((d) => d.describe(config));
  if (config.prometheus.enable) out.push(`Prometheus scrape endpoint`);
  return out;
}

function listening(input: BannerInput): string[] {
  const { config } = input;
  const out: string[] = [];
  const logOn = Object.values(config.logEvents.source).some((s) => (s as { enable?: boolean }).enable === true);
  if (logOn) {
    const port = input.udpPorts?.log ?? config.logEvents.udpServerConfig.portLogEvents;
    out.push(`log events UDP ${config.logEvents.udpServerConfig.serverHost}:${port}`);
  }
  if (config.userEvents.enable) {
    const port = input.udpPorts?.user ?? config.userEvents.udpServerConfig.portUserActivityEvents;
    out.push(`user events UDP ${config.userEvents.udpServerConfig.serverHost}:${port}`);
  }
  if (config.prometheus.enable) out.push(`Prometheus http://${config.prometheus.host}:${config.prometheus.port}/metrics`);
  if (config.dockerHealthCheck.enable) out.push(`Docker health check :${config.dockerHealthCheck.port}`);
  return out;
}

function operations(config: Config): string[] {
  const out: string[] = [];
  if (config.uptimeMonitor.enable) out.push(`uptime monitor "${config.uptimeMonitor.frequency}"`);
  if (config.heartbeat.enable) out.push(`heartbeat "${config.heartbeat.frequency}"`);
  const polls = config.serversToMonitor.servers.length;
  if (polls > 0) out.push(`health checks of ${polls} server(s) every ${config.serversToMonitor.pollingInterval} ms`);
  if (config.userSessions.enableSessionExtract) out.push(`proxy sessions every ${config.userSessions.pollingInterval} ms`);
  if (config.appNames.enableAppNameExtract) out.push(`app names every ${config.appNames.extractInterval} ms`);
  return out;
}

const list = (items: string[]): string => (items.length > 0 ? items.join(', ') : 'none');

export function startupBanner(input: BannerInput): Banner {
  const dests = destinations(input.config);
  const ports = listening(input);
  const ops = operations(input.config);
  const lines = [
    `Butler SOS ${input.appVersion} (multi-threaded edition) on Node ${process.version}, ${platform()}/${arch()}, pid ${process.pid}`,
    `Config file: ${input.configFile ?? '(none)'}`,
    `Destinations: ${list(dests)}`,
    `Listening: ${list(ports)}`,
    `Scheduled: ${list(ops)}`,
  ];
  return { lines };
}

/** The line `anonTelemetry` gets: true or false, nothing is sent to anyone. */
export function telemetryNotice(config: Pick<Config, 'anonTelemetry'>): string {
  return `Telemetry: anonTelemetry is ${config.anonTelemetry === true ? 'true' : 'false'}; anonymous telemetry to a third party is not built into this edition, so nothing is sent. The key is accepted for compatibility with Butler SOS config files.`;
}

/** Logs the banner and the telemetry line at info. */
export function logStartupBanner(logger: AppLogger, input: BannerInput): Banner {
  const banner = startupBanner(input);
  for (const line of banner.lines) logger.info(line);
  logger.info(telemetryNotice(input.config));
  return banner;
}
