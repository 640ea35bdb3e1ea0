// Piscina parse-pool worker: the SharedArrayBuffer rings arrive once in workerData, each task names a slice.
// Batches go straight to the writers and stats to the tracker over named BroadcastChannels (Piscina picks
// the worker, so the supervisor cannot wire ports to it); the task result tells the main thread how many
// batches each writer must have received before a shutdown drain is complete.
// Piscina hands the pool's workerData to each worker as the thread's own workerData; reading it from
// node:worker_threads (not piscina's re-export) also works when this file is bundled apart from Piscina's
// worker (the stand-alone executables, deploy/sea/).
import { workerData } from 'node:worker_threads';
import { AppNamesView } from '../src/pipeline/app-names/app-names-view.js';
import type { ParseTask } from '../src/pipeline/parse/parse-pool.js';
import { guardThread } from '../src/crash/thread-guard.js';
import { threadLogger } from '../src/log/thread-logger.js';
import { publisherFor } from '../src/publish/publish-table.js';
import { SliceParser, type SliceResult } from '../src/pipeline/parse/slice-parser.js';
import type { ParseWorkerData, ProducerConfig } from '../src/threads/worker-data.js';
import { BatchSender } from '../src/threads/batch-sender.js';
import { HEARTBEAT_MS, ParseSlots } from '../src/pipeline/parse/parse-slots.js';
import { ConfigBox } from '../src/threads/config-box.js';
import { channelNames, openChannel } from '../src/threads/channels.js';
import { liveTapFor } from '../src/live/producer.js';
import { armTestCrash } from '../src/threads/test-crash.js';
import { startRuntimeGauges } from '../src/metrics/runtime-gauges.js';
import { OldSpaceTrim } from '../src/threads/old-space-trim.js';

const data = workerData as ParseWorkerData;
const names = channelNames(data.instanceId);
const logger = threadLogger(data, 'parse');
guardThread(data, 'parse', logger);

// A replacement for a crashed worker takes a slot whose holder stopped beating (src/pipeline/parse/parse-slots.ts).
const slots = new ParseSlots(data.parseSlotTable, data.parseSlots);
const { slot, shared } = slots.claim();
setInterval(() => slots.beat(slot), HEARTBEAT_MS).unref();
// Keeps each batch until its writer took it in, and posts it again to a restarted writer.
const writers = BatchSender.open(data, `parse-${slot}`);
armTestCrash('parse');
if (shared) logger.warn({ slot }, 'Every parse slot is held by a live worker; sharing one; its batches may reach the writers late.');
startRuntimeGauges(openChannel(names.metrics), `parse-${slot}`);
const tracker = openChannel(names.tracker);
// Asks the supervisor for the latest app list now, so a worker started late or in place of a crashed one has it.
const appNames = new AppNamesView(data.instanceId, logger);

const live = liveTapFor(data.config, data.instanceId, `parse-${slot}`);
const makeParser = ({ config, routes }: ProducerConfig): SliceParser =>
  new SliceParser({
    config,
    publisher: publisherFor(config, { routes, writerCount: data.writerCount }, 'parse', writers.post),
    appName: appNames.lookup,
    postStats: (msg) => tracker.postMessage(msg),
    reportError: (report) => tracker.postMessage(report),
    logger,
    live,
  });

// A reload (SIGHUP, --watch-config) writes the new configuration and routes to the shared box; the next task
// uses them (the supervisor waits for the tasks already running before it retires a removed destination).
const box = data.configBox ? new ConfigBox(data.configBox) : undefined;
let configVersion = 0;
let parser = makeParser({ config: data.config, routes: data.routes });

function currentParser(): SliceParser {
  const fresh = box?.readNewer(configVersion);
  if (fresh) {
    configVersion = fresh.version;
    parser = makeParser(fresh.config);
  }
  return parser;
}

export default function parseSlice(task: ParseTask): SliceResult | Promise<SliceResult> {
  // Only a task dispatched after a list change this worker has not heard of yet waits (briefly) for it.
  const waiting = appNames.until(task.appNamesVersion);
  return waiting ? waiting.then(() => parseWith(task)) : parseWith(task);
}

// Keeps this worker's old generation near what is live (src/threads/old-space-trim.ts).
const trim = new OldSpaceTrim();

function parseWith(task: ParseTask): SliceResult {
  const ring = data.rings[task.ring];
  if (!ring) throw new Error(`parse task names ring ${task.ring}, which this worker was not given`);
  const result = currentParser().parse(ring.socket, ring.sab, task);
  trim.afterSlice();
  return result;
}
