import Type from 'typebox';
import { Flag, Int } from './common.js';

// New in this edition: queue, batching and retry tuning shared by every destination (src/destinations/delivery).
// Every key is optional and absent by default, so the delivery layer's own defaults apply and a destination's
// own keys (influxdbConfig.maxBatchSize) still win.

const Optional = (min: number) => Type.Optional(Type.Integer({ minimum: min }));

// The disk spool (src/destinations/spool): a destination that stays down longer than graceMs, or whose memory
// queue is full, spools to `<directory>/<destination id>/` (at most maxBytes each) and replays in order when it
// answers again, also after a restart. On by default: losing data during an outage is what we fix.
export const SpoolSection = Type.Object({
  enable: Flag(true),
  directory: Type.String({ default: './data/spool', minLength: 1 }),
  maxBytes: Int(1024 * 1024 * 1024, { minimum: 64 * 1024 }),
  graceMs: Int(10_000, { minimum: 0 }),
});

export const DeliverySection = Type.Object({
  maxBatchLines: Optional(1),
  maxBatchBytes: Optional(1024),
  flushIntervalMs: Optional(1),
  maxWritesInFlight: Type.Optional(Type.Integer({ minimum: 1, maximum: 16 })),
  maxQueuedLines: Optional(1),
  maxQueuedBytes: Optional(1024),
  backoff: Type.Object({
    initialMs: Optional(1),
    maxMs: Optional(1),
    configInitialMs: Optional(1),
    configMaxMs: Optional(1),
    maxRetryAfterMs: Optional(0),
  }),
  spool: SpoolSection,
});
