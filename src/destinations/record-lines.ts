// The body format of MQTT and New Relic batches: one JSON value per line (NDJSON).
//
// Why not a msgpackr-packed array (as first planned): the delivery layer treats a body as '\n'-separated
// records. It joins queued messages with '\n' and cuts an oversized message at '\n' bytes; msgpack bytes
// contain 0x0a anywhere, so a packed array would be corrupted by either. JSON.stringify never emits a raw
// newline (newlines inside strings are escaped), so every record is exactly one line and the counting,
// batching, splitting and (later) spooling of the delivery layer work unchanged.

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: false });

/** One record per line, each line terminated by '\n'. */
export function encodeRecordLines(records: readonly unknown[]): Uint8Array {
  if (records.length === 0) return new Uint8Array(0);
  let text = '';
  for (const r of records) text += JSON.stringify(r) + '\n';
  return encoder.encode(text);
}

export interface DecodedLines<T> {
  records: T[];
  /** Lines that are not JSON or fail the shape check, cut to 200 characters for logs. */
  bad: string[];
}

/** Splits a body into records; `accept` checks the shape. Empty lines are skipped. */
export function decodeRecordLines<T>(body: Uint8Array, accept: (value: unknown) => value is T): DecodedLines<T> {
  const out: DecodedLines<T> = { records: [], bad: [] };
  for (const line of decoder.decode(body).split('\n')) {
    if (line === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      out.bad.push(line.slice(0, 200));
      continue;
    }
    if (accept(value)) out.records.push(value);
    else out.bad.push(line.slice(0, 200));
  }
  return out;
}
