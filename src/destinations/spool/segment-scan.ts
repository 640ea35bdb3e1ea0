// Walking the records of a segment (or a chunk of one): at start-up to learn what is waiting, and during
// replay to pick the next batch. Damaged records are skipped, never returned.

import { readRecord, type SpoolRecord } from './record.js';

/** What the spool knows about one segment file. Counts cover the records from `start` on. */
export interface SegmentInfo {
  id: number;
  /** Offset of the first record to replay (the saved cursor for the first segment after a restart, else 0). */
  start: number;
  size: number;
  records: number;
  lines: number;
  /** Records/lines taken for replay (or skipped) so far. */
  readRecords: number;
  readLines: number;
}

/** Counts the intact records of a whole segment file from `start`. */
export function scanSegment(buf: Uint8Array, id: number, start: number): SegmentInfo {
  const info: SegmentInfo = { id, start, size: buf.byteLength, records: 0, lines: 0, readRecords: 0, readLines: 0 };
  walkRecords(buf, start, true, (r) => {
    info.records++;
    info.lines += r.lines;
    return true;
  });
  return info;
}

export interface WalkResult {
  /** Offset after the last record visited and accepted (and any damaged bytes skipped before the stop). */
  next: number;
  /** Damaged records skipped (a torn tail counts as one). */
  corrupt: number;
  /** Bytes (from `next`) the record at `next` needs when the chunk ended inside it and the file goes on. */
  needMore?: number;
}

/**
 * Visits intact records from `from` until `visit` returns false or the data ends (`at`: the record's offset in buf).
 * @param fileEnd true when `buf` ends where the file ends, so an incomplete record there is a torn write
 */
export function walkRecords(buf: Uint8Array, from: number, fileEnd: boolean, visit: (rec: SpoolRecord, size: number, at: number) => boolean): WalkResult {
  let at = from;
  let corrupt = 0;
  while (at < buf.byteLength) {
    const r = readRecord(buf, at);
    if (r.kind === 'record') {
      if (!visit(r.record, r.size, at)) return { next: at, corrupt };
      at += r.size;
    } else if (r.kind === 'corrupt') {
      corrupt++;
      at += r.size;
    } else if (r.kind === 'short' && !fileEnd) {
      return { next: at, corrupt, needMore: r.need };
    } else {
      // A torn last write, or a length field nothing can be trusted after: skip to the end of the file.
      corrupt++;
      at = buf.byteLength;
    }
  }
  return { next: at, corrupt };
}
