// Start-up checks across keys that the schema alone cannot express (Butler SOS ran them after loading and
// exited on failure). `--skip-config-verification` skips these; schema validation always runs.

import { categoriseConfigWarnings } from '../events/categorise.js';
import { pollsAnything, pollerConfigFrom } from '../pollers/config.js';
import { serverTagProblems } from '../pollers/server-tags.js';
import { opsConfigProblems, opsConfigWarnings } from '../ops/verify.js';
import { ROOT_KEY, type Config } from './schema/index.js';
import { auditConfigProblems } from '../audit/config-check.js';
import { DESTINATIONS } from '../destinations/registry.js';
import { enabledDestinations } from '../destinations/routes.js';

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
    ...destinationChecks(config).problems,
    ...auditConfigProblems(config.auditEvents),
  ];
  const warnings: string[] = [
    ...categoriseConfigWarnings(config.logEvents.categorise).map((w) => `${ROOT_KEY}.logEvents.categorise: ${w}`),
    ...destinationChecks(config).warnings,
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

/** Each enabled destination's own cross-key checks (its plugin's `check`), named by key. */
function destinationChecks(config: Config): { problems: string[]; warnings: string[] } {
  const out = { problems: [] as string[], warnings: [] as string[] };
  for (const d of enabledDestinations(config)) {
    const found = d.check?.(config);
    if (!found) continue;
    out.problems.push(...found.problems.map((p) => `${ROOT_KEY}.${p}`));
    out.warnings.push(...found.warnings.map((w) => `${ROOT_KEY}.${w}`));
  }
  return out;
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
  if (enabledDestinations(config).length > 0 || (!config.userEvents.enable && !logSocketEnabled(config))) return [];
  const sections = [...new Set(DESTINATIONS.flatMap((d) => d.sections.slice(0, 1)))].join(', ');
  return [`${ROOT_KEY}: events are received but no destination is enabled (${sections})`];
}
