// The config visualisation page's masking, as Butler SOS v15 does it (docs/web-console.md): a masked deep
// copy of the running config. Secret-looking keys lose their whole subtree; a list of known secret values
// is masked fully; host names, topics and paths keep their first few characters.

import { DESTINATIONS } from '../../destinations/registry.js';

export const MASK = '**********';

const SECRET_KEY = /password|passwd|pwd|secret|token|api[_-]?key|api[_-]?token|access[_-]?key|passphrase|client[_-]?secret/i;

// Paths under Butler-SOS; `[]` stands for any list index, `*` for any key.
const FULL: readonly string[] = [
  'newRelic.event.header[].value',
  'newRelic.metric.header[].value',
  'serversToMonitor.servers[].headers.*',
  ...DESTINATIONS.flatMap((d) => d.secretPaths ?? []),
];

const PARTIAL: ReadonlyArray<[path: string, keep: number]> = [
  ...[
    'configVisualisation.host',
    'thirdPartyToolsCredentials.newRelic[].accountId',
    'userEvents.udpServerConfig.serverHost',
    'logEvents.udpServerConfig.serverHost',
    'mqttConfig.brokerHost',
    'prometheus.host',
    'prometheus.nodeMetricsHost',
    'influxdbConfig.host',
    'influxdbConfig.v2Config.org',
    'influxdbConfig.v2Config.bucket',
    'influxdbConfig.v1Config.auth.username',
    'appNames.hostIP',
    'serversToMonitor.servers[].host',
    'serversToMonitor.servers[].userSessions.host',
    'serversToMonitor.servers[].userSessions.virtualProxies[].virtualProxy',
  ].map((p): [string, number] => [p, 3]),
  ['logEvents.enginePerformanceMonitor.monitorFilter.appSpecific.app[].include[].appId', 5],
  ['logEvents.enginePerformanceMonitor.monitorFilter.appSpecific.app[].include[].appName', 5],
  ...[
    'heartbeat.remoteURL',
    'userEvents.sendToMQTT.postTo.everythingTopic.topic',
    'userEvents.sendToMQTT.postTo.sessionStartTopic.topic',
    'userEvents.sendToMQTT.postTo.sessionStopTopic.topic',
    'userEvents.sendToMQTT.postTo.connectionOpenTopic.topic',
    'userEvents.sendToMQTT.postTo.connectionCloseTopic.topic',
    'logEvents.sendToMQTT.baseTopic',
    'cert.clientCert',
    'cert.clientCertKey',
    'cert.clientCertCA',
  ].map((p): [string, number] => [p, 10]),
];

const partialByPath = new Map(PARTIAL);
const fullPaths = new Set(FULL);

/** A masked deep copy of `config` (the object under `Butler-SOS`). */
export function obfuscateConfig(config: unknown): unknown {
  return walk(config, []);
}

function walk(value: unknown, path: string[]): unknown {
  const key = path.join('.').replaceAll('.[]', '[]');
  if (path.length > 0) {
    const last = path[path.length - 1];
    if (last !== '[]' && SECRET_KEY.test(last)) return MASK;
    if (fullPaths.has(key) || fullPaths.has(`${key.slice(0, key.lastIndexOf('.'))}.*`)) return value === null || value === undefined ? value : MASK;
    const keep = partialByPath.get(key);
    if (keep !== undefined && value !== null && value !== undefined && typeof value !== 'object') return `${String(value).slice(0, keep)}${MASK}`;
  }
  if (Array.isArray(value)) return value.map((v) => walk(v, [...path, '[]']));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = walk(v, [...path, k]);
    return out;
  }
  return value;
}
