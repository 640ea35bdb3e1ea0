// What the sink and the plugin derive from the `openTelemetry` section: request URLs and headers, the kinds of
// data it takes, and the cross-key checks.
import type { Config } from '../../config/schema/index.js';
import type { DataKind } from '../../publish/published-data.js';
import type { OpenTelemetryConfig } from './section.js';

export const LOGS_PATH = '/v1/logs';
export const METRICS_PATH = '/v1/metrics';

/** Headers the destination sets itself; configuring them would be accepted and ignored, so it is refused. */
const RESERVED_HEADERS = new Set(['content-type', 'content-encoding', 'content-length', 'transfer-encoding', 'host']);

export function signalUrl(endpoint: string, path: typeof LOGS_PATH | typeof METRICS_PATH): string {
  return `${endpoint.replace(/\/+$/, '')}${path}`;
}

export function contentType(config: Pick<OpenTelemetryConfig, 'protocol'>): string {
  return config.protocol === 'http/json' ? 'application/json' : 'application/x-protobuf';
}

/** Every request's headers: the configured ones (names lowercased), then content type and encoding. */
export function requestHeaders(config: Pick<OpenTelemetryConfig, 'headers' | 'protocol' | 'compression'>): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const h of config.headers) headers[h.name.toLowerCase()] = h.value;
  headers['content-type'] = contentType(config);
  if (config.compression === 'gzip') headers['content-encoding'] = 'gzip';
  return headers;
}

export function takesKind(config: Pick<OpenTelemetryConfig, 'dataKinds'>, kind: DataKind): boolean {
  return config.dataKinds.length === 0 || config.dataKinds.includes(kind);
}

/** Problems the schema cannot see. Each names its key. */
export function checkOpenTelemetry(config: Config): { problems: string[]; warnings: string[] } {
  const c = config.openTelemetry;
  const problems: string[] = [];
  const key = (k: string): string => `Butler-SOS.openTelemetry.${k}`;
  let path = '';
  try {
    path = new URL(c.endpoint).pathname.replace(/\/+$/, '');
  } catch {
    // The schema's uri format already reported it.
  }
  if (path.endsWith(LOGS_PATH) || path.endsWith(METRICS_PATH)) {
    problems.push(`${key('endpoint')}: "${c.endpoint}" is the base URL; ${LOGS_PATH} and ${METRICS_PATH} are appended to it, so leave them out`);
  }
  const seen = new Set<string>();
  c.headers.forEach((h, i) => {
    const name = h.name.toLowerCase();
    if (RESERVED_HEADERS.has(name)) problems.push(`${key(`headers[${i}].name`)}: ${h.name} is set by the destination itself (from protocol and compression)`);
    if (seen.has(name)) problems.push(`${key(`headers[${i}].name`)}: ${h.name} is listed twice`);
    seen.add(name);
  });
  c.resourceAttributes.forEach((a, i) => {
    if (a.name === 'service.name' || a.name === 'host.name') {
      problems.push(`${key(`resourceAttributes[${i}].name`)}: ${a.name} is set per record (the Qlik Sense host and service); add other attributes`);
    }
  });
  return { problems, warnings: [] };
}
