import { boolLiteralFor, pushField, pushTag, type InfluxVersion, type Point, type Tag } from './point.js';
import { userSessionDetailsSchema, userSessionListSchema, userSessionSummarySchema } from './schema/sessions.js';
import { serverTags, type ServerIdentity } from './server-tags.js';
import { orderMembers } from './tags.js';

// Proxy sessions of one server and virtual proxy → summary, list and one details point per session
// (docs/data-model.md#user_session_summary, docs/pollers.md).

/** One element of the QPS `/qps<vp>/session` response (Attributes are not read). */
export interface ProxySession {
  UserDirectory: string;
  UserId: string;
  SessionId: string;
}

export interface SessionPointTarget {
  server: ServerIdentity;
  /** As configured, e.g. `/` or `/hdr`. */
  virtualProxy: string;
  /** servers[].userSessions.host, with the port. */
  sessionHost: string;
  /** userSessions.excludeUser: these users get no details point (they are still counted and listed). */
  excludeUser?: ReadonlyArray<{ directory: string; userId: string }> | null;
}

function isExcluded(s: ProxySession, exclude: SessionPointTarget['excludeUser']): boolean {
  if (!exclude) return false;
  for (const u of exclude) if (u.directory === s.UserDirectory && u.userId === s.UserId) return true;
  return false;
}

/** Distinct `DIR\user` in first-seen order, comma-joined. */
export function uniqueUserList(sessions: readonly ProxySession[]): string {
  const seen = new Set<string>();
  for (const s of sessions) seen.add(`${s.UserDirectory}\\${s.UserId}`);
  return [...seen].join(',');
}

export function sessionPoints(sessions: readonly ProxySession[], target: SessionPointTarget, version: InfluxVersion, timeUs?: number): Point[] {
  const tags: Tag[] = serverTags(target.server);
  const sm = userSessionSummarySchema.v[version];
  pushTag(tags, sm.virtualProxy, target.virtualProxy);
  pushTag(tags, sm.sessionHost, target.sessionHost);
  const boolLiteral = boolLiteralFor(version);
  const count = sessions.length;
  const users = uniqueUserList(sessions);

  const summary: Point = { measurement: userSessionSummarySchema.measurement, tags: tags.slice(), fields: [], timeUs, boolLiteral };
  pushField(summary.fields, sm.sessionCount, count);
  pushField(summary.fields, sm.sessionUserIdList, users);

  const lm = userSessionListSchema.v[version];
  const list: Point = { measurement: userSessionListSchema.measurement, tags: tags.slice(), fields: [], timeUs, boolLiteral };
  pushField(list.fields, lm.sessionCount, count);
  pushField(list.fields, lm.sessionUserIdList, users);

  const points = [summary, list];
  const dm = userSessionDetailsSchema.v[version];
  for (const s of sessions) {
    if (isExcluded(s, target.excludeUser)) continue;
    const p: Point = { measurement: userSessionDetailsSchema.measurement, tags: tags.slice(), fields: [], timeUs, boolLiteral };
    pushTag(p.tags, dm.sessionIdTag, s.SessionId);
    pushTag(p.tags, dm.userDirectoryTag, s.UserDirectory);
    pushTag(p.tags, dm.userIdTag, s.UserId);
    pushField(p.fields, dm.sessionId, s.SessionId);
    pushField(p.fields, dm.userDirectory, s.UserDirectory);
    pushField(p.fields, dm.userId, s.UserId);
    points.push(p);
  }
  for (const p of points) orderMembers(p, version);
  return points;
}
