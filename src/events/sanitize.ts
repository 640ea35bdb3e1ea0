// sanitizeField of Butler SOS v15 (docs/inputs.md#parsing-rules-worth-knowing) for string values: delete U+0000-U+001F
// and U+007F, then keep the first `maxLength` UTF-16 code units. Non-string inputs never reach this function: missing
// fields are handled by the callers (our fix: '' instead of the literal "undefined").
//
// Hot path: most fields contain no control characters and are short, so the common case is one bounded scan and
// no allocation. The scan stops at `maxLength`, so a 64 KiB message costs no more than a 1,000-char one.

export function sanitizeField(value: string, maxLength: number): string {
  const scanEnd = value.length < maxLength ? value.length : maxLength;
  for (let i = 0; i < scanEnd; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return stripControls(value, i, maxLength);
  }
  return value.length <= maxLength ? value : value.slice(0, maxLength);
}

/** The slow path: `value` has a control character at `firstControl` (< maxLength). */
function stripControls(value: string, firstControl: number, maxLength: number): string {
  let out = value.slice(0, firstControl);
  let runStart = firstControl + 1;
  const len = value.length;
  for (let i = runStart; i < len; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) {
      if (i > runStart) out += value.slice(runStart, i);
      runStart = i + 1;
    } else if (out.length + (i - runStart + 1) === maxLength) {
      return out + value.slice(runStart, i + 1);
    }
  }
  return runStart < len ? out + value.slice(runStart) : out;
}
