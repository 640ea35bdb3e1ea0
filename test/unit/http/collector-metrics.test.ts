import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MetricsRegistry } from '../../../src/metrics/metrics-registry.js';
import { errorsSnapshotFrom, publishCollectorMetrics } from '../../../src/metrics/publish.js';
import type { MetricsMessage } from '../../../src/metrics/messages.js';
import type { ErrorCountsSnapshot } from '../../../src/errors/index.js';
import { parsePromText, samplesOf, type PromText } from '../../support/prom-text.js';

// The collector's own metrics: totals posted by several threads, merged by part, exposed as counters/gauges.

function registry(): MetricsRegistry {
  return new MetricsRegistry({ serverLabelNames: ['host', 'server_name', 'server_description'], healthStaleAfterMs: 1, sessionStaleAfterMs: 1, defaultMetrics: false });
}

function value(text: PromText, name: string, labels: Record<string, string> = {}): number | undefined {
  return samplesOf(text, name).find((s) => Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;
}

const ring = { received: 1000, receivedBytes: 250_000, droppedSize: 1, droppedRateLimit: 2, droppedRingFull: 3, droppedSource: 4, datagramsLost: 5, slicesDispatched: 10, sliceRetries: 1, workerCrashes: 1, socketErrors: 0, bytesUsed: 256, capacity: 1024 };
const parse = { datagrams: 990, processed: 980, failed: 1, unrecognised: 2, droppedByRule: 3, excluded: 4, rejected: 0 };
const dest = (id: string, written: number) => ({ id, up: true, writtenLines: written, writtenBatches: 2, retries: 0, failedBatches: 0, droppedLines: { queue_full: 0, rejected: 7, shutdown: 0, spool_full: 1 }, queuedLines: 3, spooledLines: 40, replayedLines: 30, spoolLines: 10 });

test('collector totals from the tracker, writers and supervisor are merged and exposed', async () => {
  const reg = registry();
  const posted: MetricsMessage[] = [];
  const channel = { postMessage: (m: unknown) => posted.push(m as MetricsMessage) };
  const errors: ErrorCountsSnapshot = {
    enabled: true,
    day: '2026-01-01',
    today: { total: 3, details: {} },
    sinceStart: { total: 3, details: { HEALTH_API: { total: 2, servers: { sense1: 2 } }, MQTT_PUBLISH: { total: 1, servers: { _no_server_context: 1 } } }, byCategory: { timeout: 2, mqtt_error: 1 } },
    invalidReports: 1,
    pointsEmitted: 3,
    pointEmitFailures: 0,
  };
  publishCollectorMetrics(channel, { rings: { log: ring }, parse: { log: parse }, errors: errorsSnapshotFrom(errors) });
  publishCollectorMetrics(channel, { destinations: [dest('influxdb', 100)] });
  publishCollectorMetrics(channel, { destinations: [dest('file', 50)] });
  publishCollectorMetrics(channel, { destinations: [dest('influxdb', 120)], threadRestarts: { 'writer-0': 1 } });
  for (const m of posted) assert.deepEqual(reg.apply(m), { ok: true });

  const text = parsePromText(await reg.metrics());
  assert.equal(value(text, 'butlersos_collector_udp_received_total', { socket: 'log' }), 1000);
  assert.equal(text.type.get('butlersos_collector_udp_received_total'), 'counter');
  assert.equal(value(text, 'butlersos_collector_udp_dropped_total', { socket: 'log', reason: 'ring_full' }), 3);
  assert.equal(value(text, 'butlersos_collector_udp_dropped_total', { socket: 'log', reason: 'lost' }), 5);
  assert.equal(value(text, 'butlersos_collector_ring_utilisation_ratio', { socket: 'log' }), 0.25);
  assert.equal(value(text, 'butlersos_collector_parsed_datagrams_total', { socket: 'log' }), 990);
  assert.equal(value(text, 'butlersos_collector_events_skipped_total', { socket: 'log', reason: 'dropped_by_rule' }), 3);
  assert.equal(value(text, 'butlersos_collector_destination_written_lines_total', { destination: 'influxdb' }), 120, 'latest total per destination');
  assert.equal(value(text, 'butlersos_collector_destination_written_lines_total', { destination: 'file' }), 50, 'other writer kept');
  assert.equal(value(text, 'butlersos_collector_destination_dropped_lines_total', { destination: 'file', reason: 'rejected' }), 7);
  assert.equal(value(text, 'butlersos_collector_destination_dropped_lines_total', { destination: 'file', reason: 'spool_full' }), 1);
  assert.equal(value(text, 'butlersos_collector_destination_spooled_lines_total', { destination: 'file' }), 40);
  assert.equal(value(text, 'butlersos_collector_destination_replayed_lines_total', { destination: 'file' }), 30);
  assert.equal(value(text, 'butlersos_collector_destination_spool_lines', { destination: 'file' }), 10);
  assert.equal(value(text, 'butlersos_collector_errors_total', { type: 'HEALTH_API' }), 2);
  assert.equal(value(text, 'butlersos_collector_errors_by_category_total', { category: 'timeout' }), 2);
  assert.equal(value(text, 'butlersos_collector_error_reports_invalid_total'), 1);
  assert.equal(value(text, 'butlersos_collector_thread_restarts_total', { thread: 'writer-0' }), 1);
  assert.equal(value(text, 'butlersos_collector_metric_updates_total', { kind: 'collector' }), 4);
  assert.equal(samplesOf(text, 'butlersos_collector_udp_received_total').some((s) => s.labels.socket === 'user'), false, 'no invented user-socket series');
});

test('parse time per datagram (per socket and stat) and kernel receive-buffer drops are exposed', async () => {
  const reg = registry();
  const posted: MetricsMessage[] = [];
  const channel = { postMessage: (m: unknown) => posted.push(m as MetricsMessage) };
  publishCollectorMetrics(channel, { sliceLatency: { log: { avgMs: 0.02, p95Ms: 0.05, maxMs: 0.3 } } });
  publishCollectorMetrics(channel, { kernelDrops: { log: 12, user: 0 }, threadRestarts: { tracker: 0 } });
  for (const m of posted) assert.deepEqual(reg.apply(m), { ok: true });
  const text = parsePromText(await reg.metrics());
  assert.equal(value(text, 'butlersos_collector_parse_seconds_per_datagram', { socket: 'log', stat: 'p95' }), 0.00005);
  assert.equal(value(text, 'butlersos_collector_parse_seconds_per_datagram', { socket: 'log', stat: 'max' }), 0.0003);
  assert.equal(value(text, 'butlersos_collector_udp_kernel_drops_total', { socket: 'log' }), 12);
  assert.equal(text.type.get('butlersos_collector_udp_kernel_drops_total'), 'counter');
  assert.equal(value(text, 'butlersos_collector_thread_restarts_total', { thread: 'tracker' }), 0, 'a thread that never crashed shows 0');
});
