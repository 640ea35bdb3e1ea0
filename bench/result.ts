// The bench's output shape (`--json FILE`). Field names are part of the contract; the ones in
// snake_case are what docs and tests refer to.
import type { CeilingResult } from './sink/ceiling.js';

export interface ThreadCpuPct {
  tid: number;
  name: string;
  cpu_pct: number;
}

export interface StepResult {
  /** Rate asked of the sender. */
  requested_per_s: number;
  /** Rate the sender achieved (datagrams sent / send time). */
  offered_per_s: number;
  /** Datagrams the collector's sockets read (kernel InDatagrams delta) per second of send time. */
  received_per_s: number;
  /** Distinct events that reached the destination per second (send start → last arrival). */
  written_per_s: number;
  /** Events the collector reports processed (queue metrics), per second of send time; null if not reported. */
  parsed_per_s: number | null;
  sent: number;
  received: number;
  written: number;
  duplicates: number;
  /** UDP receive-buffer overflows (RcvbufErrors delta): lost before the collector saw them. */
  kernel_drops: number;
  /** Datagrams the collector reports as failed (queue metrics messages_failed); null if not reported. */
  collector_failed: number | null;
  /** Datagrams the collector says it received (queue metrics messages_received); null if not reported. */
  collector_received: number | null;
  /** Datagrams the collector dropped because its ring was full (queue metrics); null if not reported. */
  ring_drops: number | null;
  /** Read from the socket but not written by the end of the step's drain: received − written (0 when nothing is lost). */
  lost_after_socket: number;
  /**
   * Set once the collector has stopped: events of this step that reached the sink after the drain ended (a
   * destination slower than the load, the collector's own stop writing what it queued), and those that never did.
   */
  written_after_drain?: number;
  lost_at_stop?: number;
  p50_ms: number | null;
  p99_ms: number | null;
  latency_samples: number;
  /** Collector peak RSS so far (VmHWM). */
  rss_mb: number | null;
  parse_workers: number | 'auto';
  writer_workers: number;
  /**
   * A step after the ladder, between its highest lossless rate and its lowest lossy one (--refine). It runs
   * after a faster step, so its `rss_mb` (a peak) includes that step's.
   */
  refine?: boolean;
  /** Browsers on the live console during the step (--live-clients). */
  live_clients?: number;
  duration_s: number;
  drain_s: number;
  /**
   * Collector CPU time (every thread, user + system) over send and drain, per event received, in µs; null
   * when /proc is not readable. Compare with `baseline_cpu_us_per_dgram`.
   */
  cpu_us_per_event: number | null;
  cpu: {
    collector_pct: number | null;
    simulator_pct: number | null;
    bench_and_sink_pct: number | null;
    collector_threads: ThreadCpuPct[];
    /**
     * While datagrams were sent (the figures above also cover the drain): the whole machine's busy share (all
     * processes and the kernel, percent of one core: 200 = both cores of 2), the collector's, and per thread.
     */
    send_phase: {
      machine_busy_pct: number | null;
      /**
       * CPU of processes outside the bench (not the collector, simulator, bench or sink; interrupts left out)
       * and steal, percent of one core (bench/machine-load.ts); null without /proc.
       */
      other_pct: number | null;
      steal_pct: number | null;
      collector_pct: number | null;
      collector_threads: ThreadCpuPct[];
    };
  };
  sender_errors: number;
}

export interface RunConfigResult {
  parse_workers: number | 'auto';
  writer_workers: number;
  live_clients?: number;
  max_sustained_per_s: number;
  steps: StepResult[];
  /**
   * Lines the collector still held for its destinations when the bench stopped it (disk spool and queues), from
   * its shutdown summary; null when it logs none (the mock). The bench stops waiting for a step after maxDrain, so
   * a destination slower than the load (a real InfluxDB on the same cores) leaves lines there that the bench
   * counts as lost after the socket, although a collector keeps its spool for its next start.
   */
  collector_held_lines_at_stop: number | null;
  collector_exit_code: number | null;
  collector_problems: unknown[];
}

export interface BenchResult {
  version: 1;
  /** The audit step (bench/audit-step.ts); absent when skipped. */
  audit?: import('./audit-step.js').AuditStepResult;
  command: string;
  started_at: string;
  machine: { cpus: number; cpu_model: string; mem_gb: number; node: string; kernel: string };
  collector: 'real' | 'mock';
  /** Set when --live-clients ran: what the clients were (headless Chromium pages or plain WebSocket clients). */
  live_client?: 'browser' | 'ws';
  /** Set when --entry ran another build than dist/src/main.js. */
  collector_entry?: string;
  /** Set when --node-args passed node flags to the collector (profiling runs are not comparable). */
  collector_node_args?: string;
  /** deployed: run with the shipped launchers' environment (src/ops/launch-env.ts); plain: without. */
  collector_launch?: 'deployed' | 'plain';
  /** Set when --set changed collector settings over the bench config (dotted key → value). */
  collector_settings?: Record<string, unknown>;
  destination: 'bench-sink' | string;
  /** Seconds of unreported load at the first rate after each collector start (--warmup). */
  warmup_s: number;
  baseline_dgram_per_s: number;
  baseline_kernel_drops: number;
  /** CPU time of the bare receiver process per datagram it counted, µs (null without /proc). */
  baseline_cpu_us_per_dgram: number | null;
  /** Outside load while the baseline ran (as `steps[].cpu.send_phase.other_pct`, `steal_pct`). */
  baseline_other_pct: number | null;
  baseline_steal_pct: number | null;
  /**
   * The highest outside load (other + steal) of the baseline and every step's send phase, and whether it stayed
   * within bench/machine-load.ts IDLE_LIMIT_PCT: the figures are for an otherwise idle machine.
   * null without /proc.
   */
  machine_outside_max_pct: number | null;
  machine_idle: boolean | null;
  max_sustained_per_s: number;
  ratio_to_baseline: number;
  avg_datagram_bytes: number;
  steps: StepResult[];
  runs: RunConfigResult[];
  /**
   * --influxdb: the same lines replayed straight into that InfluxDB after the collector runs (sink/ceiling.ts),
   * and the collector's best written rate (written_per_s of any step) as a fraction of its events_per_s.
   */
  influxdb_ceiling?: CeilingResult;
  influxdb_written_per_s?: number;
  influxdb_written_fraction?: number;
}

/**
 * The highest rate taken in and written with nothing lost after the socket: the received rate of the best
 * step with zero loss after the socket and no ring drops. 0 when no step qualifies.
 */
export function maxSustained(steps: StepResult[]): number {
  let best = 0;
  for (const s of steps) {
    if (s.lost_after_socket === 0 && (s.ring_drops ?? 0) === 0 && s.written > 0) best = Math.max(best, s.received_per_s);
  }
  return best;
}
