import Type from 'typebox';

// New in this edition: queue, batching and retry tuning shared by every destination (src/destinations/delivery).
// Every key is optional and absent by default, so the delivery layer's own defaults apply and a destination's
// own keys (influxdbConfig.maxBatchSize) still win.

const Optional = (min: number) => Type.Optional(Type.Integer({ minimum: min }));

export const DeliverySection = Type.Object({
  maxBatchLines: Optional(1),
  maxBatchBytes: Optional(1024),
  flushIntervalMs: Optional(1),
  maxQueuedLines: Optional(1),
  maxQueuedBytes: Optional(1024),
  backoff: Type.Object({
    initialMs: Optional(1),
    maxMs: Optional(1),
    configInitialMs: Optional(1),
    configMaxMs: Optional(1),
    maxRetryAfterMs: Optional(0),
  }),
});
