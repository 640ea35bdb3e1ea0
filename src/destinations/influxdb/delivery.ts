// Delivery settings every InfluxDB destination (v1, v2, v3) starts from.
// - maxBatchBytes: a lane writes at most maxBatchBytes per write; with the shared 1 MiB default (~750 lines of
//   log events) that capped a lane below the rates the parse pool reaches as soon as a write took more than a
//   few milliseconds. For InfluxDB the line count (`influxdbConfig.maxBatchSize`, Butler SOS's own setting) is
//   meant to be the limit; 8 MiB holds 5,000 log-event lines (~1.3 KB each) and stays under the smallest
//   server limit (InfluxDB 3 Core's 10 MiB request size).
// - maxWritesInFlight: InfluxDB takes batches in any order (a point is its series and time), and one write at
//   a time left the server idle during every round trip and while the writer assembled the next batch:
//   docs/tuning.md "Writes in flight" has the measurements behind the default.
// An explicit `delivery.maxBatchBytes` / `delivery.maxWritesInFlight` still wins.
import type { DeliveryOverrides } from '../delivery/options.js';

export const INFLUX_MAX_BATCH_BYTES = 8 * 1024 * 1024;
export const INFLUX_WRITES_IN_FLIGHT = 4;

interface DeliveryKeys {
  delivery?: { maxBatchBytes?: number; maxWritesInFlight?: number };
}

export function influxDelivery(config: DeliveryKeys, maxBatchSize: number | undefined): DeliveryOverrides {
  return {
    maxBatchLines: maxBatchSize,
    maxBatchBytes: config.delivery?.maxBatchBytes ?? INFLUX_MAX_BATCH_BYTES,
    maxWritesInFlight: config.delivery?.maxWritesInFlight ?? INFLUX_WRITES_IN_FLIGHT,
  };
}
