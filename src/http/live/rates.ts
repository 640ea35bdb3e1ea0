// Per-second rates from cumulative counters that arrive every second or so (tracker and writer snapshots).
// Ring counters are 32-bit and wrap; a counter that goes backwards otherwise (a restarted thread) restarts
// the rate instead of showing a negative one.

interface Seen {
  value: number;
  at: number;
  rate: number;
}

export class Rates {
  private readonly seen = new Map<string, Seen>();

  /** Records `value` for `key` at `at` (ms) and returns the rate per second since the previous value. */
  update(key: string, value: number, at: number, wraps32 = false): number {
    const prev = this.seen.get(key);
    let rate = 0;
    if (prev && at > prev.at) {
      let delta = value - prev.value;
      if (delta < 0 && wraps32) delta += 2 ** 32;
      rate = delta < 0 ? 0 : (delta * 1000) / (at - prev.at);
    } else if (prev) rate = prev.rate;
    this.seen.set(key, { value, at, rate });
    return rate;
  }

  rate(key: string): number {
    return this.seen.get(key)?.rate ?? 0;
  }
}
