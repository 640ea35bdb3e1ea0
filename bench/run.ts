#!/usr/bin/env node
// `npm run bench -- --help`. Starts the simulator, measures the bare-dgram baseline, starts the bench sink and
// the collector (per worker configuration of a sweep), drives the rate ladder and reports every step
// (report-table.ts on stdout, --json, --svg). See docs/benchmarks.md for how to read the figures.

import dgram from 'node:dgram';
import net from 'node:net';
import { existsSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { applySetting, benchOptions, BENCH_FLAGS, type BenchOptions, type WorkerConfig } from './bench-options.js';
import { measureBaseline } from './baseline.js';
import { machineVerdict } from './machine-load.js';
import { refine } from './refine.js';
import { CliError, helpText } from './cli-args.js';
import { benchCollectorConfig } from './collector-config.js';
import { CollectorRunner } from './collector-runner.js';
import { renderSvg } from './report-svg.js';
import { summaryText } from './report-table.js';
import { maxSustained, type BenchResult, type RunConfigResult, type StepResult } from './result.js';
import { SimDriver } from './sim-driver.js';
import type { SenderTarget } from './sim/sender.js';
import { MAX_RUN_ID } from './sim/sequence-token.js';
import { BenchSink } from './sink/bench-sink.js';
import { STEP_SPAN } from './sink/seq-tracker.js';
import { runStep } from './step-runner.js';
import { runAuditStep } from './audit-step.js';
import { openLiveClients, type LiveClients } from './live-clients.js';
import { renderSoakSvg } from './report-soak-svg.js';
import { runSoak } from './soak.js';

const USAGE = `Usage: npm run bench -- [flags]

Runs the collector against the Qlik Sense simulator on loopback and reports throughput, loss and latency.`;

/** Seq range of the baseline run: the last step slot, never used by a step. */
const BASELINE_STEP = 99;

/** The ceiling replay: 5,000-line plain writes (InfluxDB's advice), 1, 2 and 4 at once, ≥ 2 s each. */
const CEILING_OPTIONS = { concurrency: [1, 2, 4], batchLines: 5000, minSeconds: 2, maxPasses: 4 };

async function freeUdpPort(): Promise<number> {
  const s = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => s.bind(0, '127.0.0.1', () => resolve()));
  const port = s.address().port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

async function freeTcpPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function collectorEntry(kind: 'real' | 'mock', override?: string): string {
  const entry = override ? resolve(override) : fileURLToPath(new URL(kind === 'real' ? '../src/main.js' : './mock-collector.js', import.meta.url));
  if (!existsSync(entry)) throw new CliError(`collector entry ${entry} not found; build it (npm run build) or use --collector mock`);
  return entry;
}

/** A step that lost data after the socket, or a sender that could not reach the rate, ends the ladder. */
function ladderEnds(s: StepResult): string | null {
  if (s.lost_after_socket > Math.max(10, s.received * 0.005)) return `lost ${s.lost_after_socket} after the socket`;
  if ((s.ring_drops ?? 0) > 0) return `ring dropped ${s.ring_drops}`;
  if (s.offered_per_s < s.requested_per_s * 0.8) return `the sender reached only ${s.offered_per_s}/s`;
  return null;
}

/**
 * After the collector stopped: what each step's events did after the bench stopped waiting for them (maxDrain). A
 * destination slower than the load (a real InfluxDB on the same cores) is still being written to, and the
 * collector's stop writes what it queued; only what never arrived is lost.
 */
async function countLateArrivals(sink: BenchSink, steps: StepResult[], ids: Map<StepResult, number>): Promise<void> {
  for (const step of steps) {
    const id = ids.get(step);
    if (id === undefined) continue;
    const unique = (await sink.snapshot(id)).step.unique;
    step.written_after_drain = Math.max(0, unique - step.written);
    step.lost_at_stop = Math.max(0, step.received - unique);
    if (step.lost_after_socket > 0) {
      console.error(`bench:   ${step.requested_per_s}/s: of the ${step.lost_after_socket} lost after the socket, ${step.written_after_drain} arrived after the bench stopped waiting (up to the collector's stop), ${step.lost_at_stop} never`);
    }
  }
}

interface Shared {
  opts: BenchOptions;
  sim: SimDriver;
  sink: BenchSink;
  target: SenderTarget;
  nextStep: number;
}

async function runConfig(sh: Shared, cfg: WorkerConfig): Promise<RunConfigResult> {
  const { opts, target } = sh;
  const webConsolePort = cfg.liveClients === undefined ? undefined : await freeTcpPort();
  const config = benchCollectorConfig({
    webConsolePort,
    logPort: target.logPort, userPort: target.userPort, influxHost: '127.0.0.1', influxPort: sh.sink.port, dbName: 'butlersos_bench',
    parseWorkers: cfg.parse, writerWorkers: cfg.writer, udpReceiveBufferBytes: opts.rcvbuf, logRingBytes: opts.ringBytes,
  });
  for (const [key, value] of opts.settings) applySetting(config, key, value);
  const live = cfg.liveClients === undefined ? '' : ` and ${cfg.liveClients} live clients`;
  console.error(`bench: starting ${opts.collector} collector with parse=${cfg.parse} writer=${cfg.writer}${live}`);
  const collector = await CollectorRunner.start(collectorEntry(opts.collector, opts.entry), config, undefined, opts.nodeArgs, opts.launch);
  const steps: StepResult[] = [];
  const stepIds = new Map<StepResult, number>();
  let exitCode: number | null = null;
  let browsers: LiveClients | null = null;
  try {
    if (cfg.liveClients) browsers = await openLiveClients(`http://127.0.0.1:${webConsolePort}/live`, cfg.liveClients, opts.liveClientKind);
    const stepContext = { sim: sh.sim, sink: sh.sink, target, collectorPid: collector.pid, parseWorkers: cfg.parse, writerWorkers: cfg.writer, settleMs: opts.settleMs, maxDrainMs: opts.maxDrainMs };
    if (opts.warmupS > 0 && opts.rates.length > 0) {
      const w = await runStep(stepContext, sh.nextStep++, opts.rates[0], opts.warmupS);
      console.error(`bench:   warm-up ${opts.warmupS} s at ${opts.rates[0]}/s (not reported): received ${w.received_per_s}/s, lost after socket ${w.lost_after_socket}`);
    }
    const measured = async (rate: number): Promise<StepResult> => {
      const id = sh.nextStep++;
      const step = await runStep(stepContext, id, rate, opts.durationS);
      stepIds.set(step, id);
      if (cfg.liveClients !== undefined) step.live_clients = browsers ? await browsers.connected() : 0;
      return step;
    };
    for (const rate of opts.rates) {
      const step = await measured(rate);
      steps.push(step);
      console.error(`bench:   ${rate}/s → offered ${step.offered_per_s}/s, received ${step.received_per_s}/s, written ${step.written_per_s}/s, kernel drops ${step.kernel_drops}, lost after socket ${step.lost_after_socket}, p99 ${step.p99_ms} ms`);
      const reason = ladderEnds(step);
      if (reason !== null && !opts.keepGoing) {
        console.error(`bench:   ladder ends: ${reason}`);
        break;
      }
    }
    await refine(steps, opts.refineSteps, async (rate) => {
      const step = await measured(rate);
      step.refine = true;
      console.error(`bench:   refine ${rate}/s → received ${step.received_per_s}/s, written ${step.written_per_s}/s, lost after socket ${step.lost_after_socket}, ring drops ${step.ring_drops ?? 'n/a'}`);
      return step;
    });
  } finally {
    await browsers?.close();
    exitCode = await collector.stop();
  }
  const distinct = [...new Set(collector.problems.map((p) => `${String(p.msg)}${p.err ? ` (${JSON.stringify(p.err).slice(0, 120)})` : ''}`))];
  for (const text of distinct.slice(0, 5)) console.error(`bench:   collector logged: ${text}`);
  await countLateArrivals(sh.sink, steps, stepIds);
  const held = collector.heldAtStop();
  if (held) console.error(`bench:   the collector still held ${held} lines for its destination when it stopped (disk spool and queues, kept for its next start)`);
  return {
    collector_held_lines_at_stop: held,
    parse_workers: cfg.parse, writer_workers: cfg.writer, ...(cfg.liveClients === undefined ? {} : { live_clients: cfg.liveClients }), max_sustained_per_s: maxSustained(steps), steps,
    collector_exit_code: exitCode, collector_problems: collector.problems.slice(0, 20),
  };
}

/** --influxdb: the same lines straight into that server; the collector's best written rate as a fraction of it. */
async function influxCeiling(sink: BenchSink, steps: StepResult[]): Promise<Pick<BenchResult, 'influxdb_ceiling' | 'influxdb_written_per_s' | 'influxdb_written_fraction'>> {
  console.error('bench: InfluxDB ceiling (the captured lines replayed straight into it)');
  const ceiling = await sink.ceiling(`butlersos_bench_ceiling_${process.pid}`, CEILING_OPTIONS);
  if (!ceiling) return {};
  const written = Math.max(0, ...steps.map((s) => s.written_per_s));
  console.error(`bench:   ${ceiling.events_per_s}/s (${ceiling.runs.map((r) => `concurrency ${r.concurrency}: ${r.events_per_s}/s`).join(', ')})${ceiling.error ? `; ${ceiling.error}` : ''}`);
  return {
    influxdb_ceiling: ceiling,
    influxdb_written_per_s: written,
    influxdb_written_fraction: ceiling.events_per_s > 0 ? Math.round((written / ceiling.events_per_s) * 1000) / 1000 : 0,
  };
}

/** Soak mode: one collector, steady load in windows; JSON and SVG over time. */
async function soak(opts: BenchOptions, minutes: number): Promise<void> {
  const runId = 1 + Math.floor(Math.random() * MAX_RUN_ID);
  const target: SenderTarget = { host: '127.0.0.1', logPort: await freeUdpPort(), userPort: await freeUdpPort(), sockets: 2 };
  const sim = await SimDriver.start({ runId, nodes: opts.nodes, seed: opts.seed, mix: opts.mix });
  let sink: BenchSink | undefined;
  try {
    sink = await BenchSink.start({ host: '127.0.0.1', port: 0, runId, upstream: opts.influxdb });
    const metricsPort = await freeTcpPort();
    const cfg = opts.configs[0];
    const config = benchCollectorConfig({
      logPort: target.logPort, userPort: target.userPort, influxHost: '127.0.0.1', influxPort: sink.port, dbName: 'butlersos_bench',
      parseWorkers: cfg.parse, writerWorkers: cfg.writer, udpReceiveBufferBytes: opts.rcvbuf, logRingBytes: opts.ringBytes, prometheusPort: metricsPort, nodeMetricsPort: await freeTcpPort(),
    });
    for (const [key, value] of opts.settings) applySetting(config, key, value);
    console.error(`bench: soak for ${minutes} min at ${opts.rates[0]}/s`);
    const collector = await CollectorRunner.start(collectorEntry(opts.collector, opts.entry), config, undefined, opts.nodeArgs, opts.launch);
    let result;
    try {
      const ctx = { sim, sink, target, collectorPid: collector.pid, parseWorkers: cfg.parse, writerWorkers: cfg.writer, settleMs: opts.settleMs, maxDrainMs: opts.maxDrainMs };
      result = await runSoak(ctx, collector, metricsPort, minutes, opts.rates[0], 0);
    } finally {
      await collector.stop();
    }
    const { samples, ...summary } = result;
    console.log(JSON.stringify(summary, null, 2));
    if (opts.jsonFile) writeFileSync(opts.jsonFile, JSON.stringify({ command: `npm run bench -- ${process.argv.slice(2).join(' ')}`, ...result }, null, 2) + '\n');
    if (opts.svgFile) writeFileSync(opts.svgFile, renderSoakSvg(result));
    if (samples.length === 0) throw new CliError('soak: no window completed');
  } finally {
    await sim.stop();
    await sink?.stop();
  }
}

async function main(): Promise<void> {
  const opts = benchOptions(process.argv.slice(2));
  if (opts.help) return void console.log(helpText(USAGE, BENCH_FLAGS));
  if (opts.soakMinutes !== undefined) return soak(opts, opts.soakMinutes);
  if (opts.rates.length * opts.configs.length >= BASELINE_STEP) throw new CliError('too many steps (ladder × sweep must be < 99)');
  collectorEntry(opts.collector, opts.entry);
  const runId = 1 + Math.floor(Math.random() * MAX_RUN_ID);
  const target: SenderTarget = { host: '127.0.0.1', logPort: await freeUdpPort(), userPort: await freeUdpPort(), sockets: 2 };
  const started = new Date();
  const sim = await SimDriver.start({ runId, nodes: opts.nodes, seed: opts.seed, mix: opts.mix });
  let sink: BenchSink | undefined;
  try {
    console.error(`bench: baseline (bare dgram receiver) for ${opts.baselineS} s`);
    const baseline = await measureBaseline(sim, target, opts.rcvbuf, opts.baselineS, BASELINE_STEP * STEP_SPAN);
    console.error(`bench:   ${baseline.perSec}/s (${baseline.kernelDrops} kernel drops)`);
    sink = await BenchSink.start({ host: '127.0.0.1', port: 0, runId, upstream: opts.influxdb });
    const shared: Shared = { opts, sim, sink, target, nextStep: 0 };
    const runs: RunConfigResult[] = [];
    for (const cfg of opts.configs) runs.push(await runConfig(shared, cfg));
    const steps = runs.flatMap((r) => r.steps);
    const best = maxSustained(steps);
    let audit;
    if (opts.auditS > 0) {
      console.error(`bench: audit step (Audit.qs API → Parquet) for ${opts.auditS} s`);
      audit = await runAuditStep(opts.auditS);
      console.error(`bench:   ${audit.accepted_per_s}/s accepted (${audit.engine}), ${audit.accepted} accepted, ${audit.written_rows} written, lost ${audit.lost}, refused ${audit.refused}`);
    }
    const result: BenchResult = {
      ...(audit ? { audit } : {}),
      version: 1,
      command: `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim(),
      started_at: started.toISOString(),
      machine: { cpus: os.availableParallelism(), cpu_model: os.cpus()[0]?.model ?? 'unknown', mem_gb: Math.round(os.totalmem() / 2 ** 30), node: process.version, kernel: os.release() },
      collector: opts.collector,
      ...(opts.configs.some((c) => c.liveClients !== undefined) ? { live_client: opts.liveClientKind } : {}),
      ...(opts.entry ? { collector_entry: resolve(opts.entry) } : {}),
      collector_launch: opts.launch,
      ...(opts.nodeArgs.length > 0 ? { collector_node_args: opts.nodeArgs.join(' ') } : {}),
      ...(opts.settings.length > 0 ? { collector_settings: Object.fromEntries(opts.settings) } : {}),
      destination: opts.influxdb ? `influxdb ${opts.influxdb} (via counting proxy)` : 'bench-sink',
      warmup_s: opts.warmupS,
      baseline_dgram_per_s: baseline.perSec,
      baseline_kernel_drops: baseline.kernelDrops,
      baseline_cpu_us_per_dgram: baseline.cpuUsPerDgram,
      baseline_other_pct: baseline.outside?.other_pct ?? null,
      baseline_steal_pct: baseline.outside?.steal_pct ?? null,
      ...machineVerdict(baseline.outside, steps),
      max_sustained_per_s: best,
      ratio_to_baseline: baseline.perSec > 0 ? Math.round((best / baseline.perSec) * 1000) / 1000 : 0,
      avg_datagram_bytes: sim.avgDatagramBytes,
      steps,
      runs,
      ...(opts.influxdb ? await influxCeiling(sink, steps) : {}),
    };
    console.log(summaryText(result));
    if (opts.jsonFile) writeFileSync(opts.jsonFile, JSON.stringify(result, null, 2) + '\n');
    if (opts.svgFile) writeFileSync(opts.svgFile, renderSvg(result));
  } finally {
    await sim.stop();
    await sink?.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof CliError ? `bench: ${err.message}` : err);
  process.exit(2);
});
