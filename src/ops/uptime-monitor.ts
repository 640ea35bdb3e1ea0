// The uptime monitor (docs/operations.md#uptime-monitor-uptimemonitor): at every occurrence of
// `uptimeMonitor.frequency` it logs uptime and memory at `uptimeMonitor.logLevel`, writes
// `butlersos_memory_usage` (docs/data-model.md#butlersos_memory_usage) to the line-protocol destinations and posts
// the uptime metrics (docs/new-relic.md#payloads) to New Relic, each gated as Butler SOS gated it
// (docs/configuration.md#which-switches-send-what).
//
// Memory comes from process.memoryUsage() in the thread that runs the monitor: `rss` (process_memory) covers the
// whole process, every thread included; the heap and external figures are that thread's V8 isolate only (each
// worker thread has its own heap, and Node has no process-wide heap figure).
import type { Config } from '../config/schema/index.js';
import { systemClock, type Clock } from '../destinations/delivery/clock.js';
import type { AppLogger, LogLevel } from '../log/logger.js';
import { uptimeMetricData } from '../messages/new-relic-metrics.js';
import { encodeLines } from '../points/line-protocol.js';
import { megabytes, memoryUsagePoint, type MemorySample } from '../points/memory.js';
import { LineOutbox, type PostBatch } from '../pipeline/line-outbox.js';
import { RecordOutbox } from '../pipeline/record-outbox.js';
import { moduleEnabled, recordModuleEnabled, type LineRoute, type RecordRoute } from '../pipeline/routes.js';
import { parseTextSchedule, type TextSchedule } from './schedule.js';
import { ScheduledRunner } from './scheduled-runner.js';

export interface UptimeMonitorDeps {
  config: Config;
  /** Line-protocol destinations (lineRoutes). */
  routes: readonly LineRoute[];
  /** MQTT / New Relic destinations (recordRoutes). */
  recordRoutes: readonly RecordRoute[];
  writerCount: number;
  post: PostBatch;
  logger: AppLogger;
  appVersion: string;
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
  private readonly lines: LineOutbox;
  private readonly records: RecordOutbox;
  private readonly clock: Clock;
  private iteration = 0;
  private readonly posted: number[];

  /** Throws a ScheduleError naming `uptimeMonitor.frequency` when the schedule is not usable. */
  constructor(private readonly deps: UptimeMonitorDeps) {
    const { config } = deps;
    this.clock = deps.clock ?? systemClock;
    this.schedule = parseTextSchedule(config.uptimeMonitor.frequency, 'uptimeMonitor.frequency', this.clock.now());
    this.posted = new Array<number>(Math.max(1, deps.writerCount)).fill(0);
    this.lines = new LineOutbox('BUTLER_MEMORY', moduleEnabled(config, 'BUTLER_MEMORY') ? deps.routes : [], 'tracker');
    const nr = recordModuleEnabled(config, 'new-relic', 'BUTLER_MEMORY') ? deps.recordRoutes.find((r) => r.dest === 'new-relic') : undefined;
    this.records = new RecordOutbox('BUTLER_MEMORY', nr, 'tracker');
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
    if (this.lines.active) {
      const instanceTag = config.uptimeMonitor.storeInInfluxdb.instanceTag;
      for (const v of this.lines.versions) {
        this.lines.push(v, encodeLines([memoryUsagePoint(sample, instanceTag, this.deps.appVersion, v, nowMs * 1000)]));
      }
      this.lines.flush(this.deps.post, this.posted);
    }
    if (this.records.active) {
      const intervalMs = this.schedule.intervalAfter(nowMs);
      this.records.push(uptimeMetricData(config, sample, uptimeMs, intervalMs, nowMs, this.deps.appVersion));
      this.records.flush(this.deps.post, this.posted);
    }
  }
}
