import type { ProxySession } from '../points/index.js';
import { BodyReader } from './body-reader.js';

// The proxy session list of one virtual proxy (docs/pollers.md): an array of sessions; only
// UserDirectory, UserId and SessionId are read (Attributes are ignored, as Butler SOS does).

/** Validates a QPS session list; throws a BodyError naming every malformed element. */
export function readSessionBody(body: unknown): ProxySession[] {
  const r = new BodyReader('proxy session list');
  if (!Array.isArray(body)) {
    r.problems.push(`$: expected an array of sessions, got ${body === null ? 'null' : typeof body}`);
    r.done();
  }
  const sessions = (body as unknown[]).map((element, i): ProxySession => {
    const s = r.object(element, `[${i}]`);
    return {
      UserDirectory: r.string(s.UserDirectory, `[${i}].UserDirectory`),
      UserId: r.string(s.UserId, `[${i}].UserId`),
      SessionId: r.string(s.SessionId, `[${i}].SessionId`),
    };
  });
  r.done();
  return sessions;
}
