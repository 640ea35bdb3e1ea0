// Metric updates that other threads post on the instance's `metrics` BroadcastChannel
// (channelNames(instanceId).metrics). The http thread owns the prom-client registry and applies them; the
// senders never wait for it. Every message is small, plain data and self-describing (`t`).

/** Prometheus label name → value. */
export type MetricLabels = Record<string, string>;

/**
 * The butlersos_* health gauges of docs/prometheus.md#butler-sos-gauges (without engine_metadata), keyed by metric
 * name.
 */
export type HealthGaugeValues = Record<string, number>;

/**
 * One successful engine health poll of one server. The http thread sets every health gauge and the
 * engine_metadata series; a server that stops sending these goes stale and its series are removed.
 */
export interface HealthPollMessage {
  t: 'health-poll';
  /** serversToMonitor.servers[].serverName: the key under which this server's series are tracked. */
  server: string;
  /** Server tags (host, server_name, server_description, custom tags) as labels. */
  labels: MetricLabels;
  /** Gauge name → value, e.g. { butlersos_cpu_total: 3 }. Memory already in bytes. */
  values: HealthGaugeValues;
  engine: { version: string; started: string };
  /** Epoch ms of the poll. */
  at: number;
}

/** One successful proxy session poll of one server and virtual proxy → butlersos_user_session_total. */
export interface SessionPollMessage {
  t: 'session-poll';
  server: string;
  virtualProxy: string;
  /** Server tags plus user_session_virtual_proxy and user_session_host. */
  labels: MetricLabels;
  sessionCount: number;
  at: number;
}

/** Generic gauge updates for metrics that have no dedicated message; the gauge is created on first use. */
export interface GaugeSetMessage {
  t: 'gauge-set';
  items: Array<{ name: string; help?: string; labels: MetricLabels; value: number }>;
}

/** Per UDP socket: the ring's control-word counters (cumulative since start, 32-bit wrapping). */
export interface RingSnapshot {
  received: number;
  receivedBytes: number;
  droppedSize: number;
  droppedRateLimit: number;
  droppedRingFull: number;
  droppedSource: number;
  /** Datagrams of slices given up after the last retry. */
  datagramsLost: number;
  slicesDispatched: number;
  sliceRetries: number;
  workerCrashes: number;
  socketErrors: number;
  bytesUsed: number;
  capacity: number;
}

/** Per UDP socket: what the parse workers reported (cumulative since start). */
export interface ParseSnapshot {
  datagrams: number;
  processed: number;
  failed: number;
  unrecognised: number;
  droppedByRule: number;
  excluded: number;
  rejected: number;
}

/** One destination's delivery counters (a writer's DeliveryStats fits). */
export interface DestinationSnapshot {
  id: string;
  up: boolean;
  writtenLines: number;
  writtenBatches: number;
  retries: number;
  failedBatches: number;
  droppedLines: Record<string, number>;
  queuedLines: number;
  /** Lines handed to the disk spool so far, when the destination has one. */
  spooledLines?: number;
  /** Lines written to the destination from the spool so far. */
  replayedLines?: number;
  /** Lines waiting in the spool now. */
  spoolLines?: number;
  /** Bytes the spool holds on disk now. */
  spoolBytes?: number;
  /** Lines in a write that has not answered yet. */
  inFlightLines?: number;
  /** Epoch ms of the last accepted write, 0 before the first. */
  lastSuccessAt?: number;
}

/** Error tracker totals since start (an ErrorCountsSnapshot's `sinceStart` plus invalidReports fits). */
export interface ErrorsSnapshot {
  byType: Record<string, number>;
  byCategory: Record<string, number>;
  invalidReports: number;
}

/** Parse time per datagram over a recent window, per socket. */
export interface SliceLatencySnapshot {
  avgMs: number;
  p95Ms: number;
  maxMs: number;
}

/**
 * The collector's own totals. Every part is optional and replaces the previous value of that part only,
 * so different threads can post the parts they own (tracker: parse/errors/rings, writers: destinations,
 * supervisor: threadRestarts, kernelDrops). Destinations merge by id.
 */
export interface CollectorSnapshot {
  rings?: Partial<Record<'log' | 'user', RingSnapshot>>;
  parse?: Partial<Record<'log' | 'user', ParseSnapshot>>;
  sliceLatency?: Partial<Record<'log' | 'user', SliceLatencySnapshot>>;
  destinations?: DestinationSnapshot[];
  errors?: ErrorsSnapshot;
  /** Thread name → restarts after a crash. */
  threadRestarts?: Record<string, number>;
  /** Per UDP socket: datagrams the kernel dropped for a full receive buffer (cumulative, /proc/net/udp). */
  kernelDrops?: Partial<Record<'log' | 'user', number>>;
}

export interface CollectorMetricsMessage {
  t: 'collector';
  snapshot: CollectorSnapshot;
}

export type MetricsMessage = HealthPollMessage | SessionPollMessage | GaugeSetMessage | CollectorMetricsMessage;
