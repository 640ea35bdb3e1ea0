// Piscina parse-pool worker: the SharedArrayBuffer rings arrive once in workerData, each task names a slice.
// Batches go straight to the writers and stats to the tracker over named BroadcastChannels (Piscina picks
// the worker, so the supervisor cannot wire ports to it); the task result tells the main thread how many
// batches each writer must have received before a shutdown drain is complete.
import { workerData } from 'piscina';
import type { RingTask } from '../src/ingest/ring-slice.js';
import { createLogger } from '../src/log/logger.js';
import { SliceParser, type SliceResult } from '../src/pipeline/slice-parser.js';
import type { ParseWorkerData } from '../src/pipeline/worker-data.js';
import { BatchSender } from '../src/threads/batch-sender.js';
import { HEARTBEAT_MS, ParseSlots } from '../src/pipeline/parse-slots.js';
import { ConfigBox } from '../src/threads/config-box.js';
import type { Config } from '../src/config/schema/index.js';
import { channelNames, openChannel } from '../src/threads/channels.js';
import { armTestCrash } from '../src/threads/test-crash.js';
import { startRuntimeGauges } from '../src/metrics/runtime-gauges.js';
import type { AppNamesMessage } from '../src/threads/messages.js';

const data = workerData as ParseWorkerData;
const names = channelNames(data.instanceId);
const logger = createLogger({ level: data.logLevel, format: data.logFormat, name: 'parse' });

// A replacement for a crashed worker takes a slot whose holder stopped beating (src/pipeline/parse-slots.ts).
const slots = new ParseSlots(data.parseSlotTable, data.parseSlots);
const { slot, shared } = slots.claim();
setInterval(() => slots.beat(slot), HEARTBEAT_MS).unref();
// Keeps each batch until its writer took it in, and posts it again to a restarted writer.
const writers = BatchSender.open(data, `parse-${slot}`);
armTestCrash('parse');
if (shared) logger.warn({ slot }, 'Every parse slot is held by a live worker; sharing one; its batches may reach the writers late.');
startRuntimeGauges(openChannel(names.metrics), `parse-${slot}`);
const tracker = openChannel(names.tracker);
const appNamesChannel = openChannel(names.appNames);
const appNames = new Map<string, string>();
appNamesChannel.onmessage = (event) => {
  const msg = (event as { data: AppNamesMessage }).data;
  if (msg?.t !== 'app-names') return;
  appNames.clear();
  for (const [id, name] of msg.apps) appNames.set(id, name);
};

const makeParser = (config: Config): SliceParser =>
  new SliceParser({
    config,
    routes: data.routes,
    recordRoutes: data.recordRoutes,
    writerCount: data.writerCount,
    appName: (id) => appNames.get(id),
    post: writers.post,
    postStats: (msg) => tracker.postMessage(msg),
    reportError: (report) => tracker.postMessage(report),
    logger,
  });

// A reload (SIGHUP, --watch-config) writes the new configuration to the shared box; the next task uses it.
const box = data.configBox ? new ConfigBox(data.configBox) : undefined;
let configVersion = 0;
let parser = makeParser(data.config);

function currentParser(): SliceParser {
  const fresh = box?.readNewer(configVersion);
  if (fresh) {
    configVersion = fresh.version;
    parser = makeParser(fresh.config);
  }
  return parser;
}

export default function parseSlice(task: RingTask): SliceResult {
  const ring = data.rings[task.ring];
  if (!ring) throw new Error(`parse task names ring ${task.ring}, which this worker was not given`);
  return currentParser().parse(ring.socket, ring.sab, task);
}
