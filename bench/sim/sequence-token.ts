// Run id + sequence number carried by every simulated datagram, so the bench can count loss and duplicates
// exactly from what a destination stored.
//
// Text form `sim:<runId>:<seq>` (seq zero-padded to SEQ_DIGITS): only [a-z0-9:], so neither ';' (field
// separator) nor anything that line protocol, JSON or InfluxDB v3 tag cleaning would escape or strip.
//   engine, proxy, repository, scheduler: appended to the message    -> stored field `message` (+ raw_event)
//   user events: suffix of the user id, `goran_sim:42:0000000007`   -> tags/fields userId, userFull
// qix-perf events have no free-text field that is stored outside tags, so the token is numeric there:
//   RequestId = <runId><seq>, i.e. runId * 10^SEQ_DIGITS + seq       -> `"request_id":…` inside raw_event
// RequestId must parse as a non-negative integer, which is why run ids are numbers (1..MAX_RUN_ID keeps
// the value below Number.MAX_SAFE_INTEGER).

export const SEQ_DIGITS = 10;
export const MAX_SEQ = 9_999_999_999;
export const MAX_RUN_ID = 89_999;
export const TOKEN_PREFIX = 'sim:';
/** Separates the user id from the token in user events. */
export const USER_TOKEN_SEPARATOR = '_';

const SEQ_SCALE = 10 ** SEQ_DIGITS;
const REQUEST_ID_KEY = 'request_id';

export interface SequenceRef {
  runId: number;
  seq: number;
}

export function assertRunId(runId: number): void {
  if (!Number.isInteger(runId) || runId < 1 || runId > MAX_RUN_ID) {
    throw new RangeError(`runId must be an integer in 1..${MAX_RUN_ID}, got ${runId}`);
  }
}

export function formatSeq(seq: number): string {
  return String(seq).padStart(SEQ_DIGITS, '0');
}

export function formatToken(runId: number, seq: number): string {
  return `${TOKEN_PREFIX}${runId}:${formatSeq(seq)}`;
}

export function formatRequestId(runId: number, seq: number): string {
  return `${runId}${formatSeq(seq)}`;
}

/** Writes `seq` as SEQ_DIGITS ASCII digits at `offset` (the in-place patch of a datagram template). */
export function writeSeqDigits(target: Uint8Array, offset: number, seq: number): void {
  // Two halves keep the arithmetic in small integers (seq may exceed 2^31).
  let hi = Math.floor(seq / 100_000);
  let lo = seq - hi * 100_000;
  for (let i = offset + SEQ_DIGITS - 1; i >= offset + 5; i--) {
    const q = (lo / 10) | 0;
    target[i] = 48 + lo - q * 10;
    lo = q;
  }
  for (let i = offset + 4; i >= offset; i--) {
    const q = (hi / 10) | 0;
    target[i] = 48 + hi - q * 10;
    hi = q;
  }
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Parses `<runId>:<seq>` right after a `sim:` prefix that starts at `at`. */
function parseTextToken(line: string, at: number): SequenceRef | null {
  let i = at + TOKEN_PREFIX.length;
  let runId = 0;
  const runStart = i;
  while (i < line.length && isDigit(line.charCodeAt(i)) && i - runStart < 6) runId = runId * 10 + line.charCodeAt(i++) - 48;
  if (i === runStart || line.charCodeAt(i) !== 58 /* : */) return null;
  const seqStart = ++i;
  let seq = 0;
  while (i < line.length && isDigit(line.charCodeAt(i)) && i - seqStart < SEQ_DIGITS) seq = seq * 10 + line.charCodeAt(i++) - 48;
  if (i - seqStart !== SEQ_DIGITS || runId < 1 || runId > MAX_RUN_ID) return null;
  return { runId, seq };
}

/** Reads the number after `request_id`, skipping the JSON quote/colon and any line-protocol escaping. */
function parseRequestId(line: string, at: number): SequenceRef | null {
  let i = at + REQUEST_ID_KEY.length;
  const limit = Math.min(line.length, i + 8);
  while (i < limit) {
    const c = line.charCodeAt(i);
    if (c === 92 /* \ */ || c === 34 /* " */ || c === 58 /* : */ || c === 32 || c === 61 /* = */) i++;
    else break;
  }
  const start = i;
  let n = 0;
  while (i < line.length && isDigit(line.charCodeAt(i)) && i - start < 16) n = n * 10 + line.charCodeAt(i++) - 48;
  if (i === start || n < SEQ_SCALE) return null; // a real Qlik request id, not a simulator token
  const runId = Math.floor(n / SEQ_SCALE);
  return runId >= 1 && runId <= MAX_RUN_ID ? { runId, seq: n - runId * SEQ_SCALE } : null;
}

/**
 * Finds the simulator's run id and sequence number in an InfluxDB line-protocol line (v1, v2 or v3 schema),
 * including inside the escaped `raw_event` JSON string. Null when the line carries no token.
 * Called on every line the bench sink receives: plain indexOf scans, no regular expressions.
 */
export function extractSequence(line: string): SequenceRef | null {
  let at = line.indexOf(TOKEN_PREFIX);
  while (at !== -1) {
    const ref = parseTextToken(line, at);
    if (ref !== null) return ref;
    at = line.indexOf(TOKEN_PREFIX, at + 1);
  }
  at = line.indexOf(REQUEST_ID_KEY);
  while (at !== -1) {
    const ref = parseRequestId(line, at);
    if (ref !== null) return ref;
    at = line.indexOf(REQUEST_ID_KEY, at + 1);
  }
  return null;
}

const QIX_PERF_PREFIX = '/qseow-qix-perf/;';
const QIX_PERF_REQUEST_ID_FIELD = 14;

/**
 * The token of a raw datagram as sent (for receivers that see the UDP payload itself, e.g. the bench's bare
 * dgram baseline): the text token, or the RequestId field of a qix-perf datagram.
 */
export function extractDatagramSequence(datagram: string): SequenceRef | null {
  const at = datagram.indexOf(TOKEN_PREFIX);
  if (at !== -1) return parseTextToken(datagram, at);
  if (!datagram.startsWith(QIX_PERF_PREFIX)) return null;
  let start = 0;
  for (let field = 0; field < QIX_PERF_REQUEST_ID_FIELD; field++) {
    start = datagram.indexOf(';', start) + 1;
    if (start === 0) return null;
  }
  const end = datagram.indexOf(';', start);
  return parseRequestId(`${REQUEST_ID_KEY}:${datagram.slice(start, end === -1 ? undefined : end)}`, 0);
}
