import { BroadcastChannel } from 'node:worker_threads';

// Named BroadcastChannels connect threads that the supervisor cannot hand a MessagePort to: Piscina
// decides which worker runs a task, so parse workers reach writers and the tracker by name.
// The instance id keeps two collectors in one process (tests) from hearing each other.

export interface ChannelNames {
  writer(index: number): string;
  tracker: string;
  appNames: string;
  metrics: string;
}

export function channelNames(instanceId: string): ChannelNames {
  const prefix = `butler-sos:${instanceId}`;
  return {
    writer: (index) => `${prefix}:writer:${index}`,
    tracker: `${prefix}:tracker`,
    appNames: `${prefix}:app-names`,
    metrics: `${prefix}:metrics`,
  };
}

/** Opens a channel that does not keep its thread alive on its own. */
export function openChannel(name: string): BroadcastChannel {
  const channel = new BroadcastChannel(name);
  channel.unref();
  return channel;
}
