import type { AppLogger } from '../log/logger.js';
import { AgentPool } from './agent-pool.js';
import { AppNamesHolder, appNamesTask } from './app-names-poller.js';
import type { AppNameMap } from './app-list.js';
import { CertStore } from './cert-store.js';
import { pollsAnything, type PollerConfig, type PollerOptions } from './config.js';
import { healthTask } from './health-poller.js';
import { PollContext, type PollerOutput, type PollerStats } from './poll-context.js';
import { PollSchedule, type PollTask } from './poll-schedule.js';
import { sessionTasks } from './session-poller.js';
import { verifyServerTags } from './server-tags.js';

// The polled sources of one collector: engine health, proxy sessions and app names, each on its own schedule.
// Construction does every start-up check (server tags, certificate files) and throws a clear error; start()
// polls immediately and then every interval.

export interface PollerDeps {
  logger: AppLogger;
  output: PollerOutput;
  now?: () => number;
}

export class PollerService {
  private readonly ctx: PollContext | undefined;
  private readonly agents: AgentPool | undefined;
  private readonly holder = new AppNamesHolder();
  private readonly schedules: PollSchedule[] = [];
  private started = false;
  private stopped = false;

  constructor(config: PollerConfig, options: PollerOptions, deps: PollerDeps) {
    verifyServerTags(config);
    if (!pollsAnything(config)) return;
    const certs = new CertStore(config, options.baseDir);
    this.agents = new AgentPool(certs, {
      rejectUnauthorized: config.serversToMonitor.rejectUnauthorized !== false,
      connectTimeoutMs: options.requestTimeoutMs,
      keepAliveTimeoutMs: options.keepAliveTimeoutMs,
    });
    const ctx = new PollContext(config, options, certs, this.agents, deps.logger, deps.output, () => this.holder.get(), deps.now);
    this.ctx = ctx;
    const servers = config.serversToMonitor.servers;
    this.add('health', config.serversToMonitor.pollingInterval, servers.map((s, i) => healthTask(ctx, s, i)), ctx);
    if (config.userSessions.enableSessionExtract === true) {
      this.add('sessions', config.userSessions.pollingInterval, servers.flatMap((s, i) => sessionTasks(ctx, s, i)), ctx);
    }
    if (config.appNames.enableAppNameExtract === true) {
      this.add('appNames', config.appNames.extractInterval, [appNamesTask(ctx, this.holder)], ctx);
    }
  }

  private add(source: 'health' | 'sessions' | 'appNames', intervalMs: number, tasks: PollTask[], ctx: PollContext): void {
    if (tasks.length === 0) return;
    const schedule = new PollSchedule(source, intervalMs, tasks, {
      onSkip: (key) => {
        ctx.stats[source].skippedOverlap++;
        ctx.logger.warn({ source, task: key }, `POLLER: ${source} poll ${key} still running at the next interval; skipped this round`);
      },
    });
    this.schedules.push(schedule);
  }

  /**
   * Polls every source now and then every interval. The app list is fetched first and health and sessions
   * start when it has arrived (or failed, or after one request timeout), so the first health points already
   * carry app names. Resolves once every schedule runs.
   */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    const appNames = this.schedules.find((s) => s.name === 'appNames');
    if (appNames) {
      appNames.start();
      let timer: NodeJS.Timeout | undefined;
      const cap = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, this.ctx?.options.requestTimeoutMs ?? 0);
      });
      await Promise.race([appNames.firstRound(), cap]);
      clearTimeout(timer);
    }
    if (this.stopped) return;
    for (const s of this.schedules) if (s !== appNames) s.start();
  }

  /** Stops all timers, aborts requests in flight and closes the agents. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.ctx) this.ctx.stopping = true;
    const stopping = this.schedules.map((s) => s.stop());
    await this.agents?.close();
    await Promise.all(stopping);
  }

  stats(): PollerStats | undefined {
    return this.ctx ? structuredClone(this.ctx.stats) : undefined;
  }

  appNames(): AppNameMap {
    return this.holder.get();
  }
}
