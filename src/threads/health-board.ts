// The collector's health, kept in a SharedArrayBuffer that the main thread writes and the http thread reads.
// It outlives every thread but main: a restarted http thread is handed the same buffer and answers /health and
// /ready from the current state at once (a flag set by a control call would be lost with the old thread).
//
// Layout: Float64 [0] main-thread heartbeat (epoch ms); Int32 from byte 8: [0] phase, [1..] one state per thread.

export enum Phase {
  STARTING = 0,
  /** Sockets bound, every thread started. */
  RUNNING = 1,
  SHUTTING_DOWN = 2,
}

export type ThreadState = 'not-started' | 'running' | 'restarting' | 'failed' | 'stopped';
const STATES: readonly ThreadState[] = ['not-started', 'running', 'restarting', 'failed', 'stopped'];

/** What the http thread needs to read the board (it travels in workerData). */
export interface HealthBoardData {
  sab: SharedArrayBuffer;
  threads: readonly string[];
}

/** How long the main thread's heartbeat may be old before /health calls its event loop stuck. */
export const MAIN_STALL_MS = 5_000;
export const HEARTBEAT_INTERVAL_MS = 1_000;
const INT_OFFSET = 8;

abstract class BoardAccess {
  protected readonly beat: Float64Array;
  protected readonly ints: Int32Array;

  constructor(readonly data: HealthBoardData) {
    this.beat = new Float64Array(data.sab, 0, 1);
    this.ints = new Int32Array(data.sab, INT_OFFSET, 1 + data.threads.length);
  }

  protected slot(thread: string): number {
    const i = this.data.threads.indexOf(thread);
    if (i < 0) throw new Error(`health board: unknown thread "${thread}"`);
    return 1 + i;
  }
}

/** Main-thread side: the heartbeat, the phase and every managed thread's state. */
export class HealthBoard extends BoardAccess {
  private timer: NodeJS.Timeout | null = null;

  static create(threads: readonly string[]): HealthBoard {
    return new HealthBoard({ sab: new SharedArrayBuffer(INT_OFFSET + 4 * (1 + threads.length)), threads: [...threads] });
  }

  /** Beats now and then every HEARTBEAT_INTERVAL_MS; a blocked main thread stops beating. */
  startHeartbeat(now: () => number = Date.now): void {
    this.beat[0] = now();
    this.timer ??= setInterval(() => (this.beat[0] = now()), HEARTBEAT_INTERVAL_MS);
    this.timer.unref();
  }

  stopHeartbeat(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  setPhase(phase: Phase): void {
    Atomics.store(this.ints, 0, phase);
  }

  setThread(thread: string, state: ThreadState): void {
    Atomics.store(this.ints, this.slot(thread), STATES.indexOf(state));
  }
}

/** http-thread side: reads the board. */
export class HealthView extends BoardAccess {
  get phase(): Phase {
    return Atomics.load(this.ints, 0) as Phase;
  }

  thread(name: string): ThreadState {
    return STATES[Atomics.load(this.ints, this.slot(name))] ?? 'not-started';
  }

  /** Why the process is not alive ([] when it is): a thread given up on, or a stuck main thread. */
  livenessProblems(now: number): string[] {
    const problems = this.data.threads.filter((t) => this.thread(t) === 'failed').map((t) => `thread ${t} is dead and no longer restarted`);
    const age = now - this.beat[0];
    if (age > MAIN_STALL_MS) problems.push(`main thread event loop stuck for ${Math.round(age)} ms`);
    return problems;
  }

  /** Why the collector should not get traffic ([] when it should), leaving out the disk check. */
  readinessProblems(): string[] {
    const phase = this.phase;
    if (phase === Phase.STARTING) return ['starting'];
    if (phase === Phase.SHUTTING_DOWN) return ['shutting down'];
    // The http thread answering is its own proof; the poller's absence delays polls, not UDP data.
    return this.data.threads
      .filter((t) => t !== 'http' && t !== 'poller' && this.thread(t) !== 'running')
      .map((t) => `thread ${t} is ${this.thread(t)}`);
  }
}
