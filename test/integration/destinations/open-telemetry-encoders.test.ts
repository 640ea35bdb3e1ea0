import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openTelemetryDestination } from '../../../src/destinations/open-telemetry/index.js';
import { METRICS } from '../../../src/destinations/open-telemetry/metric-catalog.js';
import type { LogLine, PointLine } from '../../../src/destinations/open-telemetry/records.js';
import type { SinkBatch } from '../../../src/destinations/sink.js';
import type { IngestMetricsSnapshot } from '../../../src/points/ingest-metrics.js';
import type { DataKind, PublishedData } from '../../../src/publish/published-data.js';
import { startOtlpEndpoint, type OtlpEndpoint } from '../../support/otlp-endpoint.js';
import { otelConfig } from '../../unit/destinations/open-telemetry/fixtures.js';
import { API_KEY, otlpConfig, otlpSink } from './otlp-config.js';
import { fixtureHealth, fixtureLogEvents, fixtureUserEvents } from './record-fixtures.js';

// The real encoders of every kind through the sink to the loopback OTLP/HTTP contract endpoint (not a real
// collector), which decodes each request with the official generated OpenTelemetry codecs: what a receiver
// gets is exactly the documented mapping (docs/open-telemetry.md).
const config = otelConfig();
const T = Date.now() * 1000 - 5_000_000;

const QUEUE_SAMPLE: IngestMetricsSnapshot = {
  socket: 'user', hostname: 'collector1', queueSize: 0, queueMaxSize: 500, queueUtilizationPct: 0, queueRunning: 0,
  messagesReceived: 10, messagesQueued: 10, messagesProcessed: 10, messagesFailed: 0, messagesDroppedRateLimit: 0,
  messagesDroppedQueueFull: 0, messagesDroppedSize: 0, processingTimeAvgMs: 0.02, processingTimeP95Ms: 0.03,
  processingTimeMaxMs: 0.04, rateLimitCurrent: 0, backpressureActive: false, ringUtilisationPct: 0.1,
  messagesDroppedSource: 0, parseFailures: 0, messagesDroppedRule: 0, messagesExcluded: 1, messagesRejected: 0,
  bytesReceived: 2048, workerCrashes: 0,
};

function data(): { [K in DataKind]: Array<PublishedData[K]> } {
  const server = config.serversToMonitor.servers[0];
  return {
    LOG_EVENTS: fixtureLogEvents(config).map((event) => ({ event, timeUs: T })),
    USER_EVENTS: fixtureUserEvents(config).map((event) => ({ event, timeUs: T })),
    HEALTH_METRICS: [{ server, body: fixtureHealth(), timeUs: T, appName: () => undefined }],
    PROXY_SESSIONS: [{ server, virtualProxy: '/', sessionHost: 'sense1:4243', sessions: [{ UserDirectory: 'LAB', UserId: 'anna', SessionId: '1' }], rawBody: [], timeUs: T }],
    EVENT_COUNTS: [{ row: { eventType: 'log', source: 'qseow-proxy', host: 'sense2', subsystem: 'Proxy', counter: 12 }, timeUs: T }],
    REJECTED_EVENT_COUNTS: [{ row: { appId: 'a1', appName: 'Sales', method: 'GetLayout', objectType: 'kpi', counter: 2, processTime: 3.5 }, timeUs: T }],
    QUEUE_METRICS: [{ sample: QUEUE_SAMPLE, timeUs: T }],
    BUTLER_MEMORY: [{ sample: { heapUsed: 1, heapTotal: 2, external: 3, rss: 4 }, uptimeMs: 1500, intervalMs: 60_000, timeUs: T }],
    ERROR_EVENTS: [{ report: { t: 'error', type: 'PROXY_API', serverName: 'sense1', at: Math.floor(T / 1000) }, category: 'http_5xx' }],
  };
}

async function sendAll(ep: OtlpEndpoint, over: Parameters<typeof otlpConfig>[1]): Promise<Map<DataKind, string[]>> {
  const encoders = openTelemetryDestination.encoding(config, { appVersion: '1.2.3' }).encoders;
  // A generous timeout: the first request of a run pays for loading the serializers.
  const sink = otlpSink(otlpConfig(ep, { timeoutMs: 10_000, ...over }));
  const all = new Map<DataKind, string[]>();
  try {
    for (const [kind, items] of Object.entries(data()) as Array<[DataKind, unknown[]]>) {
      const lines: string[] = [];
      const encode = encoders[kind] as (d: unknown, out: (l: string) => void) => void;
      for (const item of items) encode(item, (l) => lines.push(l));
      all.set(kind, lines);
      if (lines.length === 0) continue;
      const batch: SinkBatch = { module: kind, body: Buffer.from(lines.join('\n') + '\n'), lines: lines.length, serverName: '' };
      await sink.write(batch);
    }
  } finally {
    await sink.stop();
  }
  return all;
}

for (const variant of [
  { name: 'http/protobuf, gzip', over: {}, type: 'application/x-protobuf', encoding: 'gzip' },
  { name: 'http/json, uncompressed', over: { protocol: 'http/json', compression: 'none' } as const, type: 'application/json', encoding: '' },
]) {
  test(`OTLP contract endpoint (${variant.name}): log records of every fixture event arrive with the documented fields`, async () => {
    const ep = await startOtlpEndpoint({ requiredHeader: API_KEY });
    try {
      const sent = await sendAll(ep, variant.over);
      const expected = [...sent.get('LOG_EVENTS')!, ...sent.get('USER_EVENTS')!].map((l) => JSON.parse(l) as LogLine);
      const logs = ep.logs();
      assert.equal(logs.length, expected.length);
      assert.ok(logs.length >= 10);
      // A request groups records by resource, so compare as sets of canonical forms.
      const canon = (o: unknown): string => JSON.stringify(o, (_k, v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort()) : v));
      const want = expected.map((w) =>
        canon({
          resource: { 'deployment.environment.name': 'test', ...w.r },
          scope: { name: 'butler-sos', version: '9.9.9-test' },
          timeUnixNano: String(BigInt(w.t) * 1000n),
          observedTimeUnixNano: String(BigInt(w.o) * 1000n),
          severityNumber: w.sn,
          severityText: w.st,
          body: w.b,
          attributes: w.a,
        }),
      );
      assert.deepEqual(logs.map(canon).sort(), want.sort());
      for (const r of ep.requests) {
        assert.equal(r.status, 200, r.reason);
        assert.equal(r.contentType, variant.type);
        assert.equal(r.contentEncoding, variant.encoding);
        assert.equal(r.headers['x-api-key'], API_KEY.value);
      }
    } finally {
      await ep.close();
    }
  });

  test(`OTLP contract endpoint (${variant.name}): metrics of every kind arrive as gauges, delta and cumulative sums`, async () => {
    const ep = await startOtlpEndpoint({ requiredHeader: API_KEY });
    try {
      const sent = await sendAll(ep, variant.over);
      const expected = [...sent.entries()].filter(([k]) => k !== 'LOG_EVENTS' && k !== 'USER_EVENTS').flatMap(([, lines]) => lines.map((l) => JSON.parse(l) as PointLine));
      const points = ep.points();
      assert.equal(points.length, expected.length);
      // Within a request points are grouped by resource and metric: compare by (name, attributes).
      const key = (n: string, a: unknown): string => `${n} ${JSON.stringify(a)}`;
      const got = new Map(points.map((p) => [key(p.name, p.attributes), p]));
      for (const want of expected) {
        const p = got.get(key(want.n, want.a));
        assert.ok(p, `${want.n} arrived`);
        const def = METRICS[want.n as keyof typeof METRICS];
        assert.deepEqual(p.resource, { 'deployment.environment.name': 'test', ...want.r });
        assert.equal(p.unit, def.unit);
        assert.equal(p.description, def.description);
        assert.equal(p.valueType, def.vt);
        assert.equal(p.value, want.v);
        assert.equal(p.timeUnixNano, String(BigInt(want.t) * 1000n));
        assert.equal(p.type, def.shape === 'gauge' ? 'gauge' : 'sum');
        if (def.shape !== 'gauge') {
          assert.equal(p.temporality, def.shape === 'delta' ? 1 : 2, want.n);
          assert.equal(p.monotonic, true);
          assert.equal(p.startTimeUnixNano, String(BigInt(want.s ?? 0) * 1000n));
        }
      }
      assert.ok(points.some((p) => p.temporality === 2) && points.some((p) => p.temporality === 1) && points.some((p) => p.type === 'gauge'));
    } finally {
      await ep.close();
    }
  });
}
