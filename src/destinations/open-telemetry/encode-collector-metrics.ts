// The collector's own data → OTel metric data points on the `butler-sos` resource: rejected qix-perf counts,
// UDP queue metrics, memory and counted errors (docs/open-telemetry.md#metrics).
import type { PublishedData } from '../../publish/published-data.js';
import type { RecordOut } from '../../publish/encoding.js';
import { pointsOf } from './point-writer.js';
import type { ResourceAttrs } from './resources.js';
import type { Attributes } from './records.js';

export function rejectedCountEncoder(resource: ResourceAttrs, intervalMs: number) {
  return ({ row, timeUs }: PublishedData['REJECTED_EVENT_COUNTS'], out: RecordOut): void => {
    const p = pointsOf(out, resource, timeUs, timeUs - intervalMs * 1000);
    const a = {
      'qlik_sense.app_id': row.appId,
      'qlik_sense.app_name': row.appName,
      'qlik_sense.qix_perf.method': row.method,
      'qlik_sense.qix_perf.object_type': row.objectType,
    };
    p('qlik_sense.qix_perf.rejected', row.counter, a);
    p('qlik_sense.qix_perf.rejected.process_time', row.processTime, a);
  };
}

/** `intervalMs` of each socket: {logEvents,userEvents}.udpServerConfig.queueMetrics.influxdb.writeFrequency. */
export function queueMetricsEncoder(appVersion: string, intervalMs: { log: number; user: number }) {
  return ({ sample: q, timeUs }: PublishedData['QUEUE_METRICS'], out: RecordOut): void => {
    // The audit API's queue point belongs to InfluxDB (auditEvents.queue.queueMetrics.influxdb, as in v15).
    if (q.socket === 'audit') return;
    const r = { 'service.name': 'butler-sos', 'service.version': appVersion, 'host.name': q.hostname };
    const p = pointsOf(out, r, timeUs, timeUs - intervalMs[q.socket] * 1000);
    const a = { 'butler_sos.socket': q.socket };
    p('butler_sos.udp.queue.size', q.queueSize, a);
    p('butler_sos.udp.queue.capacity', q.queueMaxSize, a);
    p('butler_sos.udp.queue.utilization', q.queueUtilizationPct, a);
    p('butler_sos.udp.queue.peak_utilization', q.ringUtilisationPct, a);
    p('butler_sos.udp.queue.running', q.queueRunning, a);
    p('butler_sos.udp.backpressure', q.backpressureActive ? 1 : 0, a);
    p('butler_sos.udp.rate_limit.current', q.rateLimitCurrent, a);
    p('butler_sos.udp.processing_time.avg', q.processingTimeAvgMs, a);
    p('butler_sos.udp.processing_time.p95', q.processingTimeP95Ms, a);
    p('butler_sos.udp.processing_time.max', q.processingTimeMaxMs, a);
    const outcomes: Array<[string, number]> = [
      ['received', q.messagesReceived],
      ['queued', q.messagesQueued],
      ['processed', q.messagesProcessed],
      ['failed', q.messagesFailed],
      ['dropped_rate_limit', q.messagesDroppedRateLimit],
      ['dropped_queue_full', q.messagesDroppedQueueFull],
      ['dropped_size', q.messagesDroppedSize],
      ['dropped_source', q.messagesDroppedSource],
      ['parse_failed', q.parseFailures],
      ['dropped_rule', q.messagesDroppedRule],
      ['excluded', q.messagesExcluded],
      ['rejected', q.messagesRejected],
    ];
    for (const [outcome, n] of outcomes) p('butler_sos.udp.messages', n, { ...a, 'butler_sos.outcome': outcome });
    p('butler_sos.udp.received', q.bytesReceived, a);
    p('butler_sos.parse.worker_crashes', q.workerCrashes, a);
  };
}

export function memoryEncoder(resource: ResourceAttrs) {
  return ({ sample, uptimeMs, timeUs }: PublishedData['BUTLER_MEMORY'], out: RecordOut): void => {
    const p = pointsOf(out, resource, timeUs);
    p('butler_sos.memory.heap_used', sample.heapUsed);
    p('butler_sos.memory.heap_total', sample.heapTotal);
    p('butler_sos.memory.external', sample.external);
    p('butler_sos.memory.rss', sample.rss);
    p('butler_sos.uptime', uptimeMs / 1000);
  };
}

/** One point of value 1 per counted error; its interval is the instant of the error. */
export function errorEncoder(resource: ResourceAttrs) {
  return ({ report, category }: PublishedData['ERROR_EVENTS'], out: RecordOut): void => {
    const atUs = report.at * 1000;
    const a: Attributes = { 'error.type': report.type, 'butler_sos.error.category': category };
    if (report.module) a['butler_sos.error.module'] = report.module;
    if (report.serverName) a['qlik_sense.server.name'] = report.serverName;
    if (report.host) a['server.address'] = report.host;
    if (report.virtualProxy) a['qlik_sense.virtual_proxy'] = report.virtualProxy;
    if (report.destinationHost) a['butler_sos.destination.host'] = report.destinationHost;
    pointsOf(out, resource, atUs, atUs)('butler_sos.errors', 1, a);
  };
}
