// The collector's own scheduled jobs, hosted by the tracker thread (it already owns the other timers and a
// channel to every writer): the uptime monitor and the heartbeat, each only when enabled. Construction
// checks both schedules and the heartbeat URL and throws an error naming the key, so a bad value stops the
// start before any socket is bound.
import type { Config } from '../config/schema/index.js';
import type { Clock } from '../clock.js';
import type { AppLogger } from '../log/logger.js';
import type { MemorySample } from '../points/memory.js';
import type { Publisher } from '../publish/publisher.js';
import { Heartbeat, type HeartbeatStats } from './heartbeat.js';
import { UptimeMonitor, type UptimeStats } from './uptime-monitor.js';

export interface OperationsDeps {
  config: Config;
  publisher: Publisher;
  logger: AppLogger;
  /** Default: the process start (process.uptime() is process-wide, also in a worker thread). */
  startedAtMs?: number;
  clock?: Clock;
  memory?: () => MemorySample;
  heartbeatTimeoutMs?: number;
}

export interface OperationsStats {
  uptime?: UptimeStats;
  heartbeat?: HeartbeatStats;
}

export class Operations {
  readonly uptime: UptimeMonitor | undefined;
  readonly heartbeat: Heartbeat | undefined;

  constructor(deps: OperationsDeps) {
    const { config } = deps;
    if (config.uptimeMonitor.enable === true) {
      this.uptime = new UptimeMonitor({
        config,
        publisher: deps.publisher,
        logger: deps.logger,
        startedAtMs: deps.startedAtMs ?? Date.now() - process.uptime() * 1000,
        clock: deps.clock,
        memory: deps.memory,
      });
    }
    if (config.heartbeat.enable === true) {
      this.heartbeat = new Heartbeat(config, { logger: deps.logger, clock: deps.clock, timeoutMs: deps.heartbeatTimeoutMs });
    }
  }

  start(): void {
    this.uptime?.start();
    this.heartbeat?.start();
  }

  async stop(): Promise<void> {
    await Promise.all([this.uptime?.stop(), this.heartbeat?.stop()]);
  }

  stats(): OperationsStats {
    const out: OperationsStats = {};
    if (this.uptime) out.uptime = this.uptime.stats();
    if (this.heartbeat) out.heartbeat = this.heartbeat.stats();
    return out;
  }
}
