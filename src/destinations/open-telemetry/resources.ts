// Who a record is about (its OTel resource). Qlik data: the Qlik Sense host and service that produced it
// (host.name, service.name `qlik-sense-<service>`); the collector's own data: service.name `butler-sos` on the
// collector's host. Decided here so every encoder agrees (docs/open-telemetry.md#resources).
import type { ServerConfig } from '../../config/schema/index.js';

export type ResourceAttrs = Record<string, string>;

/** `qseow-engine` → `qlik-sense-engine`; qix-perf events come from the engine. */
export function qlikService(source: string): string {
  if (source === 'qseow-qix-perf') return 'qlik-sense-engine';
  return `qlik-sense-${source.startsWith('qseow-') ? source.slice(6) : source}`;
}

export function qlikHostResource(host: string, service: string): ResourceAttrs {
  return { 'service.name': service, 'host.name': host };
}

/** Host part of `host[:port]` (also `[v6]:port`). */
export function hostOnly(hostPort: string): string {
  if (hostPort.startsWith('[')) {
    const end = hostPort.indexOf(']');
    return end > 0 ? hostPort.slice(1, end) : hostPort;
  }
  const colon = hostPort.indexOf(':');
  return colon >= 0 && hostPort.indexOf(':', colon + 1) < 0 ? hostPort.slice(0, colon) : hostPort;
}

/** A polled server: its host, configured name, description and serverTags. */
export function serverResource(server: ServerConfig, service: string, version?: string): ResourceAttrs {
  const r: ResourceAttrs = { 'service.name': service, 'host.name': hostOnly(server.host), 'qlik_sense.server.name': server.serverName };
  if (version) r['service.version'] = version;
  if (server.serverDescription) r['qlik_sense.server.description'] = server.serverDescription;
  for (const [k, v] of Object.entries(server.serverTags ?? {})) if (v !== null) r[`qlik_sense.server.tag.${k}`] = String(v);
  return r;
}

export function collectorResource(hostname: string, appVersion: string): ResourceAttrs {
  return { 'service.name': 'butler-sos', 'service.version': appVersion, 'host.name': hostname };
}
