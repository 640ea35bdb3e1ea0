import type { BroadcastChannel } from 'node:worker_threads';
import type { AppLogger } from '../../log/logger.js';
import { sameAppNames } from '../../pollers/app-list.js';
import { channelNames, openChannel } from '../../threads/channels.js';
import type { AppListMessage, AppNamesMessage, AppNamesRequest } from '../../threads/messages.js';

// The supervisor's copy of the QRS app list. It outlives the poller thread and every parse worker, so it is
// the one place that always knows the latest list: the poller sends it here (first poll, then changes), the
// relay broadcasts each change to the parse workers with a new version, and answers a worker that starts
// later (pool start, or a replacement for a crashed worker) with the latest list. Every parse task carries the
// version current at dispatch (ParsePool), so a worker that has not received it yet waits for it
// (AppNamesView): app names are on every event from the first poll on, whatever the thread start order.

export function isAppListMessage(msg: unknown): msg is AppListMessage {
  return (msg as AppListMessage | null)?.t === 'app-list' && Array.isArray((msg as AppListMessage).apps);
}

export class AppNamesRelay {
  private readonly channel: BroadcastChannel;
  private latest: AppNamesMessage | null = null;
  private map: ReadonlyMap<string, string> = new Map();

  constructor(
    instanceId: string,
    private readonly logger: AppLogger,
  ) {
    this.channel = openChannel(channelNames(instanceId).appNames);
    this.channel.onmessage = (event) => {
      if ((event as { data: AppNamesRequest }).data?.t === 'app-names-request' && this.latest) this.channel.postMessage(this.latest);
    };
  }

  /** 0 until the first app list arrived; then grows by one with every change. */
  get version(): number {
    return this.latest?.version ?? 0;
  }

  /** Takes a list from the poller; broadcasts it when it differs from the latest. */
  update(msg: AppListMessage): void {
    const next = new Map(msg.apps);
    if (this.latest && sameAppNames(this.map, next)) return;
    this.map = next;
    this.latest = { t: 'app-names', version: this.version + 1, apps: msg.apps };
    this.channel.postMessage(this.latest);
    this.logger.debug({ apps: next.size, version: this.latest.version }, 'App list changed; sent to the parse workers.');
  }

  close(): void {
    this.channel.close();
  }
}
