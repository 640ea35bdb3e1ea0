import type { UserEvent } from './types.js';
// formatUserFields of Butler SOS v15 (docs/inputs.md#parsing-rules-worth-knowing), applied to every parsed log event
// and user event. It mutates the object in place, so callers build their object literal with all keys first (key order
// is part of the output contract) and call this afterwards.

export interface UserFields {
  user_directory: string;
  user_id: string;
  user_full: string;
}

export function formatUserFields(obj: UserFields): void {
  if (obj.user_directory !== '' && obj.user_id !== '') {
    obj.user_full = obj.user_directory + '\\' + obj.user_id;
    return;
  }
  const full = obj.user_full;
  const slash = full.indexOf('\\');
  if (full !== '' && obj.user_directory === '' && obj.user_id === '' && slash >= 0) {
    obj.user_directory = full.slice(0, slash);
    const next = full.indexOf('\\', slash + 1);
    obj.user_id = next < 0 ? full.slice(slash + 1) : full.slice(slash + 1, next);
    return;
  }
  obj.user_full = '';
}

/**
 * The optional fields of a user event that outputs copy when present (app, browser and OS), in the order Butler
 * SOS wrote them, each name with `prefix` (MQTT: none, New Relic: `qs_`).
 */
export function optionalUserEventFields(event: Pick<UserEvent, 'appId' | 'appName' | 'ua'>, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  if (event.appId) out[`${prefix}appId`] = event.appId;
  if (event.appName) out[`${prefix}appName`] = event.appName;
  const ua = event.ua;
  if (ua?.browser.name) out[`${prefix}uaBrowserName`] = ua.browser.name;
  if (ua?.browser.major) out[`${prefix}uaBrowserMajorVersion`] = ua.browser.major;
  if (ua?.os.name) out[`${prefix}uaOsName`] = ua.os.name;
  if (ua?.os.version) out[`${prefix}uaOsVersion`] = ua.os.version;
  return out;
}
