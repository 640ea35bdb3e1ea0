// Timestamp fields of log events (docs/inputs.md#parsing-rules-worth-knowing, docs/compatibility.md S1-S2).
//
// Our fixes of Butler SOS v15:
// - Butler validates engine and scheduler timestamps with the hyphenated-ISO pattern only, so Qlik's real
//   formats (`20211109T153726.028+0200`, `2021-11-09 15:37:26,028`) were always blanked for those sources. Every
//   source except qix-perf now uses what Butler uses for proxy/repository: `ts_iso` accepts hyphenated and compact
//   ISO, `ts_local` accepts hyphenated ISO and log4net's local format.
// - Butler accepts only `+hhmm` offsets, so servers west of UTC got empty timestamps. We accept `+hhmm`, `-hhmm`,
//   `+hh:mm`, `-hh:mm` and `Z`.
// Values that pass are stored verbatim (they contain no control characters and are shorter than the 50-char
// limit); values that fail become ''. Fixed-position checks, no regex.

const DASH = 0x2d;
const COLON = 0x3a;
const DOT = 0x2e;
const COMMA = 0x2c;
const SPACE = 0x20;
const T = 0x54;

function digits(s: string, from: number, count: number): boolean {
  for (let i = from; i < from + count; i++) {
    const c = s.charCodeAt(i);
    if (!(c >= 0x30 && c <= 0x39)) return false; // also false for NaN past the end
  }
  return true;
}

/** `Z`, `±hhmm` or `±hh:mm` from `from` to the end of `s`. */
function isOffset(s: string, from: number): boolean {
  const rest = s.length - from;
  const sign = s.charCodeAt(from);
  if (rest === 1) return sign === 0x5a; // Z
  if (sign !== 0x2b && sign !== DASH) return false;
  if (rest === 5) return digits(s, from + 1, 4);
  if (rest === 6) return digits(s, from + 1, 2) && s.charCodeAt(from + 3) === COLON && digits(s, from + 4, 2);
  return false;
}

/** `2021-11-09T15:37:26.028` + offset */
function isHyphenatedIso(s: string): boolean {
  return (
    s.length >= 24 &&
    digits(s, 0, 4) && s.charCodeAt(4) === DASH && digits(s, 5, 2) && s.charCodeAt(7) === DASH && digits(s, 8, 2) &&
    s.charCodeAt(10) === T &&
    digits(s, 11, 2) && s.charCodeAt(13) === COLON && digits(s, 14, 2) && s.charCodeAt(16) === COLON && digits(s, 17, 2) &&
    s.charCodeAt(19) === DOT && digits(s, 20, 3) &&
    isOffset(s, 23)
  );
}

/** `20211109T153726.028` + offset (Qlik's %longIso8601date) */
function isCompactIso(s: string): boolean {
  return (
    s.length >= 20 &&
    digits(s, 0, 8) && s.charCodeAt(8) === T && digits(s, 9, 6) && s.charCodeAt(15) === DOT && digits(s, 16, 3) &&
    isOffset(s, 19)
  );
}

/** `2021-11-09 15:37:26,028` (log4net %date) */
function isLocalTimestamp(s: string): boolean {
  return (
    s.length === 23 &&
    digits(s, 0, 4) && s.charCodeAt(4) === DASH && digits(s, 5, 2) && s.charCodeAt(7) === DASH && digits(s, 8, 2) &&
    s.charCodeAt(10) === SPACE &&
    digits(s, 11, 2) && s.charCodeAt(13) === COLON && digits(s, 14, 2) && s.charCodeAt(16) === COLON && digits(s, 17, 2) &&
    s.charCodeAt(19) === COMMA && digits(s, 20, 3)
  );
}

/** `ts_iso`: hyphenated or compact ISO with offset, else ''. */
export function isoTimestampField(raw: string | undefined): string {
  if (raw === undefined) return '';
  return isCompactIso(raw) || isHyphenatedIso(raw) ? raw : '';
}

/** `ts_local`: log4net local format or hyphenated ISO with offset, else ''. */
export function localTimestampField(raw: string | undefined): string {
  if (raw === undefined) return '';
  return isLocalTimestamp(raw) || isHyphenatedIso(raw) ? raw : '';
}
