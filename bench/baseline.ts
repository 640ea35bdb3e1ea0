// The same-run yardstick: a bare dgram receiver process on the collector's ports, fed by the bench's sender
// as fast as it can send for a few seconds. Its received rate is `baseline_dgram_per_s`.

import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { BaselineStats } from './baseline-receiver.js';
import type { SimDriver } from './sim-driver.js';
import { cpuSecondsBetween, outsideLoad, readMachineTicks, type OutsideLoad } from './machine-load.js';
import { cpuUsPer, readCpuSeconds } from './proc-stats.js';
import type { SenderTarget } from './sim/sender.js';

export interface BaselineResult {
  perSec: number;
  received: number;
  sent: number;
  kernelDrops: number;
  /** The receiver process's CPU time per datagram counted, µs; null without /proc. */
  cpuUsPerDgram: number | null;
  /** What ran outside the bench meanwhile (bench/machine-load.ts); null without /proc. */
  outside: OutsideLoad | null;
}

export async function measureBaseline(sim: SimDriver, target: SenderTarget, rcvbuf: number, seconds: number, seqStart: number): Promise<BaselineResult> {
  const child = fork(
    fileURLToPath(new URL('./baseline-receiver.js', import.meta.url)),
    ['--host', target.host, '--log-port', String(target.logPort), '--user-port', String(target.userPort), '--rcvbuf', String(rcvbuf)],
    { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stats = (): Promise<BaselineStats> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('baseline receiver did not answer within 5 s')), 5000);
      child.once('message', (m: BaselineStats) => {
        clearTimeout(timer);
        resolve(m);
      });
      child.send({ type: 'stats' });
    });
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('baseline receiver not ready within 10 s')), 10_000);
      child.once('message', () => {
        clearTimeout(timer);
        resolve();
      });
      void exited.then(() => reject(new Error('baseline receiver exited during start-up (ports taken?)')));
    });
    const before = await stats();
    const cpu0 = readCpuSeconds(child.pid ?? -1);
    const own0 = [cpu0, readCpuSeconds(sim.pid), readCpuSeconds(process.pid)];
    const ticks0 = readMachineTicks();
    const report = await sim.run(target, { ratePerSec: 0, durationMs: seconds * 1000, maxCount: 50_000_000, seqStart, burstiness: 0, burstPeriodMs: 1000 });
    const own = cpuSecondsBetween(own0, [readCpuSeconds(child.pid ?? -1), readCpuSeconds(sim.pid), readCpuSeconds(process.pid)]);
    const outside = outsideLoad(ticks0, readMachineTicks(), own);
    await new Promise((r) => setTimeout(r, 200));
    const after = await stats();
    const cpu1 = readCpuSeconds(child.pid ?? -1);
    const received = after.count - before.count;
    return {
      perSec: Math.round(received / (report.activeMs / 1000)),
      received,
      sent: report.sent,
      // Loopback: what the receiver did not count was dropped by the kernel (or is still queued: 200 ms later, none).
      kernelDrops: report.sent - received,
      cpuUsPerDgram: cpuUsPer(cpu1, cpu0, received),
      outside,
    };
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}
