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
