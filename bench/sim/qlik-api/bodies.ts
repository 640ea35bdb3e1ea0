import type { Cluster, SimNode } from '../cluster.js';
import { formatCompactTs } from '../qlik-time.js';

// Response bodies of the simulated Qlik Sense APIs, drawn from the shared cluster model so app ids and users
// agree with the UDP events. Values vary with a poll counter so consecutive polls differ, but every value is a
// pure function of (cluster, node, counter): a test can recompute what it was served.

export function healthBody(cluster: Cluster, node: SimNode, counter: number): Record<string, unknown> {
  const onNode = cluster.sessions.filter((s) => s.node.index === node.index);
  const appIds = [...new Set(onNode.map((s) => s.app.id))];
  const active = appIds.slice(0, Math.max(1, Math.floor(appIds.length / 2)));
  const sessionApp = `SessionApp_${cluster.apps[node.index % cluster.apps.length].id}`;
  const users = new Set(onNode.map((s) => `${s.user.directory}\\${s.user.userId}`));
  const committed = 4000 + node.index * 100 + (counter % 50) + 0.25;
  return {
    version: cluster.engineVersion,
    started: formatCompactTs(node.startedAtMs, cluster.utcOffsetMinutes),
    mem: { committed, allocated: committed + 192.5, free: 25_000 - node.index * 10 + 0.75, totalPhysical: 32767.4765625 },
    cpu: { total: (node.index * 3 + counter) % 100 },
    session: { active: Math.min(onNode.length, 2 + node.index), total: onNode.length },
    apps: {
      active_docs: active,
      in_memory_docs: [...appIds, sessionApp],
      loaded_docs: [...active, sessionApp],
      calls: 10_000 + node.index * 1000 + counter * 7,
      selections: 400 + node.index * 10 + counter,
    },
    users: { active: Math.min(users.size, 2), total: users.size },
    cache: { hits: 1200 + counter, lookups: 1800 + counter * 2, added: 560 + node.index, replaced: 0, bytes_added: 38_734_213 + node.index },
    saturated: node.index % 5 === 0,
  };
}

export function sessionsBody(cluster: Cluster, node: SimNode, virtualProxy: string): Array<Record<string, unknown>> {
  return cluster.sessions
    .filter((s) => s.node.index === node.index && s.virtualProxy === virtualProxy)
    .map((s) => ({
      UserDirectory: s.user.directory,
      UserId: s.user.userId,
      Attributes: [{ email: s.user.email }, ...s.user.groups.map((g) => ({ Group: g }))],
      SessionId: s.proxySessionId,
    }));
}

export function appListBody(cluster: Cluster): Array<Record<string, unknown>> {
  return cluster.apps.map((app) => ({
    id: app.id,
    createdDate: new Date(app.createdAtMs).toISOString(),
    modifiedDate: new Date(app.createdAtMs).toISOString(),
    name: app.name,
    description: app.description,
    published: app.stream !== null,
    stream: app.stream ? { id: app.stream.id, name: app.stream.name, privileges: null } : null,
    owner: { id: app.owner.entityId, userId: app.owner.userId, userDirectory: app.owner.directory, name: app.owner.displayName },
    fileSize: app.fileSize,
    schemaPath: 'App',
    privileges: null,
  }));
}

/** A Qlik-proxy-style login page, what a misrouted request gets instead of JSON. */
export const LOGIN_PAGE_HTML =
  '<!DOCTYPE html><html><head><title>Qlik Sense - Login</title></head><body><form method="post" action="/internal_forms_authentication/">' +
  '<input name="username"><input name="pwd" type="password"></form></body></html>';
