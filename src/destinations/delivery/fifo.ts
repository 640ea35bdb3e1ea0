// A plain FIFO over an array with a moving head. Array.shift() is O(n) per call on large queues; this
// compacts only when the dead prefix is large, so push/shift stay O(1) amortised.

const COMPACT_AT = 1024;

export class Fifo<T> {
  private items: (T | undefined)[] = [];
  private head = 0;

  get length(): number {
    return this.items.length - this.head;
  }

  push(item: T): void {
    this.items.push(item);
  }

  peek(): T | undefined {
    return this.head < this.items.length ? this.items[this.head] : undefined;
  }

  shift(): T | undefined {
    if (this.head >= this.items.length) return undefined;
    const item = this.items[this.head];
    this.items[this.head++] = undefined;
    if (this.head >= COMPACT_AT && this.head * 2 >= this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }

  /** Replaces the head item (used to put back the unsent rest of a split message). */
  replaceHead(item: T): void {
    if (this.head < this.items.length) this.items[this.head] = item;
  }

  clear(): void {
    this.items = [];
    this.head = 0;
  }
}
