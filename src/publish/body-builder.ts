// The body of one batch, built record by record as producers publish.
const NEWLINE = 0x0a;
// A slice of 256 events is ~350 KB of line protocol; the scratch buffer grows to fit and is then reused.
const INITIAL_BYTES = 64 * 1024;
// UTF-8 needs at most 3 bytes per UTF-16 code unit.
const MAX_UTF8_PER_UNIT = 3;

/**
 * The body of one dialect's batch, built as lines arrive. Each line is written as UTF-8 straight into a
 * reused scratch buffer, so its string dies young (no slice-long array of ~1.4 KB strings for the GC to
 * copy, no joined string of several hundred KB in large-object space) and no join pass is needed; `take()`
 * copies the bytes into an exact-size SharedArrayBuffer, the one that is posted to the writers.
 *
 * Shared memory, because a body is posted to a writer thread and also kept by its producer until the writer
 * has taken it in (src/threads/batch-sender.ts): an ArrayBuffer was copied into the message and copied again
 * on arrival, ~35 % of a parse worker's posting cost and two more copies of every body in memory; a
 * SharedArrayBuffer crosses as a handle. No one writes to a body after `take()`.
 */
export class BodyBuilder {
  private scratch: Buffer = Buffer.allocUnsafeSlow(INITIAL_BYTES);
  private at = 0;
  count = 0;

  push(line: string): void {
    // A record that encodes to nothing (a point without fields) is left out, not written as an empty line.
    if (line === '') return;
    let room = this.scratch.length - this.at;
    // One byte per unit is the common (ASCII) case; only near the end is the exact length worth computing.
    if (room < line.length * MAX_UTF8_PER_UNIT + 1) {
      const need = Buffer.byteLength(line, 'utf8') + 1;
      if (room < need) this.grow(need);
      room = this.scratch.length - this.at;
    }
    this.at += this.scratch.write(line, this.at, room, 'utf8');
    this.scratch[this.at++] = NEWLINE;
    this.count++;
  }

  /** The lines so far, each followed by '\n', as a Uint8Array over its own SharedArrayBuffer; then empty. */
  take(): Uint8Array {
    // Exactly this size; a plain Uint8Array so receivers see no Buffer methods.
    const body = new Uint8Array(new SharedArrayBuffer(this.at));
    body.set(this.scratch.subarray(0, this.at));
    this.at = 0;
    this.count = 0;
    return body;
  }

  private grow(need: number): void {
    const next = Buffer.allocUnsafeSlow(Math.max(this.scratch.length * 2, this.at + need));
    this.scratch.copy(next, 0, 0, this.at);
    this.scratch = next;
  }
}
