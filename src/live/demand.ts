import type { BroadcastChannel } from 'node:worker_threads';
import { liveChannelNames, openChannel } from './channels.js';
import type { LiveDemandMessage, LiveDemandQuery } from './messages.js';

// Whether anyone watches /live, as a producer thread sees it. The http thread re-sends "on" every few
// seconds and answers a new listener's query at once, so a thread started (or restarted) later learns it too;
// "on" expires if the http thread dies.

const EXPIRES_MS = 10_000;

export class LiveDemand {
  private until = 0;
  private readonly channel: BroadcastChannel;

  constructor(instanceId: string, private readonly now: () => number = Date.now) {
    this.channel = openChannel(liveChannelNames(instanceId).demand);
    this.channel.onmessage = (event) => {
      const msg = (event as { data: LiveDemandMessage }).data;
      if (msg?.t === 'live-demand') this.until = msg.on ? this.now() + EXPIRES_MS : 0;
    };
    const query: LiveDemandQuery = { t: 'live-demand-query' };
    this.channel.postMessage(query);
  }

  get on(): boolean {
    return this.until !== 0 && this.now() < this.until;
  }

  close(): void {
    this.channel.close();
  }
}
