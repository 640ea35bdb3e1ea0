// Batches for a destination that a reload is replacing, held in arrival order while the old instance writes
// or spools its queue, then handed to the new one. Bounded like a delivery queue (maxQueuedLines): beyond it
// the oldest go, counted on the new instance as queue_full, so a slow old backend cannot grow memory without
// limit under load.
import type { BatchMessage } from '../threads/messages.js';
import type { DestinationDelivery } from './delivery/destination-delivery.js';

export class HeldBatches {
  private msgs: Array<BatchMessage | undefined> = [];
  private head = 0;
  private lines = 0;

  constructor(private readonly next: DestinationDelivery) {}

  push(msg: BatchMessage): void {
    this.msgs.push(msg);
    this.lines += msg.count;
    const bound = this.next.options.maxQueuedLines;
    while (this.lines > bound && this.head < this.msgs.length - 1) {
      const oldest = this.msgs[this.head]!;
      this.msgs[this.head++] = undefined;
      this.lines -= oldest.count;
      this.next.countDropped('queue_full', oldest.count, 1);
    }
  }

  /** Hands every held batch to the new instance, in arrival order. */
  release(): void {
    for (let i = this.head; i < this.msgs.length; i++) this.next.accept(this.msgs[i]!);
    this.msgs = [];
    this.head = 0;
    this.lines = 0;
  }
}
