// Time as the delivery layer sees it. Injected so tests can drive batching by age and backoff schedules
// without sleeping or depending on how fast the machine is.

/** Opaque: a Node Timeout for the system clock, anything the fake clock likes in tests. */
export type TimerHandle = object;

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

/** Random source in [0, 1) for jitter; injected for deterministic tests. */
export type RandomSource = () => number;
