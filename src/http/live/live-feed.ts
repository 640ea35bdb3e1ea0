import type { BroadcastChannel } from 'node:worker_threads';
import { liveChannelNames, openChannel, type LiveProducer } from '../../live/channels.js';
import type { LiveDemandMessage, LiveDemandQuery } from '../../live/messages.js';
import type { LiveView } from './live-view.js';

// The http thread's end of the live side channels: it announces demand to every thread and, only while a
// client watches, listens to the parse workers' samples and the tracker's forwarded errors. With nobody
// watching the inbound channels are closed, so no thread's message reaches (or costs) this one.

export class LiveFeed {
  private readonly demand: BroadcastChannel;
  private inbound: BroadcastChannel[] = [];
  private on = false;

  constructor(
    private readonly instanceId: string,
    private readonly parseSlots: number,
    private readonly view: LiveView,
  ) {
    this.demand = openChannel(liveChannelNames(instanceId).demand);
    this.demand.onmessage = (event) => {
      if ((event as { data: LiveDemandQuery }).data?.t === 'live-demand-query' && this.on) this.setDemand(true);
    };
  }

  setDemand(on: boolean): void {
    this.on = on;
    if (on && this.inbound.length === 0) this.listen();
    if (!on) this.closeInbound();
    const msg: LiveDemandMessage = { t: 'live-demand', on };
    this.demand.postMessage(msg);
  }

  close(): void {
    this.setDemand(false);
    this.demand.close();
  }

  private listen(): void {
    const names = liveChannelNames(this.instanceId);
    const producers: LiveProducer[] = ['tracker', ...Array.from({ length: this.parseSlots }, (_, k) => `parse-${k}` as const)];
    this.inbound = producers.map((p) => {
      const ch = openChannel(names.from(p));
      ch.onmessage = (event) => {
        try {
          this.view.applyLive((event as MessageEvent).data);
        } catch {
          // A malformed sample is dropped: the live console must never take the http thread down.
        }
      };
      return ch;
    });
  }

  private closeInbound(): void {
    for (const ch of this.inbound) ch.close();
    this.inbound = [];
  }
}
