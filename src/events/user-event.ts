// One user-event datagram (port 9997) from text to outcome (docs/inputs.md#user-events-port-9997): split, recognise,
// count key, build, exclude list, app id and name, user agent. The caller sends the event on and adds the counts.
//
// Our fixes of Butler SOS v15 implemented here or in the named files:
// - Missing fields and log4net `(null)` values are '' (text-field.ts); user_full is never "undefined\undefined".
// - App ids are stored lower-cased (app-id.ts).
// Kept as Butler: only the last field (%message) may contain ';'; the count key is (messageType, host, origin)
// and is skipped when host or origin is empty; excluded users are counted (the count comes first); the app name is
// looked up whenever there is an app id, `<unknown app name>` when the app is not in the list.
import type { EventCountKey, UserEvent, UserEventType } from './types.js';
import type { UserEventHandlerOptions } from './options.js';
import { normalisePrefix } from './log-source.js';
import { sanitizeField } from './sanitize.js';
import { isPlainText, plainTextField, textField } from './text-field.js';
import { formatUserFields } from './user-fields.js';
import { appIdFromContext } from './app-id.js';
import { createUserAgentParser, userAgentFromMessage } from './user-agent.js';

export type UserEventOutcome =
  /** A recognised, not excluded user event. `count` is null when counting is off or host/origin is empty. */
  | { kind: 'event'; event: UserEvent; count: EventCountKey | null }
  /** Not a `/qseow-proxy-session/` or `/qseow-proxy-connection/` datagram; `first512` for the WARN line. */
  | { kind: 'unrecognised'; count: EventCountKey | null; first512: string }
  /** The user is in `userEvents.excludeUser`; still counted. */
  | { kind: 'excluded'; count: EventCountKey | null };

export type UserEventHandler = (text: string) => UserEventOutcome;

export const UNKNOWN_APP_NAME = '<unknown app name>';

const FIELDS_BEFORE_MESSAGE = 7;

/** Fields 0-6 split on ';', field 7 = the rest (may contain ';'; '' when absent). Missing fields stay undefined. */
function splitUserEvent(text: string, fields: (string | undefined)[]): void {
  let from = 0;
  for (let i = 0; i < FIELDS_BEFORE_MESSAGE; i++) {
    if (from > text.length) {
      fields[i] = undefined;
      continue;
    }
    const semi = text.indexOf(';', from);
    const end = semi < 0 ? text.length : semi;
    fields[i] = text.slice(from, end);
    from = semi < 0 ? text.length + 1 : semi + 1;
  }
  fields[FIELDS_BEFORE_MESSAGE] = from > text.length ? '' : text.slice(from);
}

function recogniseUserEventType(prefix: string): UserEventType | undefined {
  if (prefix === '/qseow-proxy-session/') return 'qseow-proxy-session';
  if (prefix === '/qseow-proxy-connection/') return 'qseow-proxy-connection';
  const normalised = prefix.length > 64 ? '' : normalisePrefix(prefix);
  return normalised === 'qseow-proxy-session' || normalised === 'qseow-proxy-connection' ? normalised : undefined;
}

function excludedKey(directory: string, userId: string): string {
  // Sanitised fields cannot contain U+0000, so it separates the two parts unambiguously.
  return directory + '\u0000' + userId;
}

export function createUserEventHandler(options: UserEventHandlerOptions): UserEventHandler {
  const counting = options.eventCountEnabled === true;
  const excluded = new Set<string>();
  for (const u of options.excludeUser ?? []) {
    if (u != null) excluded.add(excludedKey(String(u.directory ?? ''), String(u.userId ?? '')));
  }
  const appName = options.appName;
  const parseUserAgent = createUserAgentParser(options.userAgentCacheSize ?? 2000);
  // Reused per call: the handler is synchronous, so one scratch array serves every datagram.
  const fields: (string | undefined)[] = new Array(FIELDS_BEFORE_MESSAGE + 1);
  const unknownCount: EventCountKey = Object.freeze({ eventType: 'user', source: 'Unknown', host: 'Unknown', subsystem: 'Unknown' });

  return (text: string): UserEventOutcome => {
    splitUserEvent(text, fields);
    const messageType = recogniseUserEventType(fields[0] ?? '');
    if (messageType === undefined) {
      return { kind: 'unrecognised', count: counting ? unknownCount : null, first512: sanitizeField(text, 512) };
    }
    // Fields of a datagram without control characters need truncating only (text-field.ts).
    const field = isPlainText(text) ? plainTextField : textField;
    const event: UserEvent = {
      messageType,
      host: field(fields[1], 100),
      command: field(fields[2], 100),
      user_directory: field(fields[3], 100),
      user_id: field(fields[4], 100),
      origin: field(fields[5], 200),
      context: field(fields[6], 500),
      message: field(fields[7], 1000),
      user_full: '',
    };
    formatUserFields(event);
    const count: EventCountKey | null =
      counting && event.host !== '' && event.origin !== ''
        ? { eventType: 'user', source: messageType, host: event.host, subsystem: event.origin }
        : null;
    if (excluded.size > 0 && excluded.has(excludedKey(event.user_directory, event.user_id))) return { kind: 'excluded', count };

    const appId = appIdFromContext(event.context);
    if (appId !== '') {
      event.appId = appId;
      event.appName = appName(appId) ?? UNKNOWN_APP_NAME;
    }
    const ua = userAgentFromMessage(event.message);
    if (ua !== undefined) event.ua = parseUserAgent(ua);
    return { kind: 'event', event, count };
  };
}
