// Which writer-channel slot (src/threads/channels.ts, parse-<k>) a parse worker sends on. A slot carries one
// sequence of batch numbers per writer (src/threads/writer-ledger.ts), so two live workers must never share
// one: their batches would interleave out of order. Each worker claims a slot nobody holds and beats a
// heartbeat in it; a replacement for a crashed worker takes a slot whose heartbeat stopped.
const BASE = 0;
const FIRST = 1;
/** A heartbeat this old (seconds) means the worker holding the slot is gone. */
export const SLOT_STALE_S = 5;
export const HEARTBEAT_MS = 1_000;

export function createParseSlotTable(slots: number, nowS = Math.floor(Date.now() / 1000)): SharedArrayBuffer {
  const sab = new SharedArrayBuffer((FIRST + slots) * 4);
  new Int32Array(sab)[BASE] = nowS;
  return sab;
}

export class ParseSlots {
  private readonly words: Int32Array;

  constructor(
    sab: SharedArrayBuffer,
    private readonly slots: number,
    private readonly nowS: () => number = () => Math.floor(Date.now() / 1000),
  ) {
    this.words = new Int32Array(sab);
  }

  /** Seconds since the table was made, never 0 (0 marks a slot never claimed). */
  private now(): number {
    return Math.max(1, this.nowS() - Atomics.load(this.words, BASE) + 1);
  }

  /** Claims a free (or abandoned) slot; when every slot is held by a live worker, the stalest one (shared). */
  claim(): { slot: number; shared: boolean } {
    const now = this.now();
    let stalest = 0;
    for (let s = 0; s < this.slots; s++) {
      const beat = Atomics.load(this.words, FIRST + s);
      if (beat === 0 || now - beat > SLOT_STALE_S) {
        if (Atomics.compareExchange(this.words, FIRST + s, beat, now) === beat) return { slot: s, shared: false };
      }
      if (Atomics.load(this.words, FIRST + s) < Atomics.load(this.words, FIRST + stalest)) stalest = s;
    }
    return { slot: stalest, shared: true };
  }

  beat(slot: number): void {
    Atomics.store(this.words, FIRST + slot, this.now());
  }
}
