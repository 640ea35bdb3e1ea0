import type { BroadcastChannel } from 'node:worker_threads';
import type { AppLogger } from '../../log/logger.js';
import { channelNames, openChannel } from '../../threads/channels.js';
import type { AppNamesMessage, AppNamesRequest } from '../../threads/messages.js';

// A parse worker's copy of the app list (id → name). At start it asks the supervisor's relay for the latest
// list (app-names-relay.ts); afterwards the relay broadcasts every change. Messages carry a version and only a
// newer one replaces the map, so a reply and a broadcast arriving in either order end at the latest list.

/** How long a task waits for a list version it was dispatched with before it parses without it. */
export const APP_NAMES_WAIT_MS = 2_000;

export class AppNamesView {
  private readonly channel: BroadcastChannel;
  private readonly names = new Map<string, string>();
  private current = 0;
  private waiters: Array<{ version: number; done: () => void }> = [];

  constructor(
    instanceId: string,
    private readonly logger: AppLogger,
  ) {
    this.channel = openChannel(channelNames(instanceId).appNames);
    this.channel.onmessage = (event) => this.receive((event as { data: AppNamesMessage }).data);
    this.request();
  }

  get version(): number {
    return this.current;
  }

  readonly lookup = (appId: string): string | undefined => this.names.get(appId);

  /**
   * Resolves once the list of `version` (or newer) is here; immediately (undefined, no promise) when it already
   * is. Gives up after `timeoutMs` with a warning: a lost message must not stall parsing.
   */
  until(version: number, timeoutMs = APP_NAMES_WAIT_MS): Promise<void> | undefined {
    if (this.current >= version) return undefined;
    this.request();
    return new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w.done !== done);
        this.logger.warn({ version, have: this.current, waitedMs: timeoutMs }, 'App list not received in time; parsing without the latest app names.');
        resolve();
      }, timeoutMs);
      const done = (): void => {
        clearTimeout(timer);
        resolve();
      };
      this.waiters.push({ version, done });
    });
  }

  close(): void {
    this.channel.close();
  }

  private request(): void {
    this.channel.postMessage({ t: 'app-names-request' } satisfies AppNamesRequest);
  }

  private receive(msg: AppNamesMessage | undefined): void {
    if (msg?.t !== 'app-names' || msg.version <= this.current) return;
    this.names.clear();
    for (const [id, name] of msg.apps) this.names.set(id, name);
    this.current = msg.version;
    const ready = this.waiters.filter((w) => w.version <= this.current);
    this.waiters = this.waiters.filter((w) => w.version > this.current);
    for (const w of ready) w.done();
  }
}
