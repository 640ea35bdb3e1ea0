// Whether the machine was otherwise idle while the bench measured. Issue 17's figures are for an otherwise idle
// machine, and on a shared host the same build's baseline moved between 82,000 and 240,000 datagrams/s in one
// day: a figure without this reading cannot be compared. From /proc/stat (Linux; null elsewhere) it takes
// the CPU of everything except the processes the bench accounts for (collector, simulator, bench and sink, the
// baseline receiver) and except interrupt work (mostly the kernel delivering our own datagrams), and, apart,
// what the hypervisor gave to other guests (steal).

import { readFileSync } from 'node:fs';
import { CLK_TCK } from './proc-stats.js';
import type { BenchResult, StepResult } from './result.js';

/**
 * Other processes plus steal above this share of one core (percent) make a run "not idle". On the 2-core bench
 * machine (a virtual machine) with nothing else running: other 0 %, steal 1–7 %.
 */
export const IDLE_LIMIT_PCT = 10;

export interface MachineTicks {
  /** Every tick but idle and iowait. */
  busy: number;
  total: number;
  /** Hardware and software interrupt handling (irq + softirq). */
  interrupts: number;
  /** Time the hypervisor ran other guests while this one wanted the CPU. */
  steal: number;
  /** CPUs the counters cover (the `cpuN` lines). */
  cpus: number;
}

export function parseMachineTicks(procStat: string): MachineTicks | null {
  const first = procStat.split('\n', 1)[0].trim();
  if (!first.startsWith('cpu ')) return null;
  // user nice system idle iowait irq softirq steal guest guest_nice; guest time is already inside user and
  // nice, so only the first eight make the total.
  const f = first.split(/\s+/).slice(1, 9).map(Number);
  if (f.length < 4 || f.some((x) => !Number.isFinite(x))) return null;
  const total = f.reduce((a, b) => a + b, 0);
  const cpus = Math.max(1, (procStat.match(/^cpu\d+ /gm) ?? []).length);
  return { busy: total - (f[3] ?? 0) - (f[4] ?? 0), total, interrupts: (f[5] ?? 0) + (f[6] ?? 0), steal: f[7] ?? 0, cpus };
}

export function readMachineTicks(): MachineTicks | null {
  try {
    return parseMachineTicks(readFileSync('/proc/stat', 'utf8'));
  } catch {
    return null;
  }
}

/** Percent of one core (200 = both cores of a 2-core machine), between two readings. */
export interface OutsideLoad {
  /** Processes the bench did not start (and does not count), interrupts left out. */
  other_pct: number;
  steal_pct: number;
}

/**
 * What ran outside the bench between two readings. `ownCpuSeconds`: the CPU time the bench's own processes
 * used over the same interval.
 */
export function outsideLoad(before: MachineTicks | null, after: MachineTicks | null, ownCpuSeconds: number | null): OutsideLoad | null {
  if (!before || !after || ownCpuSeconds === null || after.total <= before.total) return null;
  const total = after.total - before.total;
  const toPct = (ticks: number): number => Math.round((Math.max(0, ticks) / total) * after.cpus * 1000) / 10;
  const steal = after.steal - before.steal;
  const other = after.busy - before.busy - steal - (after.interrupts - before.interrupts) - ownCpuSeconds * CLK_TCK;
  return { other_pct: toPct(other), steal_pct: toPct(steal) };
}

/** The busiest reading of a run, and whether it stayed under IDLE_LIMIT_PCT. */
export function idleVerdict(loads: ReadonlyArray<OutsideLoad | null>): { max_outside_pct: number; idle: boolean } | null {
  const known = loads.filter((l): l is OutsideLoad => l !== null);
  if (known.length === 0) return null;
  const max = Math.max(...known.map((l) => Math.round((l.other_pct + l.steal_pct) * 10) / 10));
  return { max_outside_pct: max, idle: max <= IDLE_LIMIT_PCT };
}

/** Whether the baseline and every step's send phase ran on an otherwise idle machine, for the result. */
export function machineVerdict(baseline: OutsideLoad | null, steps: readonly StepResult[]): Pick<BenchResult, 'machine_outside_max_pct' | 'machine_idle'> {
  const phases = steps.map(({ cpu: { send_phase: p } }) => (p.other_pct === null || p.steal_pct === null ? null : { other_pct: p.other_pct, steal_pct: p.steal_pct }));
  const verdict = idleVerdict([baseline, ...phases]);
  return { machine_outside_max_pct: verdict?.max_outside_pct ?? null, machine_idle: verdict?.idle ?? null };
}

/** CPU seconds the processes used between two sets of readings (same order); null when any is missing. */
export function cpuSecondsBetween(before: ReadonlyArray<number | null>, after: ReadonlyArray<number | null>): number | null {
  let sum = 0;
  for (let i = 0; i < before.length; i++) {
    const b = before[i];
    const a = after[i];
    if (a === null || b === null || a === undefined) return null;
    sum += a - b;
  }
  return sum;
}
