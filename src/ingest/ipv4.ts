// IPv4 addresses as unsigned 32-bit numbers: a.b.c.d → a·2^24 + b·2^16 + c·2^8 + d. The ring stores them
// in 4 bytes and the allow-list compares numbers instead of strings.

/** Returned by parseIPv4 for anything that is not a dotted quad. Never a valid u32 address. */
export const INVALID_IPV4 = -1;

const DOT = 46;
const ZERO = 48;
const NINE = 57;

/**
 * Parses a strict dotted quad ("10.0.0.1"; no leading zeros beyond a single "0", no spaces) in one pass
 * without split or regex: this runs once per datagram on the main thread.
 */
export function parseIPv4(text: string): number {
  const n = text.length;
  if (n < 7 || n > 15) return INVALID_IPV4;
  let result = 0;
  let part = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c >= ZERO && c <= NINE) {
      if (digits > 0 && part === 0) return INVALID_IPV4; // leading zero: ambiguous (octal in some parsers)
      part = part * 10 + (c - ZERO);
      if (part > 255) return INVALID_IPV4;
      digits++;
    } else if (c === DOT) {
      if (digits === 0 || dots === 3) return INVALID_IPV4;
      result = result * 256 + part;
      part = 0;
      digits = 0;
      dots++;
    } else {
      return INVALID_IPV4;
    }
  }
  if (dots !== 3 || digits === 0) return INVALID_IPV4;
  return result * 256 + part;
}

/** The dotted-quad text of a u32 address (for logs). */
export function formatIPv4(address: number): string {
  const a = address >>> 0;
  return `${a >>> 24}.${(a >>> 16) & 255}.${(a >>> 8) & 255}.${a & 255}`;
}
