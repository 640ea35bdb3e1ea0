// Gathers consecutive spool records into one write: same module, within the batch limits, at least one record.
// Reserved records (./reservations.ts) end a batch: a held one blocks replay, a written one is passed over.

import type { DataModule } from '../../threads/messages.js';
import { joinLines, type BatchLimits, type TakenBatch } from '../delivery/batch-buffer.js';
import type { SpoolRecord } from './record.js';
import type { Reservations } from './reservations.js';
import { walkRecords, type WalkResult } from './segment-scan.js';

export interface Collected {
  batch: BatchCollector;
  /** Copies of batches written directly, passed over before the batch's first record. */
  passed: { records: number; lines: number };
  /** Stopped in front of a held copy (its write has not answered yet). */
  blocked: boolean;
  walk: WalkResult;
}

/** Collects the next batch from `chunk`, read at `chunkOffset` of segment `segment`. */
export function collectBatch(chunk: Uint8Array, fileEnd: boolean, limits: BatchLimits, reservations: Reservations, segment: number, chunkOffset: number): Collected {
  const batch = new BatchCollector(limits);
  const passed = { records: 0, lines: 0 };
  let blocked = false;
  const walk = walkRecords(chunk, 0, fileEnd, (r, _size, at) => {
    const slot = reservations.at(segment, chunkOffset + at);
    if (!slot) return batch.add(r);
    if (slot.state === 'held' || batch.records > 0) {
      blocked = slot.state === 'held';
      return false;
    }
    reservations.passed(slot);
    passed.records++;
    passed.lines += r.lines;
    return true;
  });
  return { batch, passed, blocked, walk };
}

export class BatchCollector {
  private readonly parts: { body: Uint8Array }[] = [];
  private module: DataModule | undefined;
  private serverName = '';
  records = 0;
  lines = 0;
  private bytes = 0;

  constructor(private readonly limits: BatchLimits) {}

  /** Adds `r` when it fits; false ends the batch (r is left for the next one). */
  add(r: SpoolRecord): boolean {
    if (this.module !== undefined) {
      if (r.module !== this.module) return false;
      if (this.lines + r.lines > this.limits.maxLines || this.bytes + r.body.byteLength > this.limits.maxBytes) return false;
      if (r.serverName !== this.serverName) this.serverName = '';
    } else {
      this.module = r.module;
      this.serverName = r.serverName;
    }
    this.parts.push({ body: r.body });
    this.records++;
    this.lines += r.lines;
    this.bytes += r.body.byteLength;
    return true;
  }

  /** The batch as the lane wants it; seqs continue after `lastSeq`. */
  toTaken(lastSeq: number): TakenBatch {
    // Copy: record bodies are views into a read buffer that is reused for nothing else, but a copy keeps
    // a retried batch from pinning a whole read chunk.
    const body = Buffer.from(joinLines(this.parts));
    return {
      batch: { module: this.module!, body, lines: this.lines, serverName: this.serverName },
      bytes: body.byteLength,
      firstSeq: lastSeq + 1,
      lastSeq: lastSeq + this.records,
    };
  }
}
