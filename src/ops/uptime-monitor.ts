// The uptime monitor (docs/operations.md#uptime-monitor-uptimemonitor): at every occurrence of
// `uptimeMonitor.frequency` it logs uptime and memory at `uptimeMonitor.logLevel` and publishes the memory
// sample, which the destinations turn into `butlersos_memory_usage` (docs/data-model.md#butlersos_memory_usage)
// and New Relic's uptime metrics (docs/new-relic.md#payloads), each as Butler SOS gated it
// (docs/configuration.md#which-switches-send-what).
//
// Memory comes from process.memoryUsage() in the thread that runs the monitor: `rss` (process_memory) covers the
// whole process, every thread included; the heap and external figures are that thread's V8 isolate only (each
// worker thread has its own heap, and Node has no process-wide heap figure).
import type { Config } from '../config/schema/index.js';
import { systemClock, type Clock } from '../clock.js';
import type { AppLogger, LogLevel } from '../log/logger.js';
import { megabytes, type MemorySample } from '../points/memory.js';
import type { Publisher } from '../publish/publisher.js';
import { parseTextSchedule, type TextSchedule } from './schedule.js';
import { ScheduledRunner } from './scheduled-runner.js';

export interface UptimeMonitorDeps {
  config: Config;
  publisher: Publisher;
  logger: AppLogger;
  /** When the collector started (epoch ms); the uptime is measured from here. */
  startedAtMs: number;
  clock?: Clock;
  memory?: () => MemorySample;
}

export interface UptimeStats {
  iterations: number;
  /** Batches posted per writer index (the shutdown drain counts tracker batches). */
  posted: number[];
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Butler SOS's duration formatting counted a month as 30 days. */
const MONTH = 30 * DAY;

/** `<m> months, <d> days, <h> hours, <min> minutes, <s> seconds` of a duration. */
export function formatUptime(ms: number): string {
  let rest = Math.max(0, Math.floor(ms));
  const part = (unit: number): number => {
    const n = Math.floor(rest / unit);
    rest -= n * unit;
    return n;
  };
  const months = part(MONTH);
  const days = part(DAY);
  const hours = part(HOUR);
  const minutes = part(MINUTE);
  const seconds = part(SECOND);
  return `${months} months, ${days} days, ${hours} hours, ${minutes} minutes, ${seconds} seconds`;
}

/** The log line of one iteration, worded as Butler SOS worded it. */
export function uptimeLogLine(iteration: number, uptimeMs: number, m: MemorySample): string {
  return (
    `Iteration # ${iteration}, Uptime: ${formatUptime(uptimeMs)}, Heap used ${megabytes(m.heapUsed)} MB of total heap ${megabytes(m.heapTotal)} MB. ` +
    `External (off-heap): ${megabytes(m.external)} MB. Memory allocated to process: ${megabytes(m.rss)} MB.`
  );
}

export class UptimeMonitor {
  readonly schedule: TextSchedule;
  private readonly runner: ScheduledRunner;
  private readonly clock: Clock;
  private iteration = 0;
  private readonly posted: number[];

  /** Throws a ScheduleError naming `uptimeMonitor.frequency` when the schedule is not usable. */
  constructor(private readonly deps: UptimeMonitorDeps) {
    const { config } = deps;
    this.clock = deps.clock ?? systemClock;
    this.schedule = parseTextSchedule(config.uptimeMonitor.frequency, 'uptimeMonitor.frequency', this.clock.now());
    this.posted = new Array<number>(Math.max(1, deps.publisher.writerCount)).fill(0);
    this.runner = new ScheduledRunner(this.schedule, (at) => this.tick(at), this.clock);
  }

  /** Butler SOS ran the first iteration at the first occurrence, not at start. */
  start(): void {
    this.runner.start(false);
  }

  stop(): Promise<void> {
    return this.runner.stop();
  }

  stats(): UptimeStats {
    return { iterations: this.iteration, posted: [...this.posted] };
  }

  /** One iteration: log line, memory point, New Relic metrics. */
  tick(nowMs: number = this.clock.now()): void {
    const { config, logger } = this.deps;
    this.iteration++;
    const sample = (this.deps.memory ?? (() => process.memoryUsage()))();
    const uptimeMs = nowMs - this.deps.startedAtMs;
    const level = config.uptimeMonitor.logLevel as LogLevel;
    logger[level]('--------------------------------');
    logger[level](uptimeLogLine(this.iteration, uptimeMs, sample));
    if (!this.deps.publisher.takes('BUTLER_MEMORY')) return;
    const intervalMs = this.schedule.intervalAfter(nowMs);
    this.deps.publisher.publish('BUTLER_MEMORY', { sample, uptimeMs, intervalMs, timeUs: nowMs * 1000 });
    const { posted } = this.deps.publisher.flush();
    posted.forEach((n, w) => (this.posted[w] = (this.posted[w] ?? 0) + n));
  }
}
