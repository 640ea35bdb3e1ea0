import { openChannel } from '../threads/channels.js';

// Channel names of the live feed, next to the instance's other channels (src/threads/channels.ts). Each
// producer has its own channel to the http thread, so producers never receive each other's samples.

export type LiveProducer = 'tracker' | `parse-${number}`;

export function liveChannelNames(instanceId: string): { demand: string; from(producer: LiveProducer): string } {
  const prefix = `butler-sos:${instanceId}:live`;
  return { demand: `${prefix}:demand`, from: (producer) => `${prefix}:from:${producer}` };
}

export { openChannel };
