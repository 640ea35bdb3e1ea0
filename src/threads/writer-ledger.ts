// Shared bookkeeping between batch producers (parse workers, tracker, poller) and the writer threads, in one
// SharedArrayBuffer the supervisor creates, so it survives any one thread. Per writer: a generation (bumped by
// each incarnation once it listens) and, per producer, how many batches the producer has posted to it and
// how many the writer has taken in. A producer keeps each batch until the writer has taken it in and posts
// it again to a new incarnation (src/threads/batch-sender.ts); the writer takes each sequence number once, in
// order. The shutdown drain waits until every writer has taken in everything posted, whichever incarnation.
//
// Counters are Int32 and compared with serial-number arithmetic, so they may wrap after 2^31 batches.
import { writerProducers, type Producer } from './channels.js';

const HEADER = 2;
const GENERATION = 0;
const POSTED = 0;
const RECEIVED = 1;

/** a comes after b (wrap-safe). */
export function seqAfter(a: number, b: number): boolean {
  return ((a - b) | 0) > 0;
}

/** Producer index in the ledger: tracker, poller, then the parse slots (the order of writerProducers). */
export function producerIndex(producer: Producer): number {
  if (producer === 'tracker') return 0;
  if (producer === 'poller') return 1;
  return 2 + Number(producer.slice('parse-'.length));
}

export type Admission = 'accept' | 'duplicate' | 'gap';

export class WriterLedger {
  private readonly words: Int32Array;
  private readonly stride: number;
  readonly producers: number;

  constructor(
    readonly sab: SharedArrayBuffer,
    readonly writers: number,
    parseSlots: number,
  ) {
    this.producers = writerProducers(parseSlots).length;
    this.stride = HEADER + 2 * this.producers;
    this.words = new Int32Array(sab);
    if (this.words.length < writers * this.stride) throw new Error('WriterLedger: buffer too small');
  }

  static create(writers: number, parseSlots: number): WriterLedger {
    const producers = writerProducers(parseSlots).length;
    const sab = new SharedArrayBuffer(Math.max(1, writers) * (HEADER + 2 * producers) * 4);
    return new WriterLedger(sab, writers, parseSlots);
  }

  generation(writer: number): number {
    return Atomics.load(this.words, writer * this.stride + GENERATION);
  }

  /** A writer incarnation listens now: producers post again what it has not taken in. */
  bumpGeneration(writer: number): number {
    return Atomics.add(this.words, writer * this.stride + GENERATION, 1) + 1;
  }

  /** Reserves the next sequence number of producer → writer. */
  nextSeq(writer: number, producer: number): number {
    return (Atomics.add(this.words, this.at(writer, producer, POSTED), 1) + 1) | 0;
  }

  posted(writer: number, producer: number): number {
    return Atomics.load(this.words, this.at(writer, producer, POSTED));
  }

  received(writer: number, producer: number): number {
    return Atomics.load(this.words, this.at(writer, producer, RECEIVED));
  }

  /** Writer side: take a batch in once and in order; a gap (an earlier one was lost) is posted again. */
  admit(writer: number, producer: number, seq: number | undefined): Admission {
    if (seq === undefined) return 'accept';
    const at = this.at(writer, producer, RECEIVED);
    const last = Atomics.load(this.words, at);
    if (!seqAfter(seq, last)) return 'duplicate';
    if (seq !== ((last + 1) | 0)) return 'gap';
    Atomics.store(this.words, at, seq);
    return 'accept';
  }

  /** How many batches every producer has posted to every writer so far (for caughtUp()). */
  postedSnapshot(): number[] {
    const out: number[] = [];
    for (let w = 0; w < this.writers; w++) for (let p = 0; p < this.producers; p++) out.push(this.posted(w, p));
    return out;
  }

  /** Every writer has taken in every batch counted in the snapshot (whichever incarnation took it). */
  caughtUp(snapshot: readonly number[]): boolean {
    for (let w = 0; w < this.writers; w++) {
      for (let p = 0; p < this.producers; p++) if (seqAfter(snapshot[w * this.producers + p], this.received(w, p))) return false;
    }
    return true;
  }

  /** Batches posted to this writer that it has not taken in yet, over every producer. */
  outstanding(writer: number): number {
    let n = 0;
    for (let p = 0; p < this.producers; p++) n += Math.max(0, (this.posted(writer, p) - this.received(writer, p)) | 0);
    return n;
  }

  private at(writer: number, producer: number, field: number): number {
    return writer * this.stride + HEADER + 2 * producer + field;
  }
}
