import type { Clock, TimerHandle } from '../../../src/clock.js';

/** A manual clock: time moves only through advance(), which fires due timers in time order. */
export class FakeClock implements Clock {
  private timers: Array<{ at: number; fn: () => void; handle: TimerHandle }> = [];
  constructor(private t = Date.UTC(2024, 0, 1)) {}
  now(): number {
    return this.t;
  }
  setTimer(fn: () => void, ms: number): TimerHandle {
    const handle = {};
    this.timers.push({ at: this.t + ms, fn, handle });
    return handle;
  }
  clearTimer(handle: TimerHandle): void {
    this.timers = this.timers.filter((x) => x.handle !== handle);
  }
  set(ms: number): void {
    this.t = ms;
  }
  /** Moves time forward, firing due timers (and letting promise callbacks run between them). */
  async advance(ms: number): Promise<void> {
    const end = this.t + ms;
    for (;;) {
      await new Promise((r) => setImmediate(r));
      this.timers.sort((a, b) => a.at - b.at);
      const next = this.timers[0];
      if (!next || next.at > end) break;
      this.timers.shift();
      this.t = next.at;
      next.fn();
    }
    this.t = end;
    await new Promise((r) => setImmediate(r));
  }
  pending(): number {
    return this.timers.length;
  }
}
