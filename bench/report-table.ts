// The human-readable table the bench prints: one row per step, then the headline figures.
import { IDLE_LIMIT_PCT } from './machine-load.js';
import type { BenchResult, StepResult } from './result.js';

const COLUMNS: { title: string; get: (s: StepResult) => string }[] = [
  { title: 'parse/wr', get: (s) => `${s.parse_workers}/${s.writer_workers}${s.live_clients === undefined ? '' : ` live ${s.live_clients}`}${s.refine ? ' refine' : ''}` },
  { title: 'offered/s', get: (s) => num(s.offered_per_s) },
  { title: 'recv/s', get: (s) => num(s.received_per_s) },
  { title: 'written/s', get: (s) => num(s.written_per_s) },
  { title: 'parsed/s', get: (s) => num(s.parsed_per_s) },
  { title: 'kern drop', get: (s) => `${num(s.kernel_drops)}${pct(s.kernel_drops, s.sent)}` },
  { title: 'ring drop', get: (s) => num(s.ring_drops) },
  { title: 'failed', get: (s) => num(s.collector_failed) },
  { title: 'lost>sock', get: (s) => num(s.lost_after_socket) },
  { title: 'dup', get: (s) => num(s.duplicates) },
  { title: 'p50 ms', get: (s) => num(s.p50_ms) },
  { title: 'p99 ms', get: (s) => num(s.p99_ms) },
  { title: 'cpu col%', get: (s) => num(s.cpu.collector_pct) },
  { title: 'µs/event', get: (s) => num(s.cpu_us_per_event) },
  { title: 'cpu sim%', get: (s) => num(s.cpu.simulator_pct) },
  // While sending: the collector's share and the whole machine's (200 = 2 cores fully busy).
  { title: 'send col%', get: (s) => num(s.cpu.send_phase?.collector_pct ?? null) },
  { title: 'send busy%', get: (s) => num(s.cpu.send_phase?.machine_busy_pct ?? null) },
  // CPU of everything outside the bench, and steal: near 0 on an otherwise idle machine (bench/machine-load.ts).
  { title: 'other%', get: (s) => outside(s.cpu.send_phase?.other_pct ?? null, s.cpu.send_phase?.steal_pct ?? null) },
  { title: 'rss MB', get: (s) => num(s.rss_mb) },
];

function num(x: number | null): string {
  if (x === null) return 'n/a';
  return Number.isInteger(x) ? x.toLocaleString('en-US') : x.toFixed(1);
}

function outside(other: number | null, steal: number | null): string {
  if (other === null || steal === null) return 'n/a';
  return steal > 0 ? `${num(other)}+${num(steal)} steal` : num(other);
}

/** The machine-load line, and a warning when the run was not on an otherwise idle machine. */
function machineLoadLines(r: BenchResult): string[] {
  if (r.machine_idle === null || r.machine_idle === undefined) return [];
  const baseline = outside(r.baseline_other_pct, r.baseline_steal_pct);
  const line = `outside the bench (other processes + steal, % of one core): baseline ${baseline}, highest ${num(r.machine_outside_max_pct)}`;
  if (r.machine_idle) return [`${line}: an otherwise idle machine`];
  return [
    `${line}`,
    `WARNING: the machine was not otherwise idle (over ${IDLE_LIMIT_PCT}% of a core went elsewhere); these figures are not comparable with an idle run.` +
      (r.influxdb_ceiling ? ' (A local InfluxDB counts as elsewhere.)' : ''),
  ];
}

function pct(part: number, whole: number): string {
  return whole > 0 && part > 0 ? ` (${((part / whole) * 100).toFixed(1)}%)` : '';
}

export function stepTable(steps: StepResult[]): string {
  const rows = steps.map((s) => COLUMNS.map((c) => c.get(s)));
  const widths = COLUMNS.map((c, i) => Math.max(c.title.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]): string => cells.map((cell, i) => cell.padStart(widths[i])).join('  ');
  return [line(COLUMNS.map((c) => c.title)), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

export function summaryText(r: BenchResult): string {
  const lines = [
    stepTable(r.steps),
    '',
    `machine: ${r.machine.cpus} × ${r.machine.cpu_model}, ${r.machine.mem_gb} GB, node ${r.machine.node}, kernel ${r.machine.kernel}`,
    `collector: ${r.collector}; destination: ${r.destination}; avg datagram ${r.avg_datagram_bytes} bytes${r.collector_launch ? `; launch: ${r.collector_launch}` : ''}${r.live_client ? `; live clients: ${r.live_client}` : ""}`,
    `baseline (bare dgram receiver, same sender): ${num(r.baseline_dgram_per_s)}/s` + (r.baseline_kernel_drops > 0 ? ` with ${num(r.baseline_kernel_drops)} kernel drops` : '') +
      `, ${num(r.baseline_cpu_us_per_dgram)} µs CPU per datagram`,
    ...machineLoadLines(r),
  ];
  if (r.influxdb_ceiling) {
    const c = r.influxdb_ceiling;
    lines.push(`influxdb ceiling (same lines straight into it, ${c.batch_lines}-line writes): ${num(c.events_per_s)} events/s` +
      ` (${c.runs.map((x) => `${x.concurrency} at once ${num(x.events_per_s)}/s`).join(', ')})${c.error ? `; ${c.error}` : ''}`);
    lines.push(`influxdb_written_per_s: ${num(r.influxdb_written_per_s ?? 0)}   influxdb_written_fraction: ${(r.influxdb_written_fraction ?? 0).toFixed(3)}`);
  }
  for (const run of r.runs) {
    const live = run.live_clients === undefined ? '' : `, ${run.live_clients} live clients`;
    const held = run.collector_held_lines_at_stop ? `; the collector still held ${num(run.collector_held_lines_at_stop)} lines (spool, queues) when it stopped` : '';
    lines.push(`max sustained (parse ${run.parse_workers}, writer ${run.writer_workers}${live}): ${num(run.max_sustained_per_s)}/s${held}`);
  }
  lines.push(`max_sustained_per_s: ${num(r.max_sustained_per_s)}   ratio_to_baseline: ${r.ratio_to_baseline.toFixed(3)}`);
  if (r.audit) lines.push(`audit (Audit.qs API → Parquet, ${r.audit.engine}): ${num(r.audit.accepted_per_s)}/s accepted, ${num(r.audit.accepted)} accepted, ${num(r.audit.written_rows)} written, lost ${num(r.audit.lost)}`);
  return lines.join('\n');
}
