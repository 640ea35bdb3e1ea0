// Both Prometheus dashboards (PromQL over the collector's /metrics, docs/prometheus.md): Qlik Sense operations
// from the Butler SOS gauges, and the collector's own butlersos_collector_* metrics.
import type { DashboardSpec } from './model.js';

const S = `qs_env=~"$env", server_name=~"$server"`;
const I = `instance=~"$instance"`;
const R = '$__rate_interval';
const by = (labels: string, metric: string, sel = I) => `sum by (${labels}) (rate(${metric}{${sel}}[${R}]))`;

export const prometheusOperations: DashboardSpec = {
  uid: 'butler-sos-qliksense-prometheus',
  title: 'Qlik Sense operations (Butler SOS, Prometheus)',
  description: 'Health per node, proxy sessions per virtual proxy, event throughput and error tracking from the Butler SOS Prometheus endpoint. Log events, user activity and engine performance details are events, not metrics: see the InfluxQL dashboard.',
  ds: 'prometheus',
  tags: ['butler-sos', 'qlik-sense', 'prometheus'],
  variables: [
    { name: 'env', label: 'Environment', query: 'label_values(butlersos_cpu_total, qs_env)', description: 'qs_env server tag (serversToMonitor.serverTagsDefinition)' },
    { name: 'server', label: 'Server', query: 'label_values(butlersos_cpu_total{qs_env=~"$env"}, server_name)', description: 'serversToMonitor.servers[].serverName' },
    { name: 'instance', label: 'Collector', query: 'label_values(butlersos_collector_udp_received_total, instance)', description: 'Scrape target of the collector' },
  ],
  rows: [
    {
      row: 'Health per node',
      panels: [
        { title: 'CPU per server', unit: 'percent', queries: [{ q: `butlersos_cpu_total{${S}}`, legend: '{{server_name}}' }] },
        {
          title: 'Engine memory per server',
          unit: 'bytes',
          queries: [
            { q: `butlersos_mem_committed{${S}}`, legend: '{{server_name}} committed' },
            { q: `butlersos_mem_allocated{${S}}`, legend: '{{server_name}} allocated' },
            { q: `butlersos_mem_free{${S}}`, legend: '{{server_name}} free' },
          ],
        },
        { title: 'Cache hit ratio per server', unit: 'percent', queries: [{ q: `100 * butlersos_cache_hits{${S}} / (butlersos_cache_lookups{${S}} > 0)`, legend: '{{server_name}}' }] },
        {
          title: 'Cache saturated, bytes added',
          queries: [
            { q: `butlersos_cache_saturated{${S}}`, legend: '{{server_name}} saturated' },
            { q: `butlersos_cache_bytes_added{${S}}`, legend: '{{server_name}} bytes added' },
          ],
        },
        {
          title: 'Engine sessions per server',
          queries: [
            { q: `butlersos_session_active{${S}}`, legend: '{{server_name}} active' },
            { q: `butlersos_session_total{${S}}`, legend: '{{server_name}} total' },
          ],
        },
        {
          title: 'Engine users per server',
          queries: [
            { q: `butlersos_users_active{${S}}`, legend: '{{server_name}} active' },
            { q: `butlersos_users_total{${S}}`, legend: '{{server_name}} total' },
          ],
        },
        {
          title: 'Apps loaded, active, in memory',
          queries: [
            { q: `butlersos_apps_loadeddocs_total{${S}}`, legend: '{{server_name}} loaded' },
            { q: `butlersos_apps_activedocs_total{${S}}`, legend: '{{server_name}} active' },
            { q: `butlersos_apps_inmemorydocs_total{${S}}`, legend: '{{server_name}} in memory' },
          ],
        },
        { title: 'Nodes: engine version and start', type: 'table', queries: [{ q: `butlersos_engine_metadata{${S}}`, table: true }] },
      ],
    },
    {
      row: 'User sessions per virtual proxy',
      panels: [
        { title: 'Proxy sessions per virtual proxy', width: 24, queries: [{ q: `butlersos_user_session_total{${S}}`, legend: '{{server_name}} {{user_session_virtual_proxy}}' }] },
      ],
    },
    {
      row: 'Events and rejected events',
      panels: [
        { title: 'Events sent on per second', unit: 'eps', queries: [{ q: by('socket', 'butlersos_collector_events_processed_total'), legend: '{{socket}} events' }] },
        {
          title: 'Events not sent on per second, by reason',
          unit: 'eps',
          description: 'rejected = qix-perf events rejected by the engine performance monitor filters.',
          queries: [{ q: by('socket, reason', 'butlersos_collector_events_skipped_total'), legend: '{{socket}} {{reason}}' }],
        },
      ],
    },
    {
      row: 'Error tracking',
      panels: [
        { title: 'Errors by type', queries: [{ q: `sum by (type) (increase(butlersos_collector_errors_total{${I}}[${R}]))`, legend: '{{type}}' }] },
        { title: 'Errors by category', queries: [{ q: `sum by (category) (increase(butlersos_collector_errors_by_category_total{${I}}[${R}]))`, legend: '{{category}}' }] },
        { title: 'Errors since start by type', type: 'table', queries: [{ q: `sum by (type) (butlersos_collector_errors_total{${I}})`, table: true }] },
        { title: 'Errors since start by category', type: 'table', queries: [{ q: `sum by (category) (butlersos_collector_errors_by_category_total{${I}})`, table: true }] },
      ],
    },
  ],
};

export const prometheusCollector: DashboardSpec = {
  uid: 'butler-sos-collector-prometheus',
  title: 'Butler SOS collector (Prometheus)',
  description: 'The collector itself from /metrics: received and written per second, drops by reason, ring use, parse failures, destination queues, spool, delivery, retries, thread restarts and memory.',
  ds: 'prometheus',
  tags: ['butler-sos', 'collector', 'prometheus'],
  variables: [{ name: 'instance', label: 'Collector', query: 'label_values(butlersos_collector_udp_received_total, instance)', description: 'Scrape target of the collector' }],
  rows: [
    {
      row: 'Throughput',
      panels: [
        { title: 'Datagrams received per second', unit: 'pps', queries: [{ q: by('socket', 'butlersos_collector_udp_received_total'), legend: '{{socket}}' }] },
        { title: 'Lines written per second, per destination', unit: 'wps', queries: [{ q: by('destination', 'butlersos_collector_destination_written_lines_total'), legend: '{{destination}}' }] },
        { title: 'Payload bytes received per second', unit: 'Bps', queries: [{ q: by('socket', 'butlersos_collector_udp_received_bytes_total'), legend: '{{socket}}' }] },
        { title: 'Events sent on per second', unit: 'eps', queries: [{ q: by('socket', 'butlersos_collector_events_processed_total'), legend: '{{socket}}' }] },
      ],
    },
    {
      row: 'Drops and failures',
      panels: [
        { title: 'Datagrams dropped per second, by reason', unit: 'pps', queries: [{ q: by('socket, reason', 'butlersos_collector_udp_dropped_total'), legend: '{{socket}} {{reason}}' }] },
        { title: 'Kernel receive-buffer drops per second', unit: 'pps', queries: [{ q: by('socket', 'butlersos_collector_udp_kernel_drops_total'), legend: '{{socket}}' }] },
        { title: 'Parse failures per second', unit: 'pps', queries: [{ q: by('socket, reason', 'butlersos_collector_events_skipped_total', `${I}, reason=~"failed|unrecognised"`), legend: '{{socket}} {{reason}}' }] },
        { title: 'Lines given up per second, by destination and reason', queries: [{ q: by('destination, reason', 'butlersos_collector_destination_dropped_lines_total'), legend: '{{destination}} {{reason}}' }] },
      ],
    },
    {
      row: 'Ring and parse pool',
      panels: [
        { title: 'Ring use', unit: 'percentunit', queries: [{ q: `butlersos_collector_ring_utilisation_ratio{${I}}`, legend: '{{socket}}' }] },
        { title: 'Parse time per datagram', unit: 's', queries: [{ q: `butlersos_collector_parse_seconds_per_datagram{${I}}`, legend: '{{socket}} {{stat}}' }] },
        { title: 'Slice retries and parse worker crashes per second', queries: [{ q: by('socket', 'butlersos_collector_slice_retries_total'), legend: '{{socket}} retries' }, { q: by('socket', 'butlersos_collector_parse_worker_crashes_total'), legend: '{{socket}} crashes' }] },
        { title: 'Thread restarts (last hour)', queries: [{ q: `sum by (thread) (increase(butlersos_collector_thread_restarts_total{${I}}[1h]))`, legend: '{{thread}}' }] },
      ],
    },
    {
      row: 'Destinations',
      panels: [
        { title: 'Destination up', type: 'stat', width: 8, queries: [{ q: `butlersos_collector_destination_up{${I}}`, legend: '{{destination}}' }] },
        { title: 'Queued and in-flight lines', width: 8, queries: [{ q: `butlersos_collector_destination_queued_lines{${I}}`, legend: '{{destination}} queued' }, { q: `butlersos_collector_destination_in_flight_lines{${I}}`, legend: '{{destination}} in flight' }] },
        { title: 'Spool', unit: 'bytes', width: 8, queries: [{ q: `butlersos_collector_destination_spool_bytes{${I}}`, legend: '{{destination}} bytes' }] },
        {
          title: 'Delivery: seconds since the last accepted write',
          unit: 's',
          description: 'Grows while a destination does not accept writes; a few seconds (the batch interval) when healthy.',
          queries: [{ q: `time() - (butlersos_collector_destination_last_success_timestamp_seconds{${I}} > 0)`, legend: '{{destination}}' }],
        },
        { title: 'Retries and failed batches per second', queries: [{ q: by('destination', 'butlersos_collector_destination_retries_total'), legend: '{{destination}} retries' }, { q: by('destination', 'butlersos_collector_destination_failed_batches_total'), legend: '{{destination}} failed batches' }] },
        { title: 'Spooled and replayed lines per second', queries: [{ q: by('destination', 'butlersos_collector_destination_spooled_lines_total'), legend: '{{destination}} spooled' }, { q: by('destination', 'butlersos_collector_destination_replayed_lines_total'), legend: '{{destination}} replayed' }] },
      ],
    },
    {
      row: 'Memory',
      panels: [
        { title: 'Collector process memory', unit: 'bytes', queries: [{ q: `process_resident_memory_bytes{${I}}`, legend: '{{instance}} resident' }, { q: `process_heap_bytes{${I}}`, legend: '{{instance}} heap' }] },
        { title: 'http thread V8 heap', unit: 'bytes', queries: [{ q: `nodejs_heap_size_used_bytes{${I}}`, legend: '{{instance}} used' }, { q: `nodejs_heap_size_total_bytes{${I}}`, legend: '{{instance}} total' }] },
      ],
    },
  ],
};
