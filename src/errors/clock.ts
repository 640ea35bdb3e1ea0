// Time for the error tracker, injectable so the midnight reset can be tested with a fake clock.

export interface TrackerClock {
  /** Epoch milliseconds (wall clock: the reset follows the UTC calendar, not process uptime). */
  now(): number;
  setTimer(fn: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
}

export const systemClock: TrackerClock = {
  now: () => Date.now(),
  setTimer: (fn, ms) => {
    const timer = setTimeout(fn, ms);
    // The tracker's port keeps its thread alive; this timer must not keep a finished process running.
    timer.unref();
    return timer;
  },
  clearTimer: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

const DAY_MS = 86_400_000;

/** The UTC calendar date of an instant, `YYYY-MM-DD`. */
export function utcDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The first UTC midnight strictly after `ms`. */
export function nextUtcMidnight(ms: number): number {
  return (Math.floor(ms / DAY_MS) + 1) * DAY_MS;
}
