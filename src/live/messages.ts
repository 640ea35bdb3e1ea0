// Messages of the live console's side channels (src/live/channels.ts). They exist only while a browser has
// /live open: the http thread switches the demand on and off, and no thread sends anything otherwise.

/** One log event as the live console shows it. */
export interface LiveLogEvent {
  k: 'log';
  /** Receive time, epoch ms. */
  at: number;
  host: string;
  source: string;
  level: string;
  /** Categories as "name=value", comma-joined; '' when none. */
  category: string;
  subsystem: string;
  message: string;
}

/** One user event (session or connection start/stop). */
export interface LiveUserEvent {
  k: 'user';
  at: number;
  host: string;
  command: string;
  user: string;
  app: string;
  origin: string;
}

export type LiveEvent = LiveLogEvent | LiveUserEvent;

/** A parse task's sample of one slice: at most the worker's per-second allowance. */
export interface LiveEventsMessage {
  t: 'live-events';
  events: LiveEvent[];
  /** Accepted events in the slice that were not sampled (over the allowance). */
  skipped: number;
}

/** An error the tracker recorded, forwarded for the console's "last error" columns (bounded per second). */
export interface LiveErrorMessage {
  t: 'live-error';
  type: string;
  serverName: string;
  message: string;
  at: number;
}

/** http thread → every thread: whether a live client is connected. Re-sent every few seconds while on. */
export interface LiveDemandMessage {
  t: 'live-demand';
  on: boolean;
}

/**
 * A thread that starts listening → the http thread: "is anyone watching?". A parse worker that starts after a
 * client connected would otherwise miss the first events until the next repeat of the demand.
 */
export interface LiveDemandQuery {
  t: 'live-demand-query';
}
