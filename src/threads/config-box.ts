// The configuration the parse workers run with and the destination routes it gives, in shared memory, so a
// reload reaches every parse worker,
// including ones Piscina starts later in place of crashed ones (its workerData is fixed at start). A seqlock:
// the version is odd while the main thread writes; a reader that sees an odd or changed version keeps its
// current configuration and looks again at its next task.
import type { ProducerConfig } from './worker-data.js';

const HEADER_BYTES = 8;
const VERSION = 0;
const LENGTH = 1;

export class ConfigBox {
  private readonly words: Int32Array;
  private readonly bytes: Uint8Array;

  constructor(readonly sab: SharedArrayBuffer) {
    this.words = new Int32Array(sab, 0, 2);
    this.bytes = new Uint8Array(sab, HEADER_BYTES);
  }

  static create(bytes = 4 * 1024 * 1024): ConfigBox {
    return new ConfigBox(new SharedArrayBuffer(HEADER_BYTES + bytes));
  }

  get version(): number {
    return Atomics.load(this.words, VERSION);
  }

  /** Throws when the configuration would not fit, before a reload changes anything (the running one stays). */
  assertFits(config: ProducerConfig): void {
    this.encode(config);
  }

  /** Main thread only. Throws when the configuration does not fit (the running one stays). */
  write(config: ProducerConfig): number {
    const encoded = this.encode(config);
    Atomics.add(this.words, VERSION, 1);
    this.bytes.set(encoded);
    Atomics.store(this.words, LENGTH, encoded.length);
    return Atomics.add(this.words, VERSION, 1) + 1;
  }

  private encode(config: ProducerConfig): Buffer {
    const encoded = Buffer.from(JSON.stringify(config), 'utf8');
    if (encoded.length > this.bytes.length) throw new Error(`the configuration is ${encoded.length} bytes as JSON; at most ${this.bytes.length} can be reloaded`);
    return encoded;
  }

  /** The configuration written after `known`, or null (none newer, or a write in progress). */
  readNewer(known: number): { version: number; config: ProducerConfig } | null {
    const before = this.version;
    if (before === known || before % 2 === 1) return null;
    const length = Atomics.load(this.words, LENGTH);
    const text = Buffer.from(this.bytes.subarray(0, length)).toString('utf8');
    if (this.version !== before) return null;
    return { version: before, config: JSON.parse(text) as ProducerConfig };
  }
}
