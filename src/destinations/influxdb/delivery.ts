// Delivery settings every InfluxDB destination (v1, v2, v3) starts from. One write is in flight per lane, so
// a lane writes at most maxBatchBytes per round trip: with the shared 1 MiB default (~750 lines of log
// events) that capped a lane below the rates the parse pool reaches as soon as a write took more than a few
// milliseconds. For InfluxDB the line count (`influxdbConfig.maxBatchSize`, Butler SOS's own setting) is
// meant to be the limit; 8 MiB holds 5,000 log-event lines (~1.3 KB each) and stays under the smallest
// server limit (InfluxDB 3 Core's 10 MiB request size). An explicit `delivery.maxBatchBytes` still wins.
import type { DeliveryOverrides } from '../delivery/options.js';

export const INFLUX_MAX_BATCH_BYTES = 8 * 1024 * 1024;

export function influxDelivery(config: { delivery?: { maxBatchBytes?: number } }, maxBatchSize: number | undefined): DeliveryOverrides {
  return { maxBatchLines: maxBatchSize, maxBatchBytes: config.delivery?.maxBatchBytes ?? INFLUX_MAX_BATCH_BYTES };
}
