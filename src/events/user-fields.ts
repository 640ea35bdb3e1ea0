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
