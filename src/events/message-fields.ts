// Rebuilding message and exception fields that contain ';'.
//
// Our fix of Butler SOS v15 (docs/compatibility.md S3, docs/inputs.md#parsing-rules-worth-knowing): Butler splits log
// events on every ';', so a semicolon inside %encodedmessage or %encodedexception shifted every later field (user, app
// id, task id… all wrong). The number of fields per source is fixed, so a datagram with N surplus parts has exactly N
// semicolons inside its free-text fields; we give them back to those fields and read the later fields N places on.
//
// Engine (19 fields) has one free-text field, the message (index 8): it takes all surplus parts.
// Proxy, repository (16) and scheduler (18) have message (8) and exception (9) side by side, so the surplus has to
// be shared out. .NET exception texts start with the exception's type name (`System.Net.WebException: …`,
// `NullPointerException`), message fragments after a ';' practically never do. So the exception starts at the
// first part, after the first message part, that starts with such a type name; if no part does, everything but
// the last part goes to the message (an empty exception is the common case).

/** parts[from..to] (inclusive) joined with ';'. */
export function joinParts(parts: readonly string[], from: number, to: number): string {
  let out = parts[from];
  for (let i = from + 1; i <= to; i++) out += ';' + parts[i];
  return out;
}

const MESSAGE_INDEX = 8;

/**
 * For a message+exception layout with `surplus` extra parts: the index of the last part that belongs to the
 * message. The exception then runs from that index + 1 to `MESSAGE_INDEX + 1 + surplus`.
 */
export function messageEndIndex(parts: readonly string[], surplus: number): number {
  const lastExceptionPart = MESSAGE_INDEX + 1 + surplus;
  for (let i = MESSAGE_INDEX + 1; i <= lastExceptionPart; i++) {
    if (startsWithExceptionTypeName(parts[i])) return i - 1;
  }
  return lastExceptionPart - 1;
}

/** Message (index 8) and exception (index 9) of a proxy/repository/scheduler datagram with `surplus` extra parts. */
export function messageAndException(parts: readonly string[], surplus: number): { message: string | undefined; exception: string | undefined } {
  if (surplus === 0) return { message: parts[MESSAGE_INDEX], exception: parts[MESSAGE_INDEX + 1] };
  const messageEnd = messageEndIndex(parts, surplus);
  return { message: joinParts(parts, MESSAGE_INDEX, messageEnd), exception: joinParts(parts, messageEnd + 1, MESSAGE_INDEX + 1 + surplus) };
}

function isIdentifierChar(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x5f || c === 0x60;
}

/**
 * True for `Namespace.TypeException…` / `SomeException` (followed by end, ':', ' ' or ','), and for a dotted
 * PascalCase type name followed by ':' (`Qlik.Sense.SomeError: …`).
 */
export function startsWithExceptionTypeName(part: string): boolean {
  const first = part.charCodeAt(0);
  if (!((first >= 0x41 && first <= 0x5a) || (first >= 0x61 && first <= 0x7a) || first === 0x5f)) return false;
  let dots = 0;
  let segmentsPascal = first >= 0x41 && first <= 0x5a;
  let end = 1;
  for (; end < part.length; end++) {
    const c = part.charCodeAt(end);
    if (c === 0x2e) {
      dots++;
      const next = part.charCodeAt(end + 1);
      if (!(next >= 0x41 && next <= 0x5a)) segmentsPascal = false;
    } else if (!isIdentifierChar(c)) {
      break;
    }
  }
  const terminator = end < part.length ? part.charCodeAt(end) : -1;
  if (end >= 9 && part.startsWith('Exception', end - 9)) {
    return terminator === -1 || terminator === 0x3a || terminator === 0x20 || terminator === 0x2c;
  }
  return dots > 0 && segmentsPascal && terminator === 0x3a;
}
