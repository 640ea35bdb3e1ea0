import type { CollectorSnapshot, DestinationSnapshot, ErrorsSnapshot, ParseSnapshot, RingSnapshot } from '../../metrics/messages.js';
import type { LiveErrorMessage, LiveEvent, LiveEventsMessage } from '../../live/messages.js';
import { Rates } from './rates.js';

// What the live console shows, kept by the http thread from the messages it already receives (the metrics
// channel: collector snapshots, health and session polls) and the live side channels (sampled events,
// error reports). Plain data out: the hub serialises it for every client.

type Socket = 'log' | 'user';

const RECENT_EVENTS = 500;
const SAMPLING_NOTE_MS = 15_000;

const ERROR_DESTINATION: Readonly<Record<string, string>> = {
  INFLUXDB_V1_WRITE: 'influxdb',
  INFLUXDB_V2_WRITE: 'influxdb',
  INFLUXDB_V3_WRITE: 'influxdb',
  MQTT_PUBLISH: 'mqtt',
  NEW_RELIC_POST: 'new-relic',
};

const POLLER_ERRORS = new Set(['HEALTH_API', 'PROXY_API', 'APP_NAMES_EXTRACT']);

export interface LastError {
  at: number;
  type: string;
  message: string;
}

interface PollerState {
  server: string;
  healthAt: number;
  engineVersion: string;
  sessions: Map<string, { count: number; at: number }>;
  lastError: LastError | null;
}

export interface LiveViewInfo {
  ports: Partial<Record<Socket, number>>;
  /** Parse threads that sample, and each one's allowance per second. */
  parseWorkers: number;
  maxEventsPerSecond: number;
}

export class LiveView {
  private rings: Partial<Record<Socket, RingSnapshot>> = {};
  private parse: Partial<Record<Socket, ParseSnapshot>> = {};
  private readonly destinations = new Map<string, DestinationSnapshot>();
  private readonly destinationErrors = new Map<string, LastError>();
  private errors: ErrorsSnapshot | null = null;
  private readonly pollers = new Map<string, PollerState>();
  private readonly rates = new Rates();
  private recent: LiveEvent[] = [];
  private pending: LiveEvent[] = [];
  private sampled = { shown: 0, skipped: 0, since: 0, last: { shown: 0, skipped: 0 } };
  /** The last whole second in which events were skipped, and when it ended. */
  private lastSampling: { shown: number; skipped: number; at: number } | null = null;

  constructor(
    readonly info: LiveViewInfo,
    private readonly now: () => number = Date.now,
  ) {}

  /** A message from the metrics channel (anything else is ignored: the registry validates and counts those). */
  applyMetrics(msg: unknown): void {
    const m = msg as { t?: string } | null;
    if (m?.t === 'collector') this.applySnapshot((msg as { snapshot: CollectorSnapshot }).snapshot);
    else if (m?.t === 'health-poll') {
      const h = msg as { server: string; at: number; engine?: { version?: string } };
      const p = this.poller(h.server);
      p.healthAt = h.at;
      p.engineVersion = h.engine?.version ?? '';
    } else if (m?.t === 'session-poll') {
      const s = msg as { server: string; virtualProxy: string; sessionCount: number; at: number };
      this.poller(s.server).sessions.set(s.virtualProxy, { count: s.sessionCount, at: s.at });
    }
  }

  /** A message from a live side channel. */
  applyLive(msg: unknown): void {
    const m = msg as LiveEventsMessage | LiveErrorMessage | null;
    if (m?.t === 'live-events' && Array.isArray(m.events)) {
      this.rollSampling();
      this.sampled.shown += m.events.length;
      this.sampled.skipped += m.skipped;
      for (const e of m.events) this.pending.push(e);
      // Bounded even if pushes stall: a client only ever sees the latest RECENT_EVENTS anyway.
      if (this.pending.length > RECENT_EVENTS) this.pending = this.pending.slice(-RECENT_EVENTS);
    } else if (m?.t === 'live-error') {
      const err: LastError = { at: m.at, type: m.type, message: m.message };
      const dest = ERROR_DESTINATION[m.type];
      if (dest) this.destinationErrors.set(dest, err);
      if (POLLER_ERRORS.has(m.type) && m.serverName) this.poller(m.serverName).lastError = err;
    }
  }

  /** Events received since the last call (also kept as the recent history for new clients). */
  takeEvents(): LiveEvent[] {
    const out = this.pending;
    this.pending = [];
    if (out.length > 0) {
      this.recent = this.recent.concat(out);
      if (this.recent.length > RECENT_EVENTS) this.recent = this.recent.slice(-RECENT_EVENTS);
    }
    return out;
  }

  recentEvents(): LiveEvent[] {
    return this.recent.slice();
  }

  /** Everything but the event stream. */
  stats(): Record<string, unknown> {
    this.rollSampling();
    const sockets = (['log', 'user'] as const).map((s) => this.socketStats(s));
    return {
      at: this.now(),
      sockets,
      drops: this.dropsByReason(),
      destinations: [...this.destinations.values()].map((d) => this.destinationStats(d)),
      pollers: [...this.pollers.values()].map((p) => ({
        server: p.server,
        healthAt: p.healthAt,
        engineVersion: p.engineVersion,
        sessions: [...p.sessions].map(([virtualProxy, s]) => ({ virtualProxy, ...s })),
        lastError: p.lastError,
      })),
      errors: this.errors,
      sampling: { ...this.sampled.last, recent: this.recentSampling(), perWorker: this.info.maxEventsPerSecond, workers: this.info.parseWorkers },
    };
  }

  private applySnapshot(s: CollectorSnapshot): void {
    const at = this.now();
    if (s.rings) {
      this.rings = { ...this.rings, ...s.rings };
      for (const [socket, r] of Object.entries(s.rings)) {
        if (!r) continue;
        this.rates.update(`${socket}.received`, r.received, at, true);
        this.rates.update(`${socket}.ringDropped`, ringDropped(r), at, true);
      }
    }
    if (s.parse) {
      this.parse = { ...this.parse, ...s.parse };
      for (const [socket, p] of Object.entries(s.parse)) {
        if (!p) continue;
        this.rates.update(`${socket}.processed`, p.processed, at);
        this.rates.update(`${socket}.parseDropped`, parseDropped(p), at);
      }
    }
    for (const d of s.destinations ?? []) {
      this.destinations.set(d.id, d);
      this.rates.update(`dest.${d.id}.written`, d.writtenLines, at);
      this.rates.update(`dest.${d.id}.dropped`, sum(d.droppedLines), at);
    }
    if (s.errors) this.errors = s.errors;
  }

  private socketStats(socket: Socket): Record<string, unknown> {
    const r = this.rings[socket];
    const p = this.parse[socket];
    return {
      socket,
      port: this.info.ports[socket] ?? null,
      received: r?.received ?? 0,
      processed: p?.processed ?? 0,
      dropped: (r ? ringDropped(r) : 0) + (p ? parseDropped(p) : 0),
      receivedPerSec: this.rates.rate(`${socket}.received`),
      processedPerSec: this.rates.rate(`${socket}.processed`),
      droppedPerSec: this.rates.rate(`${socket}.ringDropped`) + this.rates.rate(`${socket}.parseDropped`),
    };
  }

  private dropsByReason(): Array<{ where: string; reason: string; count: number }> {
    const out: Array<{ where: string; reason: string; count: number }> = [];
    for (const socket of ['log', 'user'] as const) {
      const r = this.rings[socket];
      const p = this.parse[socket];
      const where = `UDP ${socket} (${this.info.ports[socket] ?? '-'})`;
      if (r) {
        out.push({ where, reason: 'message too large', count: r.droppedSize }, { where, reason: 'rate limit', count: r.droppedRateLimit });
        out.push({ where, reason: 'ring full', count: r.droppedRingFull }, { where, reason: 'source not allowed', count: r.droppedSource });
        out.push({ where, reason: 'lost (parse retries failed)', count: r.datagramsLost });
      }
      if (p) {
        out.push({ where, reason: 'parse failed', count: p.failed }, { where, reason: 'unrecognised', count: p.unrecognised });
        out.push({ where, reason: 'dropped by category rule', count: p.droppedByRule }, { where, reason: 'excluded user', count: p.excluded });
        out.push({ where, reason: 'rejected (qix-perf filter)', count: p.rejected });
      }
    }
    for (const d of this.destinations.values()) {
      for (const [reason, count] of Object.entries(d.droppedLines)) out.push({ where: d.id, reason, count });
    }
    return out;
  }

  private destinationStats(d: DestinationSnapshot): Record<string, unknown> {
    return {
      id: d.id,
      up: d.up,
      written: d.writtenLines,
      writtenPerSec: this.rates.rate(`dest.${d.id}.written`),
      dropped: sum(d.droppedLines),
      droppedPerSec: this.rates.rate(`dest.${d.id}.dropped`),
      queued: d.queuedLines,
      spooled: d.spoolLines ?? null,
      lastSuccessAt: d.lastSuccessAt ?? 0,
      lastError: this.destinationErrors.get(d.id) ?? null,
    };
  }

  private poller(server: string): PollerState {
    let p = this.pollers.get(server);
    if (!p) {
      p = { server, healthAt: 0, engineVersion: '', sessions: new Map(), lastError: null };
      this.pollers.set(server, p);
    }
    return p;
  }

  /** The console keeps saying it sampled for a while after the last second that skipped events. */
  private recentSampling(): { shown: number; skipped: number; at: number } | null {
    return this.lastSampling && this.now() - this.lastSampling.at < SAMPLING_NOTE_MS ? this.lastSampling : null;
  }

  /** Sampling figures per whole second: the last complete second is what the console reports. */
  private rollSampling(): void {
    const now = this.now();
    if (now - this.sampled.since < 1_000) return;
    const stale = now - this.sampled.since >= 2_000;
    this.sampled.last = stale ? { shown: 0, skipped: 0 } : { shown: this.sampled.shown, skipped: this.sampled.skipped };
    if (this.sampled.skipped > 0) this.lastSampling = { shown: this.sampled.shown, skipped: this.sampled.skipped, at: now };
    this.sampled.shown = 0;
    this.sampled.skipped = 0;
    this.sampled.since = now;
  }
}

function ringDropped(r: RingSnapshot): number {
  return r.droppedSize + r.droppedRateLimit + r.droppedRingFull + r.droppedSource + r.datagramsLost;
}

function parseDropped(p: ParseSnapshot): number {
  return p.failed + p.unrecognised + p.droppedByRule + p.excluded + p.rejected;
}

function sum(values: Record<string, number>): number {
  let n = 0;
  for (const v of Object.values(values)) n += v;
  return n;
}
