// Text fields of parsed events: sanitizeField (docs/inputs.md#parsing-rules-worth-knowing) plus our fixes for absent
// values.
//
// Our fixes of Butler SOS v15 (docs/compatibility.md S4):
// - A field missing from a short datagram is '' (Butler: the literal string "undefined", which also produced
//   user_full "undefined\undefined").
// - log4net renders an unset %property{} as `(null)` (its NullText); that value means "absent" and becomes ''
//   in every text field, so user_full never becomes "(null)\(null)".
import { sanitizeField } from './sanitize.js';

/** log4net's rendering of an unset property. */
export const LOG4NET_NULL = '(null)';

export function textField(raw: string | undefined, maxLength: number): string {
  if (raw === undefined || raw === LOG4NET_NULL) return '';
  return sanitizeField(raw, maxLength);
}

/** How a parser reads its text fields: `textField`, or `plainTextField` for a datagram that `isPlainText`. */
export type TextFieldReader = (raw: string | undefined, maxLength: number) => string;

/**
 * `textField` for a field of a datagram that has no control character: sanitising would only truncate, so the
 * per-field scan is skipped (one check of the whole datagram instead of one JavaScript loop per field).
 */
export function plainTextField(raw: string | undefined, maxLength: number): string {
  if (raw === undefined || raw === LOG4NET_NULL) return '';
  return raw.length <= maxLength ? raw : raw.slice(0, maxLength);
}

// What sanitizeField deletes (U+0000-U+001F, U+007F) and what JSON.stringify escapes besides the backslash (the
// quote, and surrogates, which it escapes when unpaired). One native scan of the whole datagram decides: a run of
// allowed characters from start to end, which V8 matches in a tighter loop (~1/3 faster here) than a search for
// the first disallowed one.
const PLAIN = /^[^"\u0000-\u001f\u007f\ud800-\udfff]*$/;

/**
 * Whether `text` has none of those characters. Every field split from such a datagram then needs only
 * truncation (`plainTextField`), and every string an event takes from it can go into `raw_event` without JSON
 * escaping beyond its backslashes (src/points/raw-event.ts).
 */
export function isPlainText(text: string): boolean {
  return PLAIN.test(text);
}
