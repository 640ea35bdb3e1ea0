// Time as every scheduled part of the collector sees it (the delivery layer's batching and backoff, the error
// tracker's midnight reset). Injected so tests can drive time without sleeping or depending on machine speed.

/** Opaque: a Node Timeout for the system clock, anything the fake clock likes in tests. */
export type TimerHandle = unknown;

export interface Clock {
  now(): number;
  setTimer(fn: () => void, ms: number): TimerHandle;
  clearTimer(handle: TimerHandle): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer: (fn, ms) => setTimeout(fn, ms),
  clearTimer: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** The system clock whose timers never keep a thread alive on their own (the thread's ports do). */
export const backgroundClock: Clock = {
  now: () => Date.now(),
  setTimer: (fn, ms) => setTimeout(fn, ms).unref(),
  clearTimer: systemClock.clearTimer,
};

/** Random source in [0, 1) for jitter; injected for deterministic tests. */
export type RandomSource = () => number;
