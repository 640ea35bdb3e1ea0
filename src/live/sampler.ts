import type { LogEvent, UserEvent } from '../events/types.js';
import type { LiveEvent, LiveEventsMessage } from './messages.js';

// The parse worker's side of the live feed: while a live client is connected (LiveDemand), at most
// `perSecond` accepted events per second are copied into a small message per slice; the rest are only
// counted (`skipped`), so the console can say it is sampling. With no client connected nothing is copied
// or sent: one boolean test per event.

const MAX_MESSAGE_CHARS = 2_000;

export interface LiveTap {
  begin(): void;
  log(event: LogEvent, timeUs: number): void;
  user(event: UserEvent, timeUs: number): void;
  flush(): void;
}

export class LiveSampler implements LiveTap {
  private active = false;
  private windowStart = 0;
  private taken = 0;
  private events: LiveEvent[] = [];
  private skipped = 0;

  constructor(
    private readonly demand: { readonly on: boolean },
    private readonly post: (msg: LiveEventsMessage) => void,
    private readonly perSecond: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Call at the start of a slice. */
  begin(): void {
    this.active = this.demand.on;
    if (!this.active) return;
    const now = this.now();
    if (now - this.windowStart >= 1_000) {
      this.windowStart = now;
      this.taken = 0;
    }
  }

  log(event: LogEvent, timeUs: number): void {
    if (this.admit()) this.events.push(liveLogEvent(event, timeUs));
  }

  user(event: UserEvent, timeUs: number): void {
    if (this.admit()) this.events.push(liveUserEvent(event, timeUs));
  }

  /** Call at the end of a slice: posts what was sampled, if anything. */
  flush(): void {
    if (!this.active || (this.events.length === 0 && this.skipped === 0)) return;
    this.post({ t: 'live-events', events: this.events, skipped: this.skipped });
    this.events = [];
    this.skipped = 0;
  }

  private admit(): boolean {
    if (!this.active) return false;
    if (this.taken >= this.perSecond) {
      this.skipped++;
      return false;
    }
    this.taken++;
    return true;
  }
}

export function liveLogEvent(e: LogEvent, timeUs: number): LiveEvent {
  const message = e.source === 'qseow-qix-perf' ? `${e.method} ${e.object_type} ${e.process_time} ms (app ${e.app_name || e.app_id})` : e.message;
  return {
    k: 'log',
    at: Math.floor(timeUs / 1000),
    host: e.host,
    source: e.source.replace(/^qseow-/, ''),
    level: e.level,
    category: (e.category ?? []).map((c) => `${c.name}=${c.value}`).join(', '),
    subsystem: e.subsystem,
    message: message.length > MAX_MESSAGE_CHARS ? `${message.slice(0, MAX_MESSAGE_CHARS)}…` : message,
  };
}

export function liveUserEvent(e: UserEvent, timeUs: number): LiveEvent {
  return { k: 'user', at: Math.floor(timeUs / 1000), host: e.host, command: e.command, user: e.user_full, app: e.appName ?? e.appId ?? '', origin: e.origin };
}
