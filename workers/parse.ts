// Piscina parse-pool worker: the SharedArrayBuffer rings arrive once in workerData, each task names a slice.
// Batches go straight to the writers and stats to the tracker over named BroadcastChannels (Piscina picks
// the worker, so the supervisor cannot wire ports to it); the task result tells the main thread how many
// batches each writer must have received before a shutdown drain is complete.
// Piscina hands the pool's workerData to each worker as the thread's own workerData; reading it from
// node:worker_threads (not piscina's re-export) also works when this file is bundled apart from Piscina's
// worker (the stand-alone executables, deploy/sea/).
import { workerData } from 'node:worker_threads';
import { AppNamesView } from '../src/pipeline/app-names-view.js';
import type { ParseTask } from '../src/pipeline/parse-pool.js';
import { guardThread } from '../src/crash/thread-guard.js';
import { threadLogger } from '../src/log/thread-logger.js';
import { SliceParser, type SliceResult } from '../src/pipeline/slice-parser.js';
import type { ParseWorkerData } from '../src/pipeline/worker-data.js';
import { channelNames, openChannel } from '../src/threads/channels.js';
import { liveTapFor } from '../src/live/producer.js';

const data = workerData as ParseWorkerData;
const names = channelNames(data.instanceId);
const logger = threadLogger(data, 'parse');
guardThread(data, 'parse', logger);

// A replacement for a crashed worker takes the next slot; after many crashes slots are reused, which only
// costs copies (a reused slot's channel has two senders), never correctness.
const slot = Atomics.add(new Int32Array(data.parseSlotCounter), 0, 1) % data.parseSlots;
const writers = Array.from({ length: data.writerCount }, (_, i) => openChannel(names.writer(i, `parse-${slot}`)));
const tracker = openChannel(names.tracker);
// Asks the supervisor for the latest app list now, so a worker started late or in place of a crashed one has it.
const appNames = new AppNamesView(data.instanceId, logger);

const parser = new SliceParser({
  config: data.config,
  routes: data.routes,
  recordRoutes: data.recordRoutes,
  writerCount: data.writerCount,
  appName: appNames.lookup,
  post: (writer, msg) => writers[writer].postMessage(msg),
  postStats: (msg) => tracker.postMessage(msg),
  reportError: (report) => tracker.postMessage(report),
  logger,
  live: liveTapFor(data.config, data.instanceId, `parse-${slot}`),
});

export default function parseSlice(task: ParseTask): SliceResult | Promise<SliceResult> {
  // Only a task dispatched after a list change this worker has not heard of yet waits (briefly) for it.
  const waiting = appNames.until(task.appNamesVersion);
  return waiting ? waiting.then(() => parseWith(task)) : parseWith(task);
}

function parseWith(task: ParseTask): SliceResult {
  const ring = data.rings[task.ring];
  if (!ring) throw new Error(`parse task names ring ${task.ring}, which this worker was not given`);
  return parser.parse(ring.socket, ring.sab, task);
}
