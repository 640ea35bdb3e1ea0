import type { AppLogger } from '../../log/logger.js';
import type { WebSocketRoute, WsPeer } from '../websocket.js';
import type { LiveView } from './live-view.js';

// The /live WebSocket clients. Pushes new events every 250 ms and the counters every second, only while at
// least one client is connected; tells the other threads (setDemand) when the first client arrives and the
// last one leaves, and repeats "on" every few seconds so threads started later join in. Each client has a
// bounded send buffer (WebSocketRoute.maxBufferedBytes): a client that cannot keep up is closed, never
// waited for; its browser reconnects and starts again from the recent history.

const EVENTS_MS = 250;
const STATS_MS = 1_000;
const DEMAND_REPEAT_MS = 3_000;
export const MAX_CLIENT_BUFFER_BYTES = 1 << 20;

export class LiveHub {
  private readonly peers = new Set<WsPeer>();
  private timers: NodeJS.Timeout[] = [];
  /** Clients closed because their buffer was full. */
  slowClientsDropped = 0;

  constructor(
    private readonly view: LiveView,
    private readonly setDemand: (on: boolean) => void,
    private readonly logger: AppLogger,
  ) {}

  get clients(): number {
    return this.peers.size;
  }

  route(path: string): WebSocketRoute {
    return { path, maxBufferedBytes: MAX_CLIENT_BUFFER_BYTES, open: (p) => this.open(p), close: (p) => this.close(p) };
  }

  open(peer: WsPeer): void {
    // Events not yet pushed go to the clients already here first; the newcomer gets them in its history.
    this.pushEvents();
    this.peers.add(peer);
    const hello = { t: 'hello', info: this.view.info, events: this.view.recentEvents(), stats: this.view.stats() };
    if (!this.deliver(peer, JSON.stringify(hello))) return;
    if (this.peers.size === 1) this.startFeed();
  }

  close(peer: WsPeer): void {
    if (!this.peers.delete(peer)) return;
    if (this.peers.size === 0) this.stopFeed();
  }

  stop(): void {
    this.stopFeed();
    for (const p of [...this.peers]) p.close();
    this.peers.clear();
  }

  private startFeed(): void {
    this.setDemand(true);
    this.timers = [
      setInterval(() => this.pushEvents(), EVENTS_MS),
      setInterval(() => this.broadcast(JSON.stringify({ t: 'stats', stats: this.view.stats(), clients: this.peers.size })), STATS_MS),
      setInterval(() => this.setDemand(true), DEMAND_REPEAT_MS),
    ];
  }

  private stopFeed(): void {
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    this.setDemand(false);
  }

  private pushEvents(): void {
    const events = this.view.takeEvents();
    if (events.length > 0 && this.peers.size > 0) this.broadcast(JSON.stringify({ t: 'events', events }));
  }

  private broadcast(text: string): void {
    for (const peer of [...this.peers]) this.deliver(peer, text);
  }

  private deliver(peer: WsPeer, text: string): boolean {
    if (peer.send(text) === 'sent') return true;
    this.slowClientsDropped++;
    this.logger.info({ client: peer.remoteAddress }, 'Live console: closed a client that could not keep up (its send buffer was full)');
    this.close(peer);
    return false;
  }
}
