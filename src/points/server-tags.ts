import type { Tag } from './point.js';
import { setTag } from './point.js';

// The per-server tags of health and session points (docs/pollers.md#server-tags).

/** The parts of `serversToMonitor.servers[]` that become tags (a `ServerConfig` fits). */
export interface ServerIdentity {
  host: string;
  serverName: string;
  serverDescription: string;
  serverTags: Readonly<Record<string, string | null>> | null;
}

/** `host:port` → `host` (the part before the first colon, as Butler SOS does). */
export function hostWithoutPort(host: string): string {
  const colon = host.indexOf(':');
  return colon < 0 ? host : host.slice(0, colon);
}

/**
 * host, server_name, server_description, then every custom server tag in config order. A custom tag may replace
 * a base tag (Butler assigned them to the same object); null or empty values are left out by the encoder.
 */
export function serverTags(server: ServerIdentity): Tag[] {
  const tags: Tag[] = [
    ['host', hostWithoutPort(server.host)],
    ['server_name', server.serverName],
    ['server_description', server.serverDescription],
  ];
  if (server.serverTags) {
    for (const [key, value] of Object.entries(server.serverTags)) {
      if (value !== null) setTag(tags, key, String(value));
    }
  }
  return tags;
}
