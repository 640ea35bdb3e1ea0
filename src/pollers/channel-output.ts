import type { BroadcastChannel } from 'node:worker_threads';
import { BatchSender, type SenderData } from '../threads/batch-sender.js';
import { channelNames, openChannel } from '../threads/channels.js';
import type { AppListMessage } from '../threads/messages.js';
import type { PollerOutput } from './poll-context.js';

// The poller thread's output: batches to the writer that owns each destination and errors to the tracker over
// the instance's named BroadcastChannels; the app list to the supervisor (`toSupervisor`, the thread's
// parentPort), which keeps the latest one for parse workers that start later.

export class ChannelOutput implements PollerOutput {
  private readonly writers: BatchSender;
  private readonly tracker: BroadcastChannel;
  private readonly metricsChannel: BroadcastChannel;

  constructor(
    data: SenderData,
    private readonly toSupervisor: (msg: AppListMessage) => void,
  ) {
    const names = channelNames(data.instanceId);
    // Keeps each batch until its writer took it in, and posts it again to a restarted writer.
    this.writers = BatchSender.open(data, 'poller');
    this.tracker = openChannel(names.tracker);
    this.metricsChannel = openChannel(names.metrics);
  }

  batch: PollerOutput['batch'] = (msg, writer) => {
    this.writers.post(writer, msg);
  };

  error: PollerOutput['error'] = (report) => {
    this.tracker.postMessage(report);
  };

  appNames: PollerOutput['appNames'] = (msg) => {
    this.toSupervisor(msg);
  };

  metrics: NonNullable<PollerOutput['metrics']> = (msg) => {
    this.metricsChannel.postMessage(msg);
  };

  close(): void {
    this.writers.close();
    for (const c of [this.tracker, this.metricsChannel]) c.close();
  }
}
