// InfluxDB destinations write up to influxdbConfig.maxBatchSize lines per request: their byte bound is 8 MiB
// (not the shared 1 MiB, which capped a lane at ~750 log-event lines per round trip), unless the admin set
// delivery.maxBatchBytes, which then wins as documented. Merged the way the writer host merges them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deliveryOptions } from '../../../../src/destinations/delivery/options.js';
import { INFLUX_MAX_BATCH_BYTES, influxDelivery } from '../../../../src/destinations/influxdb/delivery.js';

test('InfluxDB delivery: 8 MiB batches by default, maxBatchSize lines', () => {
  const config = { delivery: {} };
  const merged = deliveryOptions(config.delivery, influxDelivery(config, 5000));
  assert.equal(INFLUX_MAX_BATCH_BYTES, 8 * 1024 * 1024);
  assert.equal(merged.maxBatchBytes, INFLUX_MAX_BATCH_BYTES);
  assert.equal(merged.maxBatchLines, 5000);
  assert.equal(merged.flushIntervalMs, 100);
});

test('InfluxDB delivery: an explicit delivery.maxBatchBytes wins over the InfluxDB default', () => {
  const config = { delivery: { maxBatchBytes: 65536 } };
  assert.equal(deliveryOptions(config.delivery, influxDelivery(config, 1000)).maxBatchBytes, 65536);
});

test('InfluxDB delivery: no maxBatchSize leaves the shared line default', () => {
  const config = { delivery: {} };
  assert.equal(deliveryOptions(config.delivery, influxDelivery(config, undefined)).maxBatchLines, 1000);
});

test('InfluxDB delivery: 4 writes in flight by default, an explicit delivery.maxWritesInFlight wins; other destinations default to 1', () => {
  assert.equal(deliveryOptions({}, influxDelivery({ delivery: {} }, 1000)).maxWritesInFlight, 4);
  const config = { delivery: { maxWritesInFlight: 9 } };
  assert.equal(deliveryOptions(config.delivery, influxDelivery(config, 1000)).maxWritesInFlight, 9);
  assert.equal(deliveryOptions({}).maxWritesInFlight, 1);
});
