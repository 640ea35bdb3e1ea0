// Kernel and process counters the bench reads from /proc (Linux): UDP datagrams delivered to sockets and
// dropped for a full receive buffer (/proc/net/snmp), CPU time per process and per thread (/proc/<pid>/stat,
// /proc/<pid>/task/<tid>/stat) and peak resident memory (VmHWM in /proc/<pid>/status). Elsewhere these read
// as null and the report says "n/a".

import { readFileSync, readdirSync } from 'node:fs';
import type { MachineTicks } from './machine-load.js';

/** Clock ticks per second of utime/stime; 100 on every mainstream Linux build. */
export const CLK_TCK = 100;

export interface UdpCounters {
  /** Datagrams read by applications (the kernel counts them in recvmsg). */
  inDatagrams: number;
  /** Datagrams dropped because a socket's receive buffer was full. */
  rcvbufErrors: number;
  inErrors: number;
}

export function readUdpCounters(): UdpCounters | null {
  let text: string;
  try {
    text = readFileSync('/proc/net/snmp', 'utf8');
  } catch {
    return null;
  }
  const lines = text.split('\n').filter((l) => l.startsWith('Udp:'));
  if (lines.length < 2) return null;
  const names = lines[0].trim().split(/\s+/).slice(1);
  const values = lines[1].trim().split(/\s+/).slice(1).map(Number);
  const get = (name: string): number => values[names.indexOf(name)] ?? 0;
  return { inDatagrams: get('InDatagrams'), rcvbufErrors: get('RcvbufErrors'), inErrors: get('InErrors') };
}

// Receive-buffer drops per socket: the same reading the collector exports as a metric.
export { readSocketDrops } from '../src/ingest/kernel-drops.js';

/** utime + stime of a /proc stat line, in seconds. The comm field may contain spaces, so parse after ')'. */
function cpuSecondsOfStat(stat: string): number {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // After the comm: state is fields[0], utime is the 14th field of the line → fields[11], stime fields[12].
  return (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
}

export function readCpuSeconds(pid: number): number | null {
  try {
    return cpuSecondsOfStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return null;
  }
}

export interface ThreadCpu {
  tid: number;
  name: string;
  cpuSeconds: number;
}

/** CPU seconds per thread of a process (thread names as the kernel knows them, e.g. `node`, `libuv-worker`). */
export function readThreadCpu(pid: number): ThreadCpu[] {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((tid) => {
      try {
        const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
        const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        return [{ tid: Number(tid), name, cpuSeconds: cpuSecondsOfStat(stat) }];
      } catch {
        return [];
      }
    });
  } catch {
    return [];
  }
}

/** Peak resident set size in MB (VmHWM). */
/** Current resident set size of a process, MB (VmRSS), or null. */
export function readRssMb(pid: number): number | null {
  try {
    const m = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round((Number(m[1]) / 1024) * 10) / 10 : null;
  } catch {
    return null;
  }
}

export function readPeakRssMb(pid: number): number | null {
  try {
    const m = /VmHWM:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round((Number(m[1]) / 1024) * 10) / 10 : null;
  } catch {
    return null;
  }
}

/** Thread CPU between two readings, busiest first, as % of one core over `wallSeconds`. */
export function threadCpuDelta(before: ThreadCpu[], after: ThreadCpu[], wallSeconds: number): { tid: number; name: string; cpu_pct: number }[] {
  const start = new Map(before.map((t) => [t.tid, t.cpuSeconds]));
  return after
    .map((t) => ({ tid: t.tid, name: t.name, cpu_pct: Math.round(((t.cpuSeconds - (start.get(t.tid) ?? 0)) / wallSeconds) * 1000) / 10 }))
    .filter((t) => t.cpu_pct > 0)
    .sort((a, b) => b.cpu_pct - a.cpu_pct);
}

/** CPU µs per unit of work between two CPU-seconds readings (0.1 µs resolution); null when either is missing. */
export function cpuUsPer(after: number | null, before: number | null, units: number): number | null {
  if (after === null || before === null || units <= 0) return null;
  return Math.round(((after - before) / units) * 1e7) / 10;
}

/** Busy share of all cores between two readings, in percent of one core (200 = both cores of a 2-core machine). */
export function machineBusyPct(before: Pick<MachineTicks, 'busy' | 'total'> | null, after: Pick<MachineTicks, 'busy' | 'total'> | null, cores: number): number | null {
  if (!before || !after || after.total <= before.total) return null;
  return Math.round(((after.busy - before.busy) / (after.total - before.total)) * cores * 1000) / 10;
}
