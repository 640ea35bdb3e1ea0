// Heartbeat (docs/operations.md#heartbeat-heartbeat): GET `heartbeat.remoteURL` once at start and then at every
// occurrence of `heartbeat.frequency`, for receivers such as Healthchecks.io or Uptime Kuma that alert when pings stop.
// Failures are logged at error level and counted, not error-tracked (as in Butler SOS). Unlike Butler SOS a
// request has a timeout, so a receiver that never answers cannot hold sockets open forever; a ping still
// running at the next occurrence makes that occurrence skip.
import type { Clock } from '../clock.js';
import type { AppLogger } from '../log/logger.js';
import { parseTextSchedule, type TextSchedule } from './schedule.js';
import { ScheduledRunner } from './scheduled-runner.js';

export const HEARTBEAT_TIMEOUT_MS = 30_000;

export interface HeartbeatConfig {
  heartbeat: { enable: boolean; remoteURL?: string; frequency: string };
}

export interface HeartbeatDeps {
  logger: AppLogger;
  clock?: Clock;
  timeoutMs?: number;
}

export interface HeartbeatStats {
  sent: number;
  failed: number;
  skipped: number;
  lastStatus?: number;
  lastError?: string;
}

/**
 * The URL as it may appear in logs: scheme, host and port only. Ping URLs usually carry a secret token in the
 * path (a Healthchecks.io UUID, an Uptime Kuma push token), which must not leak into log files.
 */
export function heartbeatUrlForLog(url: URL): string {
  return `${url.origin}/…`;
}

function parseUrl(text: unknown): URL {
  let url: URL;
  try {
    url = new URL(String(text));
  } catch {
    throw new Error(`heartbeat.remoteURL: "${String(text)}" is not an absolute URL (for example https://hc-ping.com/<uuid>)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`heartbeat.remoteURL: only http and https URLs can be called, got "${url.protocol}"`);
  }
  return url;
}

export class Heartbeat {
  readonly url: URL;
  readonly schedule: TextSchedule;
  private readonly runner: ScheduledRunner;
  private readonly stats_: HeartbeatStats = { sent: 0, failed: 0, skipped: 0 };
  /** Aborts a call in flight at stop(), so shutdown never waits for a slow receiver. */
  private readonly stopping = new AbortController();

  /** Throws an error naming the key when the URL or the schedule is not usable. */
  constructor(
    config: HeartbeatConfig,
    private readonly deps: HeartbeatDeps,
  ) {
    this.url = parseUrl(config.heartbeat.remoteURL);
    this.schedule = parseTextSchedule(config.heartbeat.frequency, 'heartbeat.frequency', deps.clock?.now() ?? Date.now());
    this.runner = new ScheduledRunner(this.schedule, () => this.ping(), deps.clock, () => {
      this.stats_.skipped++;
      deps.logger.warn(`HEARTBEAT: the previous call to ${heartbeatUrlForLog(this.url)} is still running; skipped this one`);
    });
  }

  /** Calls the URL now and then on the schedule. */
  start(): void {
    this.deps.logger.info(`HEARTBEAT: calling ${heartbeatUrlForLog(this.url)} now and then "${this.schedule.text}" (UTC)`);
    this.runner.start(true);
  }

  stop(): Promise<void> {
    this.stopping.abort();
    return this.runner.stop();
  }

  stats(): HeartbeatStats {
    return { ...this.stats_ };
  }

  /** One GET; resolves when it has been answered or has failed (never rejects). */
  async ping(): Promise<void> {
    const { logger } = this.deps;
    const where = heartbeatUrlForLog(this.url);
    const timeoutMs = this.deps.timeoutMs ?? HEARTBEAT_TIMEOUT_MS;
    try {
      const signal = AbortSignal.any([AbortSignal.timeout(timeoutMs), this.stopping.signal]);
      // Loaded here, not with this module: the main thread imports this file for the configuration check and the
      // tracker for the schedule, and with the heartbeat off (the default) neither needs the HTTP client (~4 MB
      // of heap per thread, docs/tuning.md "Memory"). The module loader keeps it after the first ping.
      const { request } = await import('undici');
      const res = await request(this.url, { method: 'GET', headersTimeout: timeoutMs, bodyTimeout: timeoutMs, signal });
      await res.body.dump();
      this.stats_.lastStatus = res.statusCode;
      if (res.statusCode >= 400) throw new Error(`HTTP ${res.statusCode}`);
      this.stats_.sent++;
      delete this.stats_.lastError;
      logger.debug(`HEARTBEAT: ${where} answered ${res.statusCode}`);
    } catch (err) {
      if (this.stopping.signal.aborted) return;
      this.stats_.failed++;
      const message = err instanceof Error ? `${err.name === 'Error' ? '' : `${err.name}: `}${err.message}` : String(err);
      this.stats_.lastError = message;
      logger.error(`HEARTBEAT: calling ${where} failed: ${message}`);
    }
  }
}

