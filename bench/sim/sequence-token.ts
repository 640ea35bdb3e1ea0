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

const TOKEN_PREFIX_BYTES = Buffer.from(TOKEN_PREFIX, 'latin1');
const REQUEST_ID_KEY_BYTES = Buffer.from(REQUEST_ID_KEY, 'latin1');

/** Parses `<runId>:<seq>` right after a `sim:` prefix that starts at `at` (bytes before `end`). */
function parseTextToken(b: Uint8Array, at: number, end: number): SequenceRef | null {
  let i = at + TOKEN_PREFIX.length;
  let runId = 0;
  const runStart = i;
  while (i < end && isDigit(b[i]) && i - runStart < 6) runId = runId * 10 + b[i++] - 48;
  if (i === runStart || i >= end || b[i] !== 58 /* : */) return null;
  const seqStart = ++i;
  let seq = 0;
  while (i < end && isDigit(b[i]) && i - seqStart < SEQ_DIGITS) seq = seq * 10 + b[i++] - 48;
  if (i - seqStart !== SEQ_DIGITS || runId < 1 || runId > MAX_RUN_ID) return null;
  return { runId, seq };
}

/** Reads the number after `request_id`, skipping the JSON quote/colon and any line-protocol escaping. */
function parseRequestId(b: Uint8Array, at: number, end: number): SequenceRef | null {
  let i = at + REQUEST_ID_KEY.length;
  const limit = Math.min(end, i + 8);
  while (i < limit) {
    const c = b[i];
    if (c === 92 /* \ */ || c === 34 /* " */ || c === 58 /* : */ || c === 32 || c === 61 /* = */) i++;
    else break;
  }
  return requestIdValue(b, i, end);
}

/** The token in a request id's digits starting at `start`: runId × 10^SEQ_DIGITS + seq. */
function requestIdValue(b: Uint8Array, start: number, end: number): SequenceRef | null {
  let i = start;
  let n = 0;
  while (i < end && isDigit(b[i]) && i - start < 16) n = n * 10 + b[i++] - 48;
  if (i === start || n < SEQ_SCALE) return null; // a real Qlik request id, not a simulator token
  const runId = Math.floor(n / SEQ_SCALE);
  return runId >= 1 && runId <= MAX_RUN_ID ? { runId, seq: n - runId * SEQ_SCALE } : null;
}

/**
 * The occurrences of one pattern in a buffer, asked for line after line in order: each search goes on from the
 * last, so a body is scanned once whatever share of its lines lack the pattern (searching each line on its own
 * cost more: one native call per line and pattern, and a whole line scanned for a pattern it lacks).
 */
class Occurrences {
  private next = -2;

  constructor(
    private readonly buf: Buffer,
    private readonly pattern: Buffer,
  ) {}

  /** The first occurrence at or after `from` that starts before `end`, or -1. */
  at(from: number, end: number): number {
    if (this.next !== -1 && this.next < from) this.next = this.buf.indexOf(this.pattern, from);
    return this.next !== -1 && this.next < end ? this.next : -1;
  }
}

/** Finds the tokens of the lines of one line-protocol body, in order (the bench sink's scan). */
export class TokenScanner {
  private readonly text: Occurrences;
  private readonly requestIds: Occurrences;

  constructor(private readonly body: Buffer) {
    this.text = new Occurrences(body, TOKEN_PREFIX_BYTES);
    this.requestIds = new Occurrences(body, REQUEST_ID_KEY_BYTES);
  }

  /**
   * The simulator's run id and sequence number in the line `[start, end)` of the body (v1, v2 or v3 schema),
   * including inside the escaped `raw_event` JSON string; null when the line carries none. Lines must be asked
   * for in order.
   */
  inLine(start: number, end: number): SequenceRef | null {
    const b = this.body;
    for (let at = this.text.at(start, end); at !== -1; at = this.text.at(at + 1, end)) {
      const ref = parseTextToken(b, at, end);
      if (ref !== null) return ref;
    }
    for (let at = this.requestIds.at(start, end); at !== -1; at = this.requestIds.at(at + 1, end)) {
      const ref = parseRequestId(b, at, end);
      if (ref !== null) return ref;
    }
    return null;
  }
}

/** `extractSequence` for one line as a string (UTF-8: the tokens are ASCII, nothing else can imitate them). */
export function extractSequence(line: string): SequenceRef | null {
  const bytes = Buffer.from(line, 'utf8');
  return new TokenScanner(bytes).inLine(0, bytes.length);
}

const QIX_PERF_PREFIX = '/qseow-qix-perf/;';
const QIX_PERF_REQUEST_ID_FIELD = 14;
const SEMICOLON = 0x3b;

/**
 * The token of a raw datagram as sent (for receivers that see the UDP payload itself, e.g. the bench's bare
 * dgram baseline): the text token, or the RequestId field of a qix-perf datagram.
 */
export function extractDatagramSequence(datagram: string): SequenceRef | null {
  const bytes = Buffer.from(datagram, 'utf8');
  const at = bytes.indexOf(TOKEN_PREFIX_BYTES);
  if (at !== -1) return parseTextToken(bytes, at, bytes.length);
  if (!datagram.startsWith(QIX_PERF_PREFIX)) return null;
  let start = 0;
  for (let field = 0; field < QIX_PERF_REQUEST_ID_FIELD; field++) {
    start = bytes.indexOf(SEMICOLON, start) + 1;
    if (start === 0) return null;
  }
  const end = bytes.indexOf(SEMICOLON, start);
  return requestIdValue(bytes, start, end === -1 ? bytes.length : end);
}
