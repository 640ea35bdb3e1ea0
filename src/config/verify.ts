// Start-up checks across keys that the schema alone cannot express (Butler SOS ran them after loading and
// exited on failure). `--skip-config-verification` skips these; schema validation always runs.

import { categoriseConfigWarnings } from '../events/categorise.js';
import { pollsAnything, pollerConfigFrom } from '../pollers/config.js';
import { serverTagProblems } from '../pollers/server-tags.js';
import { opsConfigProblems, opsConfigWarnings } from '../ops/verify.js';
import { ROOT_KEY, type Config } from './schema/index.js';
import { auditConfigProblems } from '../audit/config-check.js';
import { v3RetentionPeriod } from '../destinations/influxdb-v3/retention.js';

export interface VerifyResult {
  problems: string[];
  warnings: string[];
}

export function verifyConfig(config: Config): VerifyResult {
  const problems: string[] = [
    ...serverTagProblems(config).map((p) => `${ROOT_KEY}.${p}`),
    ...certificateProblems(config),
    ...udpPortProblems(config),
    ...opsConfigProblems(config).map((p) => `${ROOT_KEY}.${p}`),
    ...influxV3Problems(config),
    ...auditConfigProblems(config.auditEvents),
  ];
  const warnings: string[] = [
    ...categoriseConfigWarnings(config.logEvents.categorise).map((w) => `${ROOT_KEY}.logEvents.categorise: ${w}`),
    ...destinationWarnings(config),
    ...opsConfigWarnings(config).map((w) => `${ROOT_KEY}.${w}`),
  ];
  return { problems, warnings };
}

/** The client certificate is needed once anything polls Qlik Sense; a UDP-only setup may leave it empty. */
function certificateProblems(config: Config): string[] {
  if (!pollsAnything(pollerConfigFrom(config))) return [];
  const why = config.serversToMonitor.servers.length > 0 ? 'serversToMonitor.servers is not empty' : 'appNames.enableAppNameExtract is true';
  return (['clientCert', 'clientCertKey', 'clientCertCA'] as const)
    .filter((key) => config.cert[key].trim() === '')
    .map((key) => `${ROOT_KEY}.cert.${key}: expected the path of a PEM file, found nothing (required while ${ROOT_KEY}.${why})`);
}

/** A v3 retention the server could not take would otherwise only show up as a warning after start. */
function influxV3Problems(config: Config): string[] {
  if (!config.influxdbConfig.enable || config.influxdbConfig.version !== 3) return [];
  try {
    v3RetentionPeriod(config.influxdbConfig.v3Config.retentionDuration);
    return [];
  } catch (err) {
    return [`${ROOT_KEY}.${(err as Error).message}`];
  }
}

function logSocketEnabled(config: Config): boolean {
  return Object.values(config.logEvents.source).some((s) => s.enable);
}

function udpPortProblems(config: Config): string[] {
  if (!config.userEvents.enable || !logSocketEnabled(config)) return [];
  const log = config.logEvents.udpServerConfig;
  const user = config.userEvents.udpServerConfig;
  if (log.portLogEvents !== user.portUserActivityEvents || log.serverHost !== user.serverHost) return [];
  return [
    `${ROOT_KEY}.userEvents.udpServerConfig.portUserActivityEvents: expected a port different from ` +
      `${ROOT_KEY}.logEvents.udpServerConfig.portLogEvents, found the same port ${log.portLogEvents} on the same host`,
  ];
}

/** Events that are received and parsed but can go nowhere are almost certainly a mistake. */
function destinationWarnings(config: Config): string[] {
  const anyDestination = config.influxdbConfig.enable || config.fileDestination.enable || config.mqttConfig.enable || config.newRelic.enable;
  if (anyDestination || (!config.userEvents.enable && !logSocketEnabled(config))) return [];
  return [`${ROOT_KEY}: events are received but no destination is enabled (influxdbConfig, fileDestination, mqttConfig, newRelic)`];
}
