import { BroadcastChannel } from 'node:worker_threads';

// Named BroadcastChannels connect threads that the supervisor cannot hand a MessagePort to: Piscina
// decides which worker runs a task, so parse workers reach writers and the tracker by name.
// The instance id keeps two collectors in one process (tests) from hearing each other.
//
// Every open BroadcastChannel receives (and deserialises) every message posted by the other members of its
// name, listener or not. Batches are large, so each producer gets a channel of its own to each writer: the
// only other member is that writer. (One shared writer channel made the tracker, the poller and every other
// parse worker copy every parse batch: ~15% of the CPU per event with two parse workers.)

/** A producer's name in writer channel names: 'tracker', 'poller' or a parse worker's slot. */
export type Producer = 'tracker' | 'poller' | `parse-${number}`;

/** Every producer a writer listens to, given the number of parse slots. */
export function writerProducers(parseSlots: number): Producer[] {
  return ['tracker', 'poller', ...Array.from({ length: parseSlots }, (_, k) => `parse-${k}` as const)];
}

export interface ChannelNames {
  /** The channel from one producer to writer `index`. */
  writer(index: number, producer: Producer): string;
  tracker: string;
  appNames: string;
  metrics: string;
  /** Worker threads' log lines to the main thread, which writes the log files (fileLogging). */
  logs: string;
}

export function channelNames(instanceId: string): ChannelNames {
  const prefix = `butler-sos:${instanceId}`;
  return {
    writer: (index, producer) => `${prefix}:writer:${index}:from:${producer}`,
    tracker: `${prefix}:tracker`,
    appNames: `${prefix}:app-names`,
    metrics: `${prefix}:metrics`,
    logs: `${prefix}:logs`,
  };
}

/** Opens a channel that does not keep its thread alive on its own. */
export function openChannel(name: string): BroadcastChannel {
  const channel = new BroadcastChannel(name);
  channel.unref();
  return channel;
}
