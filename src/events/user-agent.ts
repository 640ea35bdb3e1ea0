// User-agent handling of user events (docs/inputs.md#user-events-port-9997): the text between the first and second
// `UserAgent:` in the message, trimmed, all `'` removed, parsed with Bowser into exactly
// `{browser: {name, version, major}, os, ua}` (Butler's shape: names are Bowser's, e.g. `Microsoft Edge`,
// os version `NT 10.0`).
//
// User agents repeat a lot (one per browser build), and Bowser costs tens of microseconds per parse, so parses are
// cached: a bounded Map, cleared when full (cheaper than LRU bookkeeping, and the working set refills at once).
// Cached objects are shared between events and frozen: read them, never modify them.
import Bowser from 'bowser';
import type { UserAgentInfo } from './types.js';

const MARKER = 'UserAgent:';

/** The cleaned user agent from a user-event message, or undefined when the message has no `UserAgent:`. */
export function userAgentFromMessage(message: string): string | undefined {
  const start = message.indexOf(MARKER);
  if (start < 0) return undefined;
  const from = start + MARKER.length;
  const next = message.indexOf(MARKER, from);
  const raw = (next < 0 ? message.slice(from) : message.slice(from, next)).trim();
  return raw.includes("'") ? raw.replaceAll("'", '') : raw;
}

/** Leading decimal digits of a version string, or undefined (Butler: `/^(\d+)/`). */
function majorVersion(version: string): string | undefined {
  let end = 0;
  while (end < version.length) {
    const c = version.charCodeAt(end);
    if (c < 0x30 || c > 0x39) break;
    end++;
  }
  return end === 0 ? undefined : version.slice(0, end);
}

const EMPTY_USER_AGENT: UserAgentInfo = Object.freeze({
  browser: Object.freeze({ name: '', version: '', major: undefined }),
  os: Object.freeze({}),
  ua: '',
}) as UserAgentInfo;

function parseUserAgent(ua: string): UserAgentInfo {
  if (ua === '') return EMPTY_USER_AGENT;
  const parsed = Bowser.parse(ua);
  const name = parsed.browser?.name ?? '';
  const version = typeof parsed.browser?.version === 'string' ? parsed.browser.version : '';
  return Object.freeze({
    browser: Object.freeze({ name, version, major: majorVersion(version) }),
    os: Object.freeze(parsed.os ?? {}),
    ua,
  }) as UserAgentInfo;
}

export type UserAgentParser = (ua: string) => UserAgentInfo;

export function createUserAgentParser(cacheSize = 2000): UserAgentParser {
  const cache = new Map<string, UserAgentInfo>();
  return (ua: string): UserAgentInfo => {
    let info = cache.get(ua);
    if (info === undefined) {
      info = parseUserAgent(ua);
      if (cache.size >= cacheSize) cache.clear();
      cache.set(ua, info);
    }
    return info;
  };
}
