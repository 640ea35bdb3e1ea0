// File-level helpers of the spool directory: segment names, the read cursor, whole-file reads. Synchronous on
// purpose: the spool runs on a writer thread (never the ingest thread), only while a destination is down or
// catching up, and synchronous appends make "a record is either on disk or counted as lost" easy to keep.

import { closeSync, fstatSync, ftruncateSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, renameSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';

const SEGMENT_RE = /^(\d{12})\.seg$/;
const CURSOR_FILE = 'cursor.json';

export interface Cursor {
  /** Segment the next unconfirmed record is in. */
  segment: number;
  /** Byte offset of that record in the segment. */
  offset: number;
}

export function segmentName(id: number): string {
  return `${String(id).padStart(12, '0')}.seg`;
}

/** Segment ids present in `dir`, ascending; [] when the directory does not exist yet. */
export function listSegments(dir: string): number[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const ids: number[] = [];
  for (const n of names) {
    const m = SEGMENT_RE.exec(n);
    if (m) ids.push(Number(m[1]));
  }
  return ids.sort((a, b) => a - b);
}

export function readCursor(dir: string): Cursor | undefined {
  try {
    const parsed = JSON.parse(readFileSync(join(dir, CURSOR_FILE), 'utf8')) as Partial<Cursor>;
    if (Number.isSafeInteger(parsed.segment) && Number.isSafeInteger(parsed.offset) && parsed.offset! >= 0) {
      return { segment: parsed.segment!, offset: parsed.offset! };
    }
  } catch {
    // Missing or half-written cursor: replay from the first segment (a duplicate is better than a loss).
  }
  return undefined;
}

/** Write-then-rename, so a crash leaves either the old or the new cursor, never a torn one. */
export function writeCursor(dir: string, cursor: Cursor): void {
  const tmp = join(dir, `${CURSOR_FILE}.tmp`);
  writeFileSync(tmp, JSON.stringify(cursor));
  renameSync(tmp, join(dir, CURSOR_FILE));
}

export function readSegment(dir: string, id: number): Buffer {
  return readFileSync(join(dir, segmentName(id)));
}

/** Reads up to `length` bytes at `position` (fewer at the end of the file). */
export function readSegmentRange(dir: string, id: number, position: number, length: number): Buffer {
  const fd = openSync(join(dir, segmentName(id)), 'r');
  try {
    const buf = Buffer.allocUnsafe(length);
    let got = 0;
    while (got < length) {
      const n = readSync(fd, buf, got, length - got, position + got);
      if (n === 0) break;
      got += n;
    }
    return buf.subarray(0, got);
  } finally {
    closeSync(fd);
  }
}

export function removeSegment(dir: string, id: number): void {
  try {
    unlinkSync(join(dir, segmentName(id)));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}

/** The segment being appended to. */
export class TailSegment {
  private fd: number;
  size = 0;

  constructor(
    dir: string,
    readonly id: number,
  ) {
    mkdirSync(dir, { recursive: true });
    this.fd = openSync(join(dir, segmentName(id)), 'a');
    this.size = fstatSync(this.fd).size;
  }

  /** Appends all of `data` or throws; on a failed or short write the file is cut back to its old size. */
  append(data: Uint8Array): void {
    const before = this.size;
    try {
      let done = 0;
      while (done < data.byteLength) done += writeSync(this.fd, data, done, data.byteLength - done);
      this.size += data.byteLength;
    } catch (err) {
      try {
        ftruncateSync(this.fd, before);
      } catch {
        // Could not cut back: the reader skips the torn record by its length/checksum anyway.
        this.size = fstatSync(this.fd).size;
      }
      throw err;
    }
  }

  close(): void {
    if (this.fd < 0) return;
    closeSync(this.fd);
    this.fd = -1;
  }
}
