// The append-only disk spool of one destination: `<spool.directory>/<destination id>/`, a sequence of
// segment files of records (./record.ts) and a cursor that says how far replay got. It implements the
// delivery layer's BatchBuffer, so a DeliveryLane replays it exactly like a memory queue: take() reads the
// next records of one module from disk, settle() moves the cursor (and deletes finished segments).
//
// Bounds: the files together never exceed maxBytes. To make room the OLDEST segment is deleted and the lines
// in it that were not yet replayed are counted (reason spool_full) — exactly, because every segment's
// records and lines are known. A write error (ENOSPC, EACCES) loses only the record being written, counted as
// spool_error. Damaged records (torn last write, checksum mismatch) are skipped when read and counted.
//
// Reserved records (./reservations.ts) are copies of batches still on the wire when the destination switched
// to the spool: take() stops in front of one until its write failed, and passes over it if it succeeded.

import { join } from 'node:path';
import type { AppLogger } from '../../log/logger.js';
import type { DataModule } from '../../threads/messages.js';
import type { BatchBuffer, BatchLimits, BufferedMessage, TakenBatch } from '../delivery/batch-buffer.js';
import { encodeRecord } from './record.js';
import { listSegments, readCursor, readSegment, readSegmentRange, removeSegment, TailSegment, writeCursor, type Cursor } from './segment-files.js';
import { collectBatch } from './batch-collector.js';
import { scanSegment, type SegmentInfo } from './segment-scan.js';
import { Reservations, type SpoolSlot } from './reservations.js';

export interface DiskSpoolOptions {
  /** The destination's own directory (`<spool.directory>/<destination id>`). */
  directory: string;
  /** Upper bound of all segment files together. */
  maxBytes: number;
  /** A new segment is started once the current one reaches this size. */
  segmentBytes: number;
}

export interface SpoolEvents {
  /** Lines lost: the oldest segment made room (spool_full) or a write failed (spool_error). */
  lost(reason: 'spool_full' | 'spool_error', lines: number, records: number): void;
  /** A damaged record was skipped while reading. */
  corrupt(records: number): void;
}

/** The records handed out by take() and not yet settled (at most one batch, the lane's). */
interface Pending {
  taken: TakenBatch;
  segment: number;
}

const ERROR_LOG_MS = 30_000;
/** Read a little more than one batch so the record that ends the batch is seen whole. */
const READ_SLACK_BYTES = 64 * 1024;

export class DiskSpool implements BatchBuffer {
  private segments: SegmentInfo[] = [];
  private tail: TailSegment | undefined;
  private nextSegmentId = 1;
  /** Next unread position: segment index in `segments` is found by id. */
  private read: Cursor = { segment: 0, offset: 0 };
  private pending: Pending | undefined;
  private appendedSeq = 0;
  private takenSeq = 0;
  private unreadLines = 0;
  private lastErrorLogAt = -Infinity;
  private readonly reservations = new Reservations();

  constructor(
    readonly options: DiskSpoolOptions,
    private readonly events: SpoolEvents,
    private readonly logger: AppLogger,
  ) {}

  /** Loads what an earlier run left behind. Returns the number of lines waiting to be replayed. */
  open(): number {
    const dir = this.options.directory;
    const ids = listSegments(dir);
    const cursor = readCursor(dir) ?? { segment: ids[0] ?? 1, offset: 0 };
    for (const id of ids) {
      if (id < cursor.segment) {
        removeSegment(dir, id);
        continue;
      }
      const start = id === cursor.segment ? cursor.offset : 0;
      const info = scanSegment(readSegment(dir, id), id, start);
      if (info.records === 0) removeSegment(dir, id);
      else this.segments.push(info);
    }
    // Never reuse an id at or below the cursor: a later start would take that segment for replayed.
    this.nextSegmentId = Math.max((ids.at(-1) ?? 0) + 1, cursor.offset > 0 ? cursor.segment + 1 : cursor.segment);
    this.read = this.segments.length > 0 ? { segment: this.segments[0].id, offset: this.segments[0].start } : { segment: this.nextSegmentId, offset: 0 };
    for (const s of this.segments) {
      this.appendedSeq += s.records;
      this.unreadLines += s.lines;
    }
    return this.unreadLines;
  }

  // ---- BatchBuffer -------------------------------------------------------------------------------------

  /** Lines waiting for replay (reserved records count only once their write failed). */
  get lines(): number {
    return this.unreadLines - this.reservations.lines;
  }

  /** Bytes on disk (including replayed parts of segments not yet deleted). */
  get bytes(): number {
    let total = 0;
    for (const s of this.segments) total += s.size;
    return total;
  }

  oldestQueuedAt(): number | undefined {
    // Spooled data is old by definition: always due for writing.
    return this.headSeq() === undefined ? undefined : 0;
  }

  headSeq(): number | undefined {
    return this.takenSeq < this.appendedSeq ? this.takenSeq + 1 : undefined;
  }

  tailSeq(): number {
    return this.appendedSeq;
  }

  push(_message: BufferedMessage): void {
    throw new Error('DiskSpool.push: use append(), which knows the module');
  }

  /** Appends one record; false when it could not be stored (counted as spool_full or spool_error). */
  append(module: DataModule, body: Uint8Array, lines: number, serverName: string): boolean {
    if (body.byteLength === 0) return true;
    const written = this.write(encodeRecord({ module, lines, serverName, body }), lines);
    if (written === 'too-large') this.events.lost('spool_full', lines, 1);
    else if (written === 'failed') this.events.lost('spool_error', lines, 1);
    return typeof written !== 'string';
  }

  /**
   * Appends a copy of a batch that is still on the wire; replay waits in front of it until confirm() (the
   * write failed: replay it) or cancel() (it succeeded: pass over it). Undefined when it could not be
   * stored; nothing is counted then, the batch itself is still on the wire.
   */
  reserve(module: DataModule, body: Uint8Array, lines: number, serverName: string): SpoolSlot | undefined {
    if (body.byteLength === 0) return undefined;
    const written = this.write(encodeRecord({ module, lines, serverName, body }), lines);
    return typeof written === 'string' ? undefined : this.reservations.add(written.segment, written.offset, lines);
  }

  /** The reserved batch's write failed (or shutdown came first): replay it. False when it was lost meanwhile. */
  confirm(slot: SpoolSlot): boolean {
    return this.reservations.confirm(slot);
  }

  /** The reserved batch was written directly: replay passes over its copy. */
  cancel(slot: SpoolSlot): void {
    this.reservations.markWritten(slot);
  }

  /** One synchronous append; where the record went, or why it is not on disk (logged here, counted by callers). */
  private write(data: Buffer, lines: number): { segment: number; offset: number } | 'too-large' | 'failed' {
    if (data.byteLength > this.options.maxBytes) {
      this.logError(undefined, `A batch of ${data.byteLength} bytes is larger than the whole spool (maxBytes ${this.options.maxBytes}); dropped.`);
      return 'too-large';
    }
    this.makeRoom(data.byteLength);
    let at: { segment: number; offset: number };
    try {
      const tail = this.openTail();
      at = { segment: tail.id, offset: tail.size };
      tail.append(data);
      const seg = this.segments.at(-1)!;
      seg.size = tail.size;
      seg.records++;
      seg.lines += lines;
    } catch (err) {
      // A segment that failed a write is never appended to again (its end may be torn).
      this.closeTail();
      this.logError(err, 'Could not write to the spool; the batch is lost (counted as spool_error).');
      return 'failed';
    }
    this.appendedSeq++;
    this.unreadLines += lines;
    if (this.tail!.size >= this.options.segmentBytes) this.closeTail();
    return at;
  }

  take(limits: BatchLimits): TakenBatch | undefined {
    if (this.pending) throw new Error('DiskSpool.take: the previous batch is not settled');
    for (;;) {
      if (this.headSeq() === undefined) return undefined;
      // The read segment may have been deleted to make room: continue with the next one.
      const seg = this.segments.find((s) => s.id >= this.read.segment);
      if (!seg) return undefined;
      if (seg.id !== this.read.segment) this.read = { segment: seg.id, offset: seg.start };
      const got = this.takeFrom(seg, limits);
      if (got === 'blocked') return undefined;
      if (got) return got;
      this.reconcile(seg);
      const next = this.segments.find((s) => s.id > seg.id);
      if (!next) return undefined;
      this.read = { segment: next.id, offset: next.start };
      this.commit(this.read);
    }
  }

  /**
   * Reads the next records of one module from `seg`, within the limits (always at least one record).
   * 'blocked': the next record is a reserved one whose write has not answered yet.
   */
  private takeFrom(seg: SegmentInfo, limits: BatchLimits): TakenBatch | 'blocked' | undefined {
    for (;;) {
      const offset = this.read.offset;
      const want = Math.min(seg.size - offset, limits.maxBytes + READ_SLACK_BYTES);
      if (want <= 0) return undefined;
      const chunk = readSegmentRange(this.options.directory, seg.id, offset, want);
      const fileEnd = offset + chunk.byteLength >= seg.size;
      const { batch, passed, blocked, walk } = collectBatch(chunk, fileEnd, limits, this.reservations, seg.id, offset);
      if (walk.corrupt > 0) {
        this.events.corrupt(walk.corrupt);
        this.logger.warn(
          { spool: this.options.directory, segment: seg.id, records: walk.corrupt },
          'Damaged spool records skipped (torn write or checksum mismatch); their lines are lost (counted as spoolCorruptRecords).',
        );
      }
      this.countRead(seg, passed.records, passed.lines);
      this.read = { segment: seg.id, offset: offset + walk.next };
      if (batch.records === 0 && walk.needMore !== undefined) {
        // The next record is larger than the chunk: read exactly that much.
        limits = { maxLines: limits.maxLines, maxBytes: Math.max(limits.maxBytes, walk.needMore) };
        continue;
      }
      if (batch.records > 0) {
        const taken = batch.toTaken(this.takenSeq);
        this.countRead(seg, batch.records, batch.lines);
        this.pending = { taken, segment: seg.id };
        return taken;
      }
      if (passed.records > 0 && !blocked && !fileEnd) continue;
      // Records passed over are done: the cursor moves past them now (nothing is pending).
      if (passed.records > 0) this.commit(this.read);
      return blocked ? 'blocked' : undefined;
    }
  }

  private countRead(seg: SegmentInfo, records: number, lines: number): void {
    this.takenSeq += records;
    this.unreadLines -= lines;
    seg.readRecords += records;
    seg.readLines += lines;
  }

  /** After reading a segment to its end: records it should have had but were damaged are written off. */
  private reconcile(seg: SegmentInfo): void {
    const missingRecords = seg.records - seg.readRecords;
    if (missingRecords <= 0) return;
    this.takenSeq += missingRecords;
    this.unreadLines -= seg.lines - seg.readLines;
    seg.readRecords = seg.records;
    seg.readLines = seg.lines;
  }

  settle(taken: TakenBatch): void {
    if (this.pending?.taken !== taken) return;
    this.pending = undefined;
    this.commit(this.read);
  }

  /** The lane gives up a batch (shutdown): it stays on disk for the next start. Returns lines lost. */
  release(taken: TakenBatch): number {
    const p = this.pending;
    if (p?.taken !== taken) return 0;
    this.pending = undefined;
    const seg = this.segments.find((s) => s.id === p.segment);
    // Its segment was deleted to make room: this batch existed only in memory.
    if (!seg) return taken.batch.lines;
    return 0;
  }

  discardAll(): { lines: number; batches: number } {
    // Spooled data outlives the process; nothing is discarded.
    this.close();
    return { lines: 0, batches: 0 };
  }

  close(): void {
    this.closeTail();
    // Reserved records still held stay on disk as ordinary records: the next start replays them.
    this.reservations.clear();
  }

  // ---- internals ---------------------------------------------------------------------------------------

  /** Moves the durable cursor to `to` and deletes every segment wholly before it. */
  private commit(to: Cursor): void {
    const dir = this.options.directory;
    while (this.segments.length > 0 && this.segments[0].id < to.segment) this.dropSegment(this.segments[0]);
    const head = this.segments[0];
    // A finished segment that is not being appended to can go right away.
    if (head && head.id === to.segment && to.offset >= head.size && head.id !== this.tail?.id && head.readRecords >= head.records) {
      this.dropSegment(head);
      const next = this.segments[0];
      to = next ? { segment: next.id, offset: next.start } : { segment: this.nextSegmentId, offset: 0 };
      this.read = to;
    }
    if (this.segments.length === 0 && !this.tail) return this.tryWriteCursor(dir, { segment: this.nextSegmentId, offset: 0 });
    this.tryWriteCursor(dir, to);
  }

  private tryWriteCursor(dir: string, cursor: Cursor): void {
    try {
      writeCursor(dir, cursor);
    } catch (err) {
      // Without the cursor a restart replays some batches twice; not a loss.
      this.logError(err, 'Could not save the spool read position.');
    }
  }

  /** Deletes oldest segments until `incoming` more bytes fit; counts every unreplayed line in them. */
  private makeRoom(incoming: number): void {
    while (this.segments.length > 0 && this.bytes + incoming > this.options.maxBytes) {
      const oldest = this.segments[0];
      if (oldest.id === this.tail?.id) this.closeTail();
      const unreadRecords = oldest.records - oldest.readRecords;
      const unreadLines = oldest.lines - oldest.readLines;
      // Reserved copies are not lost data: their batches are still on the wire or already written.
      const reserved = this.reservations.dropSegment(oldest.id);
      this.dropSegment(oldest);
      this.takenSeq += unreadRecords;
      this.unreadLines -= unreadLines;
      const lostRecords = unreadRecords - reserved.records;
      const lostLines = unreadLines - reserved.lines;
      if (lostRecords > 0) {
        this.events.lost('spool_full', lostLines, lostRecords);
        this.logError(undefined, `Spool full (maxBytes ${this.options.maxBytes}): dropped the oldest ${lostLines} lines.`);
      }
    }
  }

  private dropSegment(seg: SegmentInfo): void {
    this.segments = this.segments.filter((s) => s !== seg);
    removeSegment(this.options.directory, seg.id);
  }

  private openTail(): TailSegment {
    if (this.tail) return this.tail;
    const id = this.nextSegmentId++;
    const tail = new TailSegment(this.options.directory, id);
    this.tail = tail;
    this.segments.push({ id, start: 0, size: tail.size, records: 0, lines: 0, readRecords: 0, readLines: 0 });
    return tail;
  }

  private closeTail(): void {
    this.tail?.close();
    this.tail = undefined;
  }

  private logError(err: unknown, msg: string): void {
    const now = Date.now();
    if (now - this.lastErrorLogAt < ERROR_LOG_MS) return;
    this.lastErrorLogAt = now;
    this.logger.error({ spool: this.options.directory, err: err instanceof Error ? { code: (err as NodeJS.ErrnoException).code, message: err.message } : undefined }, msg);
  }
}

/** `<directory>/<destination id>`; ids are plain names ('influxdb', 'file'), so they are safe path parts. */
export function spoolDirectoryFor(directory: string, destinationId: string): string {
  return join(directory, destinationId.replace(/[^A-Za-z0-9_.-]/g, '_'));
}
