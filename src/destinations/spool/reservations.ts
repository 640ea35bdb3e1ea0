// Spool records whose fate is not known yet. When a destination switches to the spool while a batch is on
// the wire, that batch is copied into the spool first (a "reserved" record), ahead of everything queued
// behind it, so the spool keeps the original order whatever the write's answer. Until the answer comes the
// record is held: replay stops in front of it. If the write fails, the record becomes an ordinary one and is
// replayed in its place; if the write succeeds, replay passes over it.

export type SlotState =
  /** The write is still on the wire: replay must wait in front of this record. */
  | 'held'
  /** The write succeeded: replay passes over this record. */
  | 'written'
  /** The record's segment was deleted to make room (spool full) before the answer came. */
  | 'lost';

/** One reserved record, found by its position on disk. */
export interface SpoolSlot {
  readonly segment: number;
  readonly offset: number;
  readonly lines: number;
  state: SlotState;
}

export class Reservations {
  private slots: SpoolSlot[] = [];
  /** Lines of reserved records still in the spool: neither waiting for replay nor lost (in flight or written). */
  lines = 0;

  add(segment: number, offset: number, lines: number): SpoolSlot {
    const slot: SpoolSlot = { segment, offset, lines, state: 'held' };
    this.slots.push(slot);
    this.lines += lines;
    return slot;
  }

  /** The reserved record at this position, if any. */
  at(segment: number, offset: number): SpoolSlot | undefined {
    if (this.slots.length === 0) return undefined;
    return this.slots.find((s) => s.segment === segment && s.offset === offset);
  }

  /** The write succeeded: the record stays on disk until replay passes over it. */
  markWritten(slot: SpoolSlot): void {
    if (slot.state === 'held') slot.state = 'written';
    else if (slot.state === 'lost') this.forget(slot);
  }

  /** The write failed (or shutdown came first): an ordinary record from now on. False when it was lost. */
  confirm(slot: SpoolSlot): boolean {
    const kept = slot.state !== 'lost';
    if (kept) this.lines -= slot.lines;
    this.forget(slot);
    return kept;
  }

  /** Replay passed over a written record. */
  passed(slot: SpoolSlot): void {
    this.lines -= slot.lines;
    this.forget(slot);
  }

  /** A segment is deleted to make room: its reserved records are not lost data. Returns what they cover. */
  dropSegment(segment: number): { records: number; lines: number } {
    let records = 0;
    let lines = 0;
    for (const slot of this.slots.filter((s) => s.segment === segment && s.state !== 'lost')) {
      records++;
      lines += slot.lines;
      this.lines -= slot.lines;
      // A held write may still succeed; if it fails, its lines are lost then (confirm() says so).
      if (slot.state === 'held') slot.state = 'lost';
      else this.forget(slot);
    }
    return { records, lines };
  }

  clear(): void {
    this.slots = [];
    this.lines = 0;
  }

  private forget(slot: SpoolSlot): void {
    this.slots = this.slots.filter((s) => s !== slot);
  }
}
