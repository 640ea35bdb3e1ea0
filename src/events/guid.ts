// GUID fields of log events (docs/inputs.md#parsing-rules-worth-knowing; Butler's `uuidRegex`: 8-4-4-4-12 hex digits,
// no version/variant check). Our fix: Butler accepts lower-case GUIDs only and blanks upper-case ones; we accept any
// case and store the GUID lower-cased, so the same id always has one spelling in tags and lookups. Invalid values
// become '' (never rejected). No regex: a fixed-position character check is cheaper and cannot backtrack.

const GUID_LENGTH = 36;

/** The GUID in lower case, or '' when `raw` is not a GUID (missing, `(null)`, `0`, braces, wrong length…). */
export function normaliseGuid(raw: string | undefined): string {
  if (raw === undefined || raw.length !== GUID_LENGTH) return '';
  let upper = false;
  for (let i = 0; i < GUID_LENGTH; i++) {
    const c = raw.charCodeAt(i);
    if (i === 8 || i === 13 || i === 18 || i === 23) {
      if (c !== 0x2d) return '';
    } else if ((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66)) {
      // 0-9, a-f
    } else if (c >= 0x41 && c <= 0x46) {
      upper = true;
    } else {
      return '';
    }
  }
  return upper ? raw.toLowerCase() : raw;
}
