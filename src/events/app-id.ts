// App id of a user event, from its context (docs/inputs.md#user-events-port-9997), as Butler SOS v15: only contexts
// that start with `/app/` count; the candidate is the text after `/app/`, cut at the first `?` and at a second `/app/`;
// it must pass the `uuid` package's validate() (any case; version nibble 1-8, variant 8/9/a/b; nil and max).
// So `/app/<guid>/sheet/…` and `app/<guid>` (no leading slash) give no app id, exactly as in Butler.
// Our fix (GUID case, as guid.ts): the id is stored lower-cased.
import { validate } from 'uuid';

const APP_PATH = '/app/';

/** The lower-cased app id, or '' when the context holds none. */
export function appIdFromContext(context: string): string {
  if (!context.startsWith(APP_PATH)) return '';
  let end = context.indexOf('?');
  if (end < 0) end = context.length;
  const nextApp = context.indexOf(APP_PATH, APP_PATH.length);
  if (nextApp >= 0 && nextApp < end) end = nextApp;
  const candidate = context.slice(APP_PATH.length, end);
  return validate(candidate) ? candidate.toLowerCase() : '';
}
