// Producer side of src/threads/writer-ledger.ts: posts batches to the writers over their channels and keeps
// each one until its writer has taken it in. A writer thread that dies drops what was posted to it and not
// yet taken in (and nothing listens while it restarts); such batches are posted again once the new
// incarnation listens (its generation changed), or when a writer has taken in nothing from us for a while.
import type { BroadcastChannel } from 'node:worker_threads';
import { channelNames, openChannel, type Producer } from './channels.js';
import type { BatchMessage } from './messages.js';
import { producerIndex, seqAfter, WriterLedger } from './writer-ledger.js';

export interface Postable {
  postMessage(msg: unknown): void;
}

interface Kept {
  seq: number;
  generation: number;
  msg: BatchMessage;
}

/** How often resend() should run; the producer's own timer calls it. */
export const RESEND_CHECK_MS = 100;
/** No progress at all for this long: post again (a lost message without a restart, e.g. a shared slot). */
const STALLED_MS = 3_000;

class WriterQueue {
  kept: Kept[] = [];
  head = 0;
  lastReceived = 0;
  progressAt = 0;
}

/** What a producer thread knows about the writers (CommonThreadData has all of it). */
export interface SenderData {
  instanceId: string;
  writerCount: number;
  parseSlots: number;
  /** The supervisor's WriterLedger buffer; absent (tests of one thread), batches are posted once, not kept. */
  ledger?: SharedArrayBuffer;
}

export class BatchSender {
  private readonly queues: WriterQueue[];
  private timer: NodeJS.Timeout | undefined;
  resent = 0;

  constructor(
    private readonly ledger: WriterLedger | undefined,
    private readonly producer: number,
    private readonly channels: readonly Postable[],
    private readonly now: () => number = Date.now,
  ) {
    this.queues = channels.map(() => new WriterQueue());
  }

  /** Opens this producer's channel to every writer and starts the resend check. */
  static open(data: SenderData, producer: Producer): BatchSender {
    const names = channelNames(data.instanceId);
    const writers = Math.max(1, data.writerCount);
    const channels: BroadcastChannel[] = Array.from({ length: writers }, (_, i) => openChannel(names.writer(i, producer)));
    const ledger = data.ledger ? new WriterLedger(data.ledger, writers, data.parseSlots) : undefined;
    const sender = new BatchSender(ledger, producerIndex(producer), channels);
    if (ledger) {
      sender.timer = setInterval(() => sender.resend(), RESEND_CHECK_MS);
      sender.timer.unref();
    }
    return sender;
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    for (const c of this.channels) (c as Partial<BroadcastChannel>).close?.();
  }

  readonly post = (writer: number, msg: BatchMessage): void => {
    const w = writer % this.channels.length;
    if (!this.ledger) {
      this.channels[w].postMessage(msg);
      return;
    }
    const seq = this.ledger.nextSeq(w, this.producer);
    const sent: BatchMessage = { ...msg, seq };
    const q = this.queues[w];
    if (q.head === q.kept.length) q.progressAt = this.now();
    q.kept.push({ seq, generation: this.ledger.generation(w), msg: sent });
    this.channels[w].postMessage(sent);
    this.prune(w);
  };

  /** Batches kept because their writer has not taken them in yet. */
  get kept(): number {
    return this.queues.reduce((n, q) => n + q.kept.length - q.head, 0);
  }

  /** Drops what was taken in; posts again what a new writer incarnation (or a stalled one) has not. */
  resend(): void {
    if (!this.ledger) return;
    for (let w = 0; w < this.queues.length; w++) {
      this.prune(w);
      const q = this.queues[w];
      if (q.head === q.kept.length) continue;
      const generation = this.ledger.generation(w);
      const restarted = q.kept[q.head].generation !== generation;
      if (!restarted && this.now() - q.progressAt < STALLED_MS) continue;
      for (let i = q.head; i < q.kept.length; i++) {
        q.kept[i].generation = generation;
        this.channels[w].postMessage(q.kept[i].msg);
        this.resent++;
      }
      q.progressAt = this.now();
    }
  }

  private prune(w: number): void {
    if (!this.ledger) return;
    const q = this.queues[w];
    const received = this.ledger.received(w, this.producer);
    if (received !== q.lastReceived) {
      q.lastReceived = received;
      q.progressAt = this.now();
    }
    while (q.head < q.kept.length && !seqAfter(q.kept[q.head].seq, received)) q.kept[q.head++] = undefined as unknown as Kept;
    if (q.head === q.kept.length) {
      q.kept = [];
      q.head = 0;
    } else if (q.head > 1024 && q.head * 2 > q.kept.length) {
      q.kept = q.kept.slice(q.head);
      q.head = 0;
    }
  }
}
