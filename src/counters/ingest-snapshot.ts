// One queue-metrics interval of one UDP socket: the ring's control-word counters since the last sample merged
// with what the parse workers reported, in the shape of src/points' IngestMetricsSnapshot.
import { counterDelta, RECORD_ALIGN, RECORD_HEADER_BYTES, type RingCounters } from '../ingest/ring-layout.js';
import type { IngestMetricsSnapshot } from '../points/index.js';
import type { IngestStats } from './ingest-stats.js';

export interface IngestSampleContext {
  socket: 'log' | 'user';
  hostname: string;
  /** udpServerConfig.messageQueue.backpressureThreshold (percent of the ring). */
  backpressureThresholdPct: number;
}

/** Capacity in datagrams of the average size seen so far (Butler's queue_max_size was a message count). */
function estimatedCapacity(now: RingCounters): number {
  if (now.received === 0) return 0;
  const avgPayload = now.receivedBytes / now.received;
  const record = Math.ceil((RECORD_HEADER_BYTES + avgPayload) / RECORD_ALIGN) * RECORD_ALIGN;
  return Math.floor(now.capacity / record);
}

export function ingestSample(ctx: IngestSampleContext, now: RingCounters, prev: RingCounters, parse: IngestStats): IngestMetricsSnapshot {
  const d = (k: keyof RingCounters): number => counterDelta(now[k], prev[k]);
  const droppedSize = d('droppedSize');
  const droppedRateLimit = d('droppedRateLimit');
  const droppedRingFull = d('droppedRingFull');
  const utilisation = now.capacity > 0 ? (now.bytesUsed / now.capacity) * 100 : 0;
  const time = parse.processingTime();
  const inRing = counterDelta(now.published, (now.datagramsCompleted + now.datagramsLost) >>> 0);
  return {
    socket: ctx.socket,
    hostname: ctx.hostname,
    queueSize: inRing,
    queueMaxSize: estimatedCapacity(now),
    queueUtilizationPct: utilisation,
    // Slices in flight are known only to the main thread's dispatcher; the ring's records not yet released
    // are the closest the tracker can see, and over-count by the records of slices not yet dispatched.
    queueRunning: inRing,
    messagesReceived: d('received'),
    messagesQueued: d('published'),
    messagesProcessed: parse.datagrams,
    messagesFailed: parse.failed + d('datagramsLost'),
    messagesDroppedRateLimit: droppedRateLimit,
    messagesDroppedQueueFull: droppedRingFull,
    messagesDroppedSize: droppedSize,
    processingTimeAvgMs: time.avgMs,
    processingTimeP95Ms: time.p95Ms,
    processingTimeMaxMs: time.maxMs,
    rateLimitCurrent: 0,
    backpressureActive: utilisation >= ctx.backpressureThresholdPct,
    ringUtilisationPct: utilisation,
    messagesDroppedSource: d('droppedSource'),
    parseFailures: parse.unrecognised + parse.failed,
    messagesDroppedRule: parse.droppedByRule,
    messagesExcluded: parse.excluded,
    messagesRejected: parse.rejected,
    bytesReceived: d('receivedBytes'),
    workerCrashes: d('workerCrashes'),
  };
}
