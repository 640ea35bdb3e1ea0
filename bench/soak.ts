// `npm run bench -- --soak <minutes>`: steady mixed load (the simulator's source mix) at one rate for a long
// time, in windows of equal length. After each window: sent, received, written and lost in that window (the
// same exact accounting as a ladder step), the collector's RSS, and from its /metrics the V8 heap and the
// event-loop delay of every thread. The result shows whether memory and latency stay flat and nothing is lost.
import type { CollectorRunner } from './collector-runner.js';
import { readRssMb } from './proc-stats.js';
import type { StepContext } from './step-runner.js';
import { runStep } from './step-runner.js';

export interface SoakSample {
  /** Seconds since the soak started, at the end of the window. */
  t_s: number;
  sent: number;
  received: number;
  written: number;
  kernel_drops: number;
  lost_after_socket: number;
  p99_ms: number | null;
  rss_mb: number | null;
  /** Per thread (main, tracker, writer-0, parse-0, ...): V8 heap used, MB. */
  heap_used_mb: Record<string, number>;
  /** Per thread: event-loop delay over the last 5 s, ms (p99 and max). */
  event_loop_p99_ms: Record<string, number>;
  event_loop_max_ms: Record<string, number>;
}

export interface SoakSummary {
  minutes: number;
  rate_per_s: number;
  window_s: number;
  sent: number;
  written: number;
  lost: number;
  rss_first_mb: number | null;
  rss_last_mb: number | null;
  rss_max_mb: number | null;
  /** Least-squares slope of RSS over the second half of the run (warm-up excluded), MB per hour. */
  rss_slope_mb_per_h: number | null;
  heap_first_mb: Record<string, number>;
  heap_last_mb: Record<string, number>;
  event_loop_max_ms: number;
  samples: SoakSample[];
}

/** At most this many windows (the sink's sequence space holds 99 steps). */
const MAX_WINDOWS = 90;

/** Window length: 5 s for short runs, longer ones so the run fits MAX_WINDOWS. */
export function soakWindowS(minutes: number): number {
  return Math.max(5, Math.ceil((minutes * 60) / MAX_WINDOWS));
}

/** `name{labels} value` lines of a Prometheus text exposition → thread label → value, for one metric. */
export function perThread(text: string, metric: string, extra = ''): Record<string, number> {
  const out: Record<string, number> = {};
  const re = new RegExp(`^${metric}\\{([^}]*)\\} (\\S+)$`, 'gm');
  for (const m of text.matchAll(re)) {
    if (extra && !m[1].includes(extra)) continue;
    const thread = /thread="([^"]+)"/.exec(m[1])?.[1];
    if (thread) out[thread] = Number(m[2]);
  }
  return out;
}

const scale = (rec: Record<string, number>, k: number): Record<string, number> =>
  Object.fromEntries(Object.entries(rec).map(([t, v]) => [t, Math.round(v * k * 100) / 100]));

async function scrape(port: number): Promise<string> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/metrics`, { signal: AbortSignal.timeout(5000) });
    return await res.text();
  } catch {
    return '';
  }
}

function slope(points: Array<[number, number]>): number | null {
  if (points.length < 2) return null;
  const n = points.length;
  const mx = points.reduce((a, p) => a + p[0], 0) / n;
  const my = points.reduce((a, p) => a + p[1], 0) / n;
  const sxx = points.reduce((a, p) => a + (p[0] - mx) ** 2, 0);
  if (sxx === 0) return null;
  return points.reduce((a, p) => a + (p[0] - mx) * (p[1] - my), 0) / sxx;
}

export async function runSoak(ctx: StepContext, collector: CollectorRunner, metricsPort: number, minutes: number, rate: number, firstStep: number): Promise<SoakSummary> {
  const windowS = soakWindowS(minutes);
  const windows = Math.min(MAX_WINDOWS, Math.max(1, Math.round((minutes * 60) / windowS)));
  const started = Date.now();
  const samples: SoakSample[] = [];
  for (let w = 0; w < windows; w++) {
    const step = await runStep(ctx, firstStep + w, rate, windowS);
    const text = await scrape(metricsPort);
    const sample: SoakSample = {
      t_s: Math.round((Date.now() - started) / 100) / 10,
      sent: step.sent,
      received: step.received,
      written: step.written,
      kernel_drops: step.kernel_drops,
      lost_after_socket: step.lost_after_socket,
      p99_ms: step.p99_ms,
      rss_mb: readRssMb(collector.pid),
      heap_used_mb: scale(perThread(text, 'butlersos_collector_thread_heap_used_bytes'), 1 / 2 ** 20),
      event_loop_p99_ms: scale(perThread(text, 'butlersos_collector_event_loop_delay_seconds', 'quantile="0.99"'), 1000),
      event_loop_max_ms: scale(perThread(text, 'butlersos_collector_event_loop_delay_seconds', 'quantile="1"'), 1000),
    };
    samples.push(sample);
    console.error(
      `bench: soak ${sample.t_s}s: written ${sample.written}/${sample.sent}, lost ${sample.kernel_drops + sample.lost_after_socket}, rss ${sample.rss_mb} MB, heap ${JSON.stringify(sample.heap_used_mb)}`,
    );
  }
  const rss = samples.map((s) => s.rss_mb).filter((v): v is number => v !== null);
  const half = samples.slice(Math.floor(samples.length / 2)).filter((s) => s.rss_mb !== null);
  const perSecond = slope(half.map((s) => [s.t_s, s.rss_mb as number]));
  return {
    minutes,
    rate_per_s: rate,
    window_s: windowS,
    sent: samples.reduce((a, s) => a + s.sent, 0),
    written: samples.reduce((a, s) => a + s.written, 0),
    lost: samples.reduce((a, s) => a + s.kernel_drops + s.lost_after_socket, 0),
    rss_first_mb: rss[0] ?? null,
    rss_last_mb: rss.at(-1) ?? null,
    rss_max_mb: rss.length > 0 ? Math.max(...rss) : null,
    rss_slope_mb_per_h: perSecond === null ? null : Math.round(perSecond * 3600 * 10) / 10,
    heap_first_mb: samples[0]?.heap_used_mb ?? {},
    heap_last_mb: samples.at(-1)?.heap_used_mb ?? {},
    event_loop_max_ms: Math.max(0, ...samples.flatMap((s) => Object.values(s.event_loop_max_ms))),
    samples,
  };
}
