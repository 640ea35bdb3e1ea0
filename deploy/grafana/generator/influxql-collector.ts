// Collector self-monitoring, InfluxQL: the ingest metrics of the UDP sockets (log_events_queue,
// user_events_queue, default measurement names) and the collector's memory (butlersos_memory_usage).
// Destination queues, spool, delivery and thread restarts exist only on /metrics (collector-prometheus.ts).
import type { DashboardSpec } from './model.js';

const Q = `/^(log_events_queue|user_events_queue)$/`;
const W = `"qs_env" =~ /^$env$/ AND "host" =~ /^$instance$/ AND $timeFilter`;
// Counters are "since the last successful write", so a sum per bucket divided by the bucket is a rate.
const PER_S = '* 1000 / $__interval_ms';
const BY = 'GROUP BY time($__interval), "queue_type" fill(0)';

export const influxqlCollector: DashboardSpec = {
  uid: 'butler-sos-collector-influxql',
  title: 'Butler SOS collector (InfluxQL)',
  description: 'The collector itself: UDP datagrams received and processed, drops by reason, ring use, parse failures and time, memory.',
  ds: 'influxdb',
  tags: ['butler-sos', 'collector', 'influxql'],
  variables: [
    { name: 'env', label: 'Environment', query: 'SHOW TAG VALUES FROM "log_events_queue" WITH KEY = "qs_env"', description: 'qs_env tag of udpServerConfig.queueMetrics.influxdb.tags' },
    { name: 'instance', label: 'Collector host', query: 'SHOW TAG VALUES FROM "log_events_queue" WITH KEY = "host" WHERE "qs_env" =~ /^$env$/', description: 'Host name of the machine running the collector' },
    { name: 'butler_instance', label: 'Instance tag', query: 'SHOW TAG VALUES FROM "butlersos_memory_usage" WITH KEY = "butler_sos_instance"', description: 'uptimeMonitor.storeInInfluxdb.instanceTag' },
  ],
  rows: [
    {
      row: 'Throughput',
      panels: [
        { title: 'Datagrams received per second', unit: 'pps', queries: [{ q: `SELECT sum("messages_received") ${PER_S} AS "received" FROM ${Q} WHERE ${W} ${BY}`, legend: '$tag_queue_type' }] },
        { title: 'Datagrams processed per second', unit: 'pps', queries: [{ q: `SELECT sum("messages_processed") ${PER_S} AS "processed" FROM ${Q} WHERE ${W} ${BY}`, legend: '$tag_queue_type' }] },
        { title: 'Payload bytes received per second', unit: 'Bps', queries: [{ q: `SELECT sum("bytes_received") ${PER_S} FROM ${Q} WHERE ${W} ${BY}`, legend: '$tag_queue_type' }] },
        {
          title: 'Events accepted per second (event_count)',
          unit: 'eps',
          queries: [{ q: `SELECT sum("counter") ${PER_S} FROM "event_count" WHERE "qs_env" =~ /^$env$/ AND $timeFilter GROUP BY time($__interval), "event_type" fill(0)`, legend: '$tag_event_type' }],
        },
      ],
    },
    {
      row: 'Drops and failures',
      panels: [
        {
          title: 'Dropped datagrams by reason',
          description: 'size: larger than maxMessageSize; rate limit; ring full; source: sender not allowed. Kernel receive-buffer drops are not in InfluxDB (see docs/dashboards.md).',
          queries: [
            {
              q: `SELECT sum("messages_dropped_size") AS "size", sum("messages_dropped_rate_limit") AS "rate limit", sum("messages_dropped_queue_full") AS "ring full", sum("messages_dropped_source") AS "source" FROM ${Q} WHERE ${W} ${BY}`,
              legend: '$tag_queue_type $col',
            },
          ],
        },
        {
          title: 'Parse failures and skipped events',
          queries: [
            {
              q: `SELECT sum("parse_failures") AS "parse failures", sum("messages_failed") AS "failed", sum("worker_crashes") AS "worker crashes", sum("messages_dropped_rule") AS "dropped by rule", sum("messages_excluded") AS "excluded users", sum("messages_rejected") AS "rejected qix-perf" FROM ${Q} WHERE ${W} ${BY}`,
              legend: '$tag_queue_type $col',
            },
          ],
        },
      ],
    },
    {
      row: 'Ring and parse pool',
      panels: [
        { title: 'Ring use', unit: 'percent', queries: [{ q: `SELECT max("ring_utilisation_pct") AS "peak", mean("queue_utilization_pct") AS "at write" FROM ${Q} WHERE ${W} ${BY}`, legend: '$tag_queue_type $col' }] },
        { title: 'Datagrams waiting and being parsed', queries: [{ q: `SELECT max("queue_size") AS "in ring", max("queue_running") AS "being parsed" FROM ${Q} WHERE ${W} ${BY}`, legend: '$tag_queue_type $col' }] },
        { title: 'Parse time per datagram', unit: 'ms', queries: [{ q: `SELECT mean("processing_time_avg_ms") AS "avg", max("processing_time_p95_ms") AS "p95", max("processing_time_max_ms") AS "max" FROM ${Q} WHERE ${W} ${BY}`, legend: '$tag_queue_type $col' }] },
        { title: 'Back-pressure and rate limit', queries: [{ q: `SELECT max("backpressure_active") AS "back-pressure", max("rate_limit_current") AS "messages/min in window" FROM ${Q} WHERE ${W} ${BY}`, legend: '$tag_queue_type $col' }] },
      ],
    },
    {
      row: 'Memory',
      panels: [
        {
          title: 'Collector memory',
          unit: 'decmbytes',
          width: 24,
          queries: [
            {
              q: `SELECT mean("process_memory") AS "resident", mean("heap_used") AS "heap used", mean("heap_total") AS "heap total", mean("external") AS "external" FROM "butlersos_memory_usage" WHERE "butler_sos_instance" =~ /^$butler_instance$/ AND $timeFilter GROUP BY time($__interval), "butler_sos_instance" fill(none)`,
              legend: '$tag_butler_sos_instance $col',
            },
          ],
        },
      ],
    },
  ],
};
