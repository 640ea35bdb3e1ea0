// Runs a task at every occurrence of a text schedule on an injectable clock (tests drive it without sleeping).
// A run that is still going at the next occurrence makes that occurrence skip (counted), so a slow heartbeat
// receiver never piles up requests.
import { systemClock, type Clock, type TimerHandle } from '../clock.js';
import type { TextSchedule } from './schedule.js';

/** setTimeout's limit (2^31-1 ms, ~24.8 days): longer waits are taken in steps. */
const MAX_TIMER_MS = 2_147_483_647;

export interface RunnerStats {
  runs: number;
  skipped: number;
}

export class ScheduledRunner {
  private timer: TimerHandle | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  readonly stats: RunnerStats = { runs: 0, skipped: 0 };

  constructor(
    private readonly schedule: TextSchedule,
    private readonly task: (firedAtMs: number) => Promise<void> | void,
    private readonly clock: Clock = systemClock,
    private readonly onSkip: () => void = () => {},
  ) {}

  /** Arms the timer for the next occurrence; with `immediately`, also runs the task now. */
  start(immediately = false): void {
    this.stopped = false;
    if (immediately) this.fire();
    this.arm();
  }

  /** Clears the timer and waits for a run in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== undefined) this.clock.clearTimer(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private arm(): void {
    if (this.stopped) return;
    const now = this.clock.now();
    const next = this.schedule.nextAfter(now);
    if (next === undefined) return;
    const wait = next - now;
    if (wait > MAX_TIMER_MS) {
      this.timer = this.clock.setTimer(() => this.arm(), MAX_TIMER_MS);
      return;
    }
    this.timer = this.clock.setTimer(() => {
      this.fire();
      this.arm();
    }, wait);
  }

  private fire(): void {
    if (this.stopped) return;
    if (this.running) {
      this.stats.skipped++;
      this.onSkip();
      return;
    }
    this.stats.runs++;
    const run = (async () => {
      try {
        await this.task(this.clock.now());
      } catch {
        // Tasks log their own failures; a throw must not stop the schedule.
      }
    })();
    const tracked: Promise<void> = run.finally(() => {
      if (this.running === tracked) this.running = undefined;
    });
    this.running = tracked;
  }
}
