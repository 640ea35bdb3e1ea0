// Health check → MQTT (docs/mqtt.md#what-is-published): one plain-text message per value under
// `<mqttConfig.baseTopic><server host without port>/`, including Butler's `mem/comitted` spelling.
import type { EngineHealthBody } from '../../../points/health.js';
import { hostWithoutPort } from '../../../points/server-tags.js';
import type { MqttRecord } from './record.js';

/** Doc-id lists as Butler sent them: Array#toString, i.e. comma-separated, '' when empty or absent. */
function docList(ids: readonly string[] | undefined): string {
  return (ids ?? []).join(',');
}

/**
 * The messages of one health poll. `serverHost` is `servers[].host` (the port is removed here). A body
 * without `saturated` (older engines) gets no `saturated` message; Butler SOS threw there instead.
 */
export function healthMqttRecords(baseTopic: string, serverHost: string, body: EngineHealthBody): MqttRecord[] {
  // Plain concatenation, as Butler SOS did: the base topic is documented to end with '/'.
  const prefix = baseTopic + hostWithoutPort(serverHost) + '/';
  const out: MqttRecord[] = [];
  const add = (suffix: string, payload: string): void => {
    out.push({ topic: prefix + suffix, payload });
  };
  add('version', body.version);
  add('started', body.started);
  add('mem/comitted', String(body.mem.committed));
  add('mem/allocated', String(body.mem.allocated));
  add('mem/free', String(body.mem.free));
  add('cpu/total', String(body.cpu.total));
  add('session/active', String(body.session.active));
  add('session/total', String(body.session.total));
  add('apps/active_docs', docList(body.apps.active_docs));
  add('apps/loaded_docs', docList(body.apps.loaded_docs));
  add('apps/in_memory_docs', docList(body.apps.in_memory_docs));
  add('apps/calls', String(body.apps.calls));
  add('apps/selections', String(body.apps.selections));
  add('users/active', String(body.users.active));
  add('users/total', String(body.users.total));
  add('cache/hits', String(body.cache.hits));
  add('cache/lookups', String(body.cache.lookups));
  add('cache/added', String(body.cache.added));
  add('cache/replaced', String(body.cache.replaced));
  add('cache/bytes_added', String(body.cache.bytes_added));
  if (body.cache.lookups > 0) add('cache/hit_ratio', String(Math.floor((body.cache.hits / body.cache.lookups) * 100)));
  if (body.saturated !== undefined) add('saturated', String(body.saturated));
  return out;
}

/**
 * Proxy sessions → MQTT (docs/mqtt.md#what-is-published): topic `<baseTopic><userSessions host without
 * port>/usersession<virtualProxy>`, payload the raw QPS response pretty-printed (2 spaces), not filtered by
 * excludeUser.
 */
export function sessionMqttRecord(baseTopic: string, userSessionsHost: string, virtualProxy: string, rawBody: unknown): MqttRecord {
  return { topic: `${baseTopic}${hostWithoutPort(userSessionsHost)}/usersession${virtualProxy}`, payload: JSON.stringify(rawBody, null, 2) };
}
