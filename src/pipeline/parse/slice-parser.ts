// What a parse task does with one ring slice: decode every datagram, run it through the log-event or
// user-event handler, publish accepted events (the publisher encodes them for every destination and posts the
// batches to the writers).
// Counts and timings go to the tracker as one message per slice. Nothing here throws for bad input: a
// datagram whose handling fails is counted and reported, and the rest of the slice goes on.
import { performance } from 'node:perf_hooks';
import type { Config } from '../../config/schema/index.js';
import { decodeDatagram } from '../../events/decode.js';
import { createLogEventHandler, type LogEventHandler } from '../../events/log-event-router.js';
import { logEventHandlerOptions, userEventHandlerOptions, type AppNameLookup } from '../../events/options.js';
import { createUserEventHandler, type UserEventHandler } from '../../events/user-event.js';
import { forEachRecord } from '../../ingest/ring-reader.js';
import type { RingTask } from '../../ingest/ring-slice.js';
import type { AppLogger } from '../../log/logger.js';
import type { Publisher } from '../../publish/publisher.js';
import type { ErrorReport, ParseStatsMessage } from '../../threads/messages.js';
import { CountAccumulator } from './count-accumulator.js';
import { ThrottledWarning } from './throttled-warning.js';
import type { LiveTap } from '../../live/sampler.js';

export type SocketName = 'log' | 'user';

export interface SliceParserDeps {
  config: Config;
  /** Encodes and posts accepted events for every destination (built from the same config). */
  publisher: Publisher;
  appName: AppNameLookup;
  postStats: (msg: ParseStatsMessage) => void;
  reportError: (report: ErrorReport) => void;
  logger: AppLogger;
  /** The live console's sampled feed (src/live/sampler.ts); absent in tools and tests. */
  live?: LiveTap;
}

/** What the main thread learns from a finished task: batches posted per writer (for the shutdown drain). */
export interface SliceResult {
  posted: number[];
  records: number;
  corruptAt: number;
}

function stats(socket: SocketName): ParseStatsMessage {
  return {
    t: 'parse-stats',
    socket,
    datagrams: 0,
    processed: 0,
    failed: 0,
    unrecognised: 0,
    droppedByRule: 0,
    excluded: 0,
    rejected: 0,
    sliceTimeUs: 0,
    eventCounts: [],
    rejectedCounts: [],
  };
}

export class SliceParser {
  private readonly logHandler: LogEventHandler;
  private readonly userHandler: UserEventHandler;
  private readonly counts = new CountAccumulator();
  private readonly unknownLog: ThrottledWarning;
  private readonly unknownUser: ThrottledWarning;
  private readonly failures: ThrottledWarning;

  constructor(private readonly deps: SliceParserDeps) {
    const { config } = deps;
    this.logHandler = createLogEventHandler(logEventHandlerOptions(config.logEvents, config.qlikSenseEvents, deps.appName));
    this.userHandler = createUserEventHandler(userEventHandlerOptions(config.userEvents, config.qlikSenseEvents, deps.appName));
    this.unknownLog = new ThrottledWarning(deps.logger, 'LOG EVENT: datagram from an unknown or disabled source');
    this.unknownUser = new ThrottledWarning(deps.logger, 'USER EVENT: datagram that is not a session or connection event');
    this.failures = new ThrottledWarning(deps.logger, 'UDP datagram could not be processed');
  }

  parse(socket: SocketName, sab: SharedArrayBuffer, task: RingTask): SliceResult {
    const started = performance.now();
    const s = stats(socket);
    this.deps.live?.begin();
    const visit = socket === 'log' ? this.visitLog.bind(this, s) : this.visitUser.bind(this, s);
    const walk = forEachRecord(sab, task.start, task.end, (payload, timeUs) => {
      s.datagrams++;
      try {
        visit(decodeDatagram(payload), timeUs);
      } catch (err) {
        this.failed(s, socket, err);
      }
    });
    if (walk.corruptAt >= 0) this.corrupt(s, socket, task, walk.records, walk.corruptAt);
    const { posted } = this.deps.publisher.flush();
    this.deps.live?.flush();
    Object.assign(s, this.counts.take());
    s.sliceTimeUs = Math.round((performance.now() - started) * 1000);
    this.deps.postStats(s);
    return { posted, records: walk.records, corruptAt: walk.corruptAt };
  }

  private visitLog(s: ParseStatsMessage, text: string, timeUs: number): void {
    const outcome = this.logHandler(text);
    switch (outcome.kind) {
      case 'event':
        if (outcome.count) this.counts.addEvent(outcome.count);
        this.deps.publisher.publish('LOG_EVENTS', { event: outcome.event, timeUs, plain: outcome.plain });
        this.deps.live?.log(outcome.event, timeUs);
        s.processed++;
        return;
      case 'unrecognised':
        if (outcome.count) this.counts.addEvent(outcome.count);
        s.unrecognised++;
        this.unknownLog.note({ first25: outcome.first25 });
        return;
      case 'perf-disabled':
        if (outcome.count) this.counts.addEvent(outcome.count);
        s.rejected++;
        return;
      case 'rejected':
        if (outcome.rejected) this.counts.addRejected(outcome.rejected);
        s.rejected++;
        return;
      case 'dropped-by-rule':
        if (outcome.count) this.counts.addEvent(outcome.count);
        s.droppedByRule++;
        return;
    }
  }

  private visitUser(s: ParseStatsMessage, text: string, timeUs: number): void {
    const outcome = this.userHandler(text);
    if (outcome.count) this.counts.addEvent(outcome.count);
    switch (outcome.kind) {
      case 'event':
        this.deps.publisher.publish('USER_EVENTS', { event: outcome.event, timeUs });
        this.deps.live?.user(outcome.event, timeUs);
        s.processed++;
        return;
      case 'unrecognised':
        s.unrecognised++;
        this.unknownUser.note({ first512: outcome.first512 });
        return;
      case 'excluded':
        s.excluded++;
        return;
    }
  }

  private failed(s: ParseStatsMessage, socket: SocketName, err: unknown): void {
    s.failed++;
    const e = err instanceof Error ? err : new Error(String(err));
    this.failures.note({ socket, err: e.message });
    this.deps.reportError({
      t: 'error',
      type: socket === 'log' ? 'UDP_LOG_EVENT' : 'UDP_USER_EVENT',
      module: socket === 'log' ? 'UDP_LOG_EVENTS' : 'UDP_USER_EVENTS',
      serverName: '',
      err: { message: e.message, name: e.name },
      at: Date.now(),
    });
  }

  private corrupt(s: ParseStatsMessage, socket: SocketName, task: RingTask, records: number, at: number): void {
    const lost = Math.max(0, task.count - records);
    s.datagrams += lost;
    s.failed += lost;
    this.deps.logger.error({ socket, ring: task.ring, start: task.start, end: task.end, corruptAt: at, lost }, 'Ring slice has a corrupt record header; the rest of the slice is skipped.');
  }
}
