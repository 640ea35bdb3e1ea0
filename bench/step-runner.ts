// One bench step: send at a fixed rate for a fixed time, wait until the collector has written what its
// sockets read (or nothing more arrives), then turn kernel counters, sink counts and latency samples into a
// StepResult. Every wait is bounded.

import { performance } from 'node:perf_hooks';
import type { BenchSink } from './sink/bench-sink.js';
import { STEP_SPAN } from './sink/seq-tracker.js';
import type { SinkSnapshot } from './sink/sink-protocol.js';
import type { SimDriver } from './sim-driver.js';
import type { SenderTarget } from './sim/sender.js';
import { latencyOf } from './latency.js';
import { availableParallelism } from 'node:os';
import { cpuSecondsBetween, outsideLoad, readMachineTicks } from './machine-load.js';
import { cpuUsPer, machineBusyPct, readCpuSeconds, readPeakRssMb, readSocketDrops, readThreadCpu, readUdpCounters, threadCpuDelta } from './proc-stats.js';
import type { StepResult } from './result.js';

export interface StepContext {
  sim: SimDriver;
  sink: BenchSink;
  target: SenderTarget;
  collectorPid: number;
  parseWorkers: number | 'auto';
  writerWorkers: number;
  /** No growth of the written count for this long ends the drain. */
  settleMs: number;
  maxDrainMs: number;
}

const POLL_MS = 200;

function queueSum(s: SinkSnapshot, field: string): number | null {
  let found = false;
  let sum = 0;
  for (const fields of Object.values(s.queue)) {
    if (field in fields) {
      found = true;
      sum += fields[field];
    }
  }
  return found ? sum : null;
}

/** A queue-metrics counter over the step; a field first reported during the step started at 0. */
function delta(after: number | null, before: number | null): number | null {
  return after === null ? null : after - (before ?? 0);
}

function cpuPct(after: number | null, before: number | null, wallS: number): number | null {
  return after === null || before === null ? null : Math.round(((after - before) / wallS) * 1000) / 10;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Waits until the sink holds as many step events as the sockets took in, or the count stops growing. */
async function drain(ctx: StepContext, step: number, received: number): Promise<SinkSnapshot> {
  const deadline = performance.now() + ctx.maxDrainMs;
  let last = await ctx.sink.snapshot(step);
  let lastChange = performance.now();
  let queueAtChange = queueSum(last, 'messages_received');
  while (performance.now() < deadline) {
    await sleep(POLL_MS);
    const snap = await ctx.sink.snapshot(step);
    const queueNow = queueSum(snap, 'messages_received');
    if (snap.step.unique !== last.step.unique || queueNow !== queueAtChange) {
      lastChange = performance.now();
      queueAtChange = queueNow;
    }
    last = snap;
    // Everything read from the sockets is written, and one more queue-metrics interval has been flushed.
    if (snap.step.unique >= received && performance.now() - lastChange >= 1100) return snap;
    if (performance.now() - lastChange >= ctx.settleMs) return snap;
  }
  return last;
}

/**
 * Kernel drops on the collector's ports: per-socket counters (/proc/net/udp) when readable, else the
 * machine-wide RcvbufErrors (which other UDP users on the machine also move).
 */
function kernelDropCounter(ctx: StepContext): () => number {
  const ports = [ctx.target.logPort, ctx.target.userPort];
  if (readSocketDrops(ports) !== null) return () => readSocketDrops(ports) ?? 0;
  return () => readUdpCounters()?.rcvbufErrors ?? 0;
}

export async function runStep(ctx: StepContext, step: number, ratePerSec: number, durationS: number): Promise<StepResult> {
  const drops = kernelDropCounter(ctx);
  const drops0 = drops();
  const before = await ctx.sink.snapshot(step);
  const cpu0 = { collector: readCpuSeconds(ctx.collectorPid), sim: readCpuSeconds(ctx.sim.pid), bench: readCpuSeconds(process.pid) };
  const threads0 = readThreadCpu(ctx.collectorPid);
  const ticks0 = readMachineTicks();
  const t0 = performance.now();

  const report = await ctx.sim.run(ctx.target, {
    ratePerSec, durationMs: durationS * 1000, maxCount: Math.ceil(ratePerSec * durationS), seqStart: step * STEP_SPAN,
    burstiness: 0, burstPeriodMs: 1000,
  });
  const sendEnd = performance.now();
  // The send phase alone: the step's averages include the drain, which hides how busy the machine was while
  // datagrams arrived (whether the parse workers were short of CPU or of work).
  const sendS = (sendEnd - t0) / 1000;
  const cpuSent = { collector: readCpuSeconds(ctx.collectorPid), sim: readCpuSeconds(ctx.sim.pid), bench: readCpuSeconds(process.pid) };
  const own = cpuSecondsBetween([cpu0.collector, cpu0.sim, cpu0.bench], [cpuSent.collector, cpuSent.sim, cpuSent.bench]);
  const ticks1 = readMachineTicks();
  const outside = outsideLoad(ticks0, ticks1, own);
  const sendPhase = {
    machine_busy_pct: machineBusyPct(ticks0, ticks1, availableParallelism()),
    other_pct: outside?.other_pct ?? null,
    steal_pct: outside?.steal_pct ?? null,
    collector_pct: cpuPct(cpuSent.collector, cpu0.collector, sendS),
    collector_threads: threadCpuDelta(threads0, readThreadCpu(ctx.collectorPid), sendS).slice(0, 12),
  };
  // Loopback delivery is synchronous: every datagram sent is either queued on the socket or dropped by now.
  const kernelDrops = drops() - drops0;
  const received = Math.max(0, report.sent - report.errors - kernelDrops);
  const after = await drain(ctx, step, received);
  const wallS = (performance.now() - t0) / 1000;
  const cpu1 = { collector: readCpuSeconds(ctx.collectorPid), sim: readCpuSeconds(ctx.sim.pid), bench: readCpuSeconds(process.pid) };

  const activeS = report.activeMs / 1000;
  const written = after.step.unique;
  const latency = latencyOf(report.log, after.step.sampleSeqs, after.step.sampleTimes);
  const lastArrival = after.step.sampleTimes.length > 0 ? Math.max(...after.step.sampleTimes.subarray(-2000)) : 0;
  const writeSpanS = Math.max(activeS, (lastArrival - report.startEpochMs) / 1000);
  const processed = delta(queueSum(after, 'messages_processed'), queueSum(before, 'messages_processed'));
  const ringDrops = delta(queueSum(after, 'messages_dropped_queue_full'), queueSum(before, 'messages_dropped_queue_full'));

  return {
    requested_per_s: ratePerSec,
    offered_per_s: Math.round(report.sent / activeS),
    received_per_s: Math.round(received / activeS),
    written_per_s: Math.round(written / writeSpanS),
    parsed_per_s: processed === null ? null : Math.round(processed / activeS),
    sent: report.sent,
    received,
    written,
    duplicates: after.step.duplicates,
    kernel_drops: kernelDrops,
    collector_failed: delta(queueSum(after, 'messages_failed'), queueSum(before, 'messages_failed')),
    collector_received: delta(queueSum(after, 'messages_received'), queueSum(before, 'messages_received')),
    ring_drops: ringDrops,
    lost_after_socket: Math.max(0, received - written),
    p50_ms: latency.p50_ms,
    p99_ms: latency.p99_ms,
    latency_samples: latency.samples,
    rss_mb: readPeakRssMb(ctx.collectorPid),
    parse_workers: ctx.parseWorkers,
    writer_workers: ctx.writerWorkers,
    duration_s: Math.round(activeS * 100) / 100,
    drain_s: Math.round((performance.now() - sendEnd) / 10) / 100,
    cpu_us_per_event: cpuUsPer(cpu1.collector, cpu0.collector, received),
    cpu: {
      collector_pct: cpuPct(cpu1.collector, cpu0.collector, wallS),
      simulator_pct: cpuPct(cpu1.sim, cpu0.sim, wallS),
      bench_and_sink_pct: cpuPct(cpu1.bench, cpu0.bench, wallS),
      collector_threads: threadCpuDelta(threads0, readThreadCpu(ctx.collectorPid), wallS).slice(0, 12),
      send_phase: sendPhase,
    },
    sender_errors: report.errors,
  };
}
