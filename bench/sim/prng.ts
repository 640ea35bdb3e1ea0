// Seeded pseudo-random numbers for the simulator. Everything the simulator invents (cluster, datagram pools,
// API state) comes from one of these, so a seed reproduces a run exactly. Not for cryptography.

const HEX = '0123456789abcdef';

/** 32-bit FNV-1a hash; turns string seeds and fork labels into numeric seeds. */
function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export type Seed = number | string;

export class Prng {
  private state: number;
  private readonly seedKey: string;

  constructor(seed: Seed) {
    this.seedKey = String(seed);
    this.state = hash32(this.seedKey) || 0x9e3779b9;
  }

  /** Uniform in [0, 1) (mulberry32). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [0, maxExclusive). */
  int(maxExclusive: number): number {
    return Math.floor(this.next() * maxExclusive);
  }

  /** Integer in [min, max] (both inclusive). */
  range(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  /** Picks by relative weights (same length as items). */
  weighted<T>(items: readonly T[], weights: readonly number[]): T {
    let total = 0;
    for (const w of weights) total += w;
    let r = this.next() * total;
    for (let i = 0; i < items.length; i++) {
      r -= weights[i];
      if (r < 0) return items[i];
    }
    return items[items.length - 1];
  }

  /** Log-normal sample around `median`; `spread` is the sigma of the underlying normal. */
  logNormal(median: number, spread: number): number {
    // Box-Muller; 1 - next() keeps the log argument away from 0.
    const u = 1 - this.next();
    const v = this.next();
    const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    return median * Math.exp(spread * z);
  }

  hex(length: number): string {
    let out = '';
    for (let i = 0; i < length; i++) out += HEX[this.int(16)];
    return out;
  }

  /** A lowercase version-4 GUID (variant nibble 8, 9, a or b), as Qlik uses for every id. */
  guid(): string {
    const variant = HEX[8 + this.int(4)];
    return `${this.hex(8)}-${this.hex(4)}-4${this.hex(3)}-${variant}${this.hex(3)}-${this.hex(12)}`;
  }

  /** Letters and digits, like the short object ids of Qlik charts (`rwPjBk`). */
  alnum(length: number): string {
    const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
    let out = '';
    for (let i = 0; i < length; i++) out += chars[this.int(chars.length)];
    return out;
  }

  /** An independent stream for one purpose, so adding draws in one place does not shift the others. */
  fork(label: string): Prng {
    return new Prng(`${this.seedKey}/${label}`);
  }
}
