import { Counter, Gauge, type Registry } from 'prom-client';
import type { SnapshotState } from './snapshot-state.js';

// The collector's own metrics (butlersos_collector_*), read at scrape time from the latest totals the other
// threads posted. Totals arrive as absolute values, so each counter is rebuilt from them when scraped; a
// restarted thread starts again from 0, which Prometheus' rate() treats as a counter reset.

type Sample = [labels: Record<string, string>, value: number];
type Read = (s: SnapshotState) => Sample[];

interface Family {
  name: string;
  help: string;
  kind: 'counter' | 'gauge';
  labelNames: string[];
  read: Read;
}

const SOCKETS = ['log', 'user'] as const;

function perSocket<T>(pick: (s: SnapshotState) => Partial<Record<'log' | 'user', T>>, value: (v: T) => number): Read {
  return (s) => {
    const out: Sample[] = [];
    for (const socket of SOCKETS) {
      const v = pick(s)[socket];
      if (v !== undefined) out.push([{ socket }, value(v)]);
    }
    return out;
  };
}

function perSocketReason<T>(pick: (s: SnapshotState) => Partial<Record<'log' | 'user', T>>, reasons: Record<string, (v: T) => number>, label = 'reason'): Read {
  return (s) => {
    const out: Sample[] = [];
    for (const socket of SOCKETS) {
      const v = pick(s)[socket];
      if (v === undefined) continue;
      for (const [reason, get] of Object.entries(reasons)) out.push([{ socket, [label]: reason }, get(v)]);
    }
    return out;
  };
}

function perDestination(value: (d: SnapshotState['destinations'] extends Map<string, infer D> ? D : never) => number): Read {
  return (s) => [...s.destinations.values()].map((d) => [{ destination: d.id }, value(d)]);
}

function perKey(pick: (s: SnapshotState) => Record<string, number> | undefined, label: string): Read {
  return (s) => Object.entries(pick(s) ?? {}).map(([key, value]) => [{ [label]: key }, value]);
}

const rings = (s: SnapshotState) => s.rings;
const parse = (s: SnapshotState) => s.parse;
const latency = (s: SnapshotState) => s.sliceLatency;

export const COLLECTOR_FAMILIES: readonly Family[] = [
  { name: 'butlersos_collector_udp_received_total', help: 'UDP datagrams that passed the source check, per socket.', kind: 'counter', labelNames: ['socket'], read: perSocket(rings, (r) => r.received) },
  { name: 'butlersos_collector_udp_received_bytes_total', help: 'Payload bytes of received UDP datagrams, per socket.', kind: 'counter', labelNames: ['socket'], read: perSocket(rings, (r) => r.receivedBytes) },
  {
    name: 'butlersos_collector_udp_dropped_total',
    help: 'UDP datagrams dropped before parsing, per socket and reason (size, rate_limit, ring_full, source, lost).',
    kind: 'counter',
    labelNames: ['socket', 'reason'],
    read: perSocketReason(rings, {
      size: (r) => r.droppedSize,
      rate_limit: (r) => r.droppedRateLimit,
      ring_full: (r) => r.droppedRingFull,
      source: (r) => r.droppedSource,
      lost: (r) => r.datagramsLost,
    }),
  },
  {
    name: 'butlersos_collector_udp_kernel_drops_total',
    help: 'UDP datagrams the kernel dropped because the socket receive buffer was full (Linux /proc/net/udp), per socket.',
    kind: 'counter',
    labelNames: ['socket'],
    read: perSocket((s) => s.kernelDrops, (n) => n),
  },
  { name: 'butlersos_collector_udp_socket_errors_total', help: 'Error events on the UDP socket.', kind: 'counter', labelNames: ['socket'], read: perSocket(rings, (r) => r.socketErrors) },
  { name: 'butlersos_collector_slices_dispatched_total', help: 'Ring slices handed to the parse pool.', kind: 'counter', labelNames: ['socket'], read: perSocket(rings, (r) => r.slicesDispatched) },
  { name: 'butlersos_collector_slice_retries_total', help: 'Ring slices retried after a failed parse task.', kind: 'counter', labelNames: ['socket'], read: perSocket(rings, (r) => r.sliceRetries) },
  { name: 'butlersos_collector_parse_worker_crashes_total', help: 'Parse tasks rejected because a parse worker exited or threw.', kind: 'counter', labelNames: ['socket'], read: perSocket(rings, (r) => r.workerCrashes) },
  { name: 'butlersos_collector_ring_utilisation_ratio', help: 'Share of the datagram ring in use (0-1).', kind: 'gauge', labelNames: ['socket'], read: perSocket(rings, (r) => (r.capacity > 0 ? r.bytesUsed / r.capacity : 0)) },
  { name: 'butlersos_collector_ring_capacity_bytes', help: 'Size of the datagram ring.', kind: 'gauge', labelNames: ['socket'], read: perSocket(rings, (r) => r.capacity) },
  { name: 'butlersos_collector_parsed_datagrams_total', help: 'Datagrams handled by the parse workers.', kind: 'counter', labelNames: ['socket'], read: perSocket(parse, (p) => p.datagrams) },
  { name: 'butlersos_collector_events_processed_total', help: 'Events that reached at least one destination encoder.', kind: 'counter', labelNames: ['socket'], read: perSocket(parse, (p) => p.processed) },
  {
    name: 'butlersos_collector_events_skipped_total',
    help: 'Datagrams parsed but not sent on, per socket and reason (failed, unrecognised, dropped_by_rule, excluded, rejected).',
    kind: 'counter',
    labelNames: ['socket', 'reason'],
    read: perSocketReason(parse, {
      failed: (p) => p.failed,
      unrecognised: (p) => p.unrecognised,
      dropped_by_rule: (p) => p.droppedByRule,
      excluded: (p) => p.excluded,
      rejected: (p) => p.rejected,
    }),
  },
  {
    name: 'butlersos_collector_parse_seconds_per_datagram',
    help: 'Parse time per datagram over the recent window, per socket and statistic (avg, p95, max).',
    kind: 'gauge',
    labelNames: ['socket', 'stat'],
    read: perSocketReason(latency, { avg: (l) => l.avgMs / 1000, p95: (l) => l.p95Ms / 1000, max: (l) => l.maxMs / 1000 }, 'stat'),
  },
  { name: 'butlersos_collector_destination_written_lines_total', help: 'Lines (points, messages) accepted by the destination.', kind: 'counter', labelNames: ['destination'], read: perDestination((d) => d.writtenLines) },
  { name: 'butlersos_collector_destination_written_batches_total', help: 'Batches accepted by the destination.', kind: 'counter', labelNames: ['destination'], read: perDestination((d) => d.writtenBatches) },
  { name: 'butlersos_collector_destination_retries_total', help: 'Write attempts after the first one.', kind: 'counter', labelNames: ['destination'], read: perDestination((d) => d.retries) },
  { name: 'butlersos_collector_destination_failed_batches_total', help: 'Batches whose first write attempt failed.', kind: 'counter', labelNames: ['destination'], read: perDestination((d) => d.failedBatches) },
  { name: 'butlersos_collector_destination_spooled_lines_total', help: 'Lines written to the disk spool while the destination was down.', kind: 'counter', labelNames: ['destination'], read: perDestination((d) => d.spooledLines ?? 0) },
  { name: 'butlersos_collector_destination_replayed_lines_total', help: 'Lines written to the destination from the disk spool.', kind: 'counter', labelNames: ['destination'], read: perDestination((d) => d.replayedLines ?? 0) },
  { name: 'butlersos_collector_destination_spool_lines', help: 'Lines waiting in the disk spool.', kind: 'gauge', labelNames: ['destination'], read: perDestination((d) => d.spoolLines ?? 0) },
  { name: 'butlersos_collector_destination_spool_bytes', help: 'Bytes the disk spool holds.', kind: 'gauge', labelNames: ['destination'], read: perDestination((d) => d.spoolBytes ?? 0) },
  { name: 'butlersos_collector_destination_in_flight_lines', help: 'Lines in a write that has not answered yet.', kind: 'gauge', labelNames: ['destination'], read: perDestination((d) => d.inFlightLines ?? 0) },
  { name: 'butlersos_collector_destination_last_success_timestamp_seconds', help: 'Unix time of the last accepted write (0 before the first).', kind: 'gauge', labelNames: ['destination'], read: perDestination((d) => (d.lastSuccessAt ?? 0) / 1000) },
  {
    name: 'butlersos_collector_destination_dropped_lines_total',
    help: 'Lines given up, per destination and reason.',
    kind: 'counter',
    labelNames: ['destination', 'reason'],
    read: (s) => [...s.destinations.values()].flatMap((d) => Object.entries(d.droppedLines).map(([reason, n]): Sample => [{ destination: d.id, reason }, n])),
  },
  { name: 'butlersos_collector_destination_queued_lines', help: 'Lines waiting in the destination queue.', kind: 'gauge', labelNames: ['destination'], read: perDestination((d) => d.queuedLines) },
  { name: 'butlersos_collector_destination_up', help: '1 when the last write to the destination succeeded, else 0.', kind: 'gauge', labelNames: ['destination'], read: perDestination((d) => (d.up ? 1 : 0)) },
  { name: 'butlersos_collector_errors_total', help: 'Errors counted by the error tracker since start, per error type.', kind: 'counter', labelNames: ['type'], read: perKey((s) => s.errors?.byType, 'type') },
  { name: 'butlersos_collector_errors_by_category_total', help: 'Errors counted by the error tracker since start, per category.', kind: 'counter', labelNames: ['category'], read: perKey((s) => s.errors?.byCategory, 'category') },
  { name: 'butlersos_collector_error_reports_invalid_total', help: 'Error reports the tracker rejected as unusable.', kind: 'counter', labelNames: [], read: (s) => (s.errors ? [[{}, s.errors.invalidReports]] : []) },
  { name: 'butlersos_collector_thread_restarts_total', help: 'Restarts of a dedicated thread after it ended unexpectedly.', kind: 'counter', labelNames: ['thread'], read: perKey((s) => s.threadRestarts, 'thread') },
];

/** Registers every collector family in `registry`, each reading `state` when scraped. */
export function registerCollectorMetrics(registry: Registry, state: SnapshotState): void {
  for (const f of COLLECTOR_FAMILIES) {
    const read = f.read;
    const common = { name: f.name, help: f.help, labelNames: f.labelNames, registers: [registry] };
    if (f.kind === 'counter') {
      new Counter({
        ...common,
        collect(this: Counter<string>) {
          this.reset();
          // Counters never go below 0; a negative total would be a producer bug, shown as 0 rather than failing the scrape.
          for (const [labels, value] of read(state)) this.inc(labels, Math.max(0, value));
        },
      });
    } else {
      new Gauge({
        ...common,
        collect(this: Gauge<string>) {
          this.reset();
          for (const [labels, value] of read(state)) this.set(labels, value);
        },
      });
    }
  }
}
