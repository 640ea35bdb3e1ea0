// Runs a set of independent poll tasks every interval, the first time at start (Butler SOS waited one
// interval). Tasks run concurrently and are never awaited by the tick, so a slow server cannot delay another;
// a task still running when its next tick comes is skipped and counted, never stacked.

export interface PollTask {
  /** Stable key (server, or server + virtual proxy) for the overlap guard and the stats. */
  key: string;
  run: () => Promise<void>;
}

export interface ScheduleStats {
  ticks: number;
  started: number;
  skippedOverlap: number;
}

export interface PollScheduleHooks {
  /** Called when a tick finds the task still running. */
  onSkip?: (key: string) => void;
}

export class PollSchedule {
  private readonly inFlight = new Map<string, Promise<void>>();
  private timer: NodeJS.Timeout | undefined;
  private startedAt = 0;
  private tickIndex = 0;
  private stopped = false;
  readonly stats: ScheduleStats = { ticks: 0, started: 0, skippedOverlap: 0 };
  private firstRoundDone: Promise<void> = Promise.resolve();

  constructor(
    readonly name: string,
    private readonly intervalMs: number,
    private readonly tasks: readonly PollTask[],
    private readonly hooks: PollScheduleHooks = {},
  ) {
    if (!(intervalMs >= 1)) throw new Error(`${name}: polling interval must be at least 1 ms, got ${intervalMs}`);
  }

  start(): void {
    if (this.tasks.length === 0) return;
    this.startedAt = performance.now();
    this.tick();
    this.firstRoundDone = Promise.all(this.inFlight.values()).then(() => undefined);
  }

  /** Settles when every task of the first tick has finished (immediately if not started). */
  firstRound(): Promise<void> {
    return this.firstRoundDone;
  }

  /** Ticks are aligned to start + n × interval so they do not drift; ticks missed while blocked are dropped. */
  private scheduleNext(): void {
    if (this.stopped) return;
    const elapsed = performance.now() - this.startedAt;
    this.tickIndex = Math.max(this.tickIndex + 1, Math.floor(elapsed / this.intervalMs) + 1);
    const delay = Math.max(0, this.startedAt + this.tickIndex * this.intervalMs - performance.now());
    this.timer = setTimeout(() => this.tick(), delay);
  }

  private tick(): void {
    if (this.stopped) return;
    this.stats.ticks++;
    for (const task of this.tasks) {
      if (this.inFlight.has(task.key)) {
        this.stats.skippedOverlap++;
        this.hooks.onSkip?.(task.key);
        continue;
      }
      this.stats.started++;
      const running = task
        .run()
        .catch(() => undefined) // tasks report their own failures; a throw here must not stop the schedule
        .finally(() => this.inFlight.delete(task.key));
      this.inFlight.set(task.key, running);
    }
    this.scheduleNext();
  }

  /** Stops ticking and waits for running tasks (which the caller aborts by closing their agents). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await Promise.all(this.inFlight.values());
  }
}
