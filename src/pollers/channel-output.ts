import type { BroadcastChannel } from 'node:worker_threads';
import { channelNames, openChannel } from '../threads/channels.js';
import type { PollerOutput } from './poll-context.js';

// The poller thread's output: batches to the writer that owns each destination, errors to the tracker, app
// names to the parse workers, all over the instance's named BroadcastChannels.

export class ChannelOutput implements PollerOutput {
  private readonly writers: BroadcastChannel[];
  private readonly tracker: BroadcastChannel;
  private readonly appNamesChannel: BroadcastChannel;
  private readonly metricsChannel: BroadcastChannel;

  constructor(instanceId: string, writerCount: number) {
    const names = channelNames(instanceId);
    this.writers = Array.from({ length: Math.max(1, writerCount) }, (_, i) => openChannel(names.writer(i, 'poller')));
    this.tracker = openChannel(names.tracker);
    this.appNamesChannel = openChannel(names.appNames);
    this.metricsChannel = openChannel(names.metrics);
  }

  batch: PollerOutput['batch'] = (msg, writer) => {
    this.writers[writer % this.writers.length].postMessage(msg);
  };

  error: PollerOutput['error'] = (report) => {
    this.tracker.postMessage(report);
  };

  appNames: PollerOutput['appNames'] = (msg) => {
    this.appNamesChannel.postMessage(msg);
  };

  metrics: NonNullable<PollerOutput['metrics']> = (msg) => {
    this.metricsChannel.postMessage(msg);
  };

  close(): void {
    for (const c of [...this.writers, this.tracker, this.appNamesChannel, this.metricsChannel]) c.close();
  }
}
