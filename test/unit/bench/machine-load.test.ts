// bench/machine-load.ts decides whether a bench run was on an otherwise idle machine: exact checks of its
// reading of /proc/stat and of the arithmetic, and one live check that a busy process outside the bench is seen.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { platform } from 'node:os';
import { cpuSecondsBetween, idleVerdict, IDLE_LIMIT_PCT, outsideLoad, parseMachineTicks, readMachineTicks, type MachineTicks } from '../../../bench/machine-load.js';

test('parseMachineTicks reads the cpu line: busy without idle and iowait, interrupts, steal; guest time not counted twice', () => {
  const stat = 'cpu  1000 10 200 5000 40 3 7 25 300 0\ncpu0 500 5 100 2500 20 1 3 12 150 0\ncpu1 500 5 100 2500 20 2 4 13 150 0\nintr 1 2 3\n';
  assert.deepEqual(parseMachineTicks(stat), {
    busy: 1000 + 10 + 200 + 3 + 7 + 25, total: 1000 + 10 + 200 + 5000 + 40 + 3 + 7 + 25, interrupts: 10, steal: 25, cpus: 2,
  });
  // Old kernels without steal: still read.
  assert.deepEqual(parseMachineTicks('cpu  10 0 5 100 1 0 0\ncpu0 10 0 5 100 1 0 0\n'), { busy: 15, total: 116, interrupts: 0, steal: 0, cpus: 1 });
  assert.equal(parseMachineTicks('intr 1 2 3\n'), null);
  assert.equal(parseMachineTicks('cpu  a b c d\n'), null);
});

const at = (busy: number, total: number, interrupts: number, steal: number): MachineTicks => ({ busy, total, interrupts, steal, cpus: 2 });

test('outsideLoad: what is busy beyond the bench\'s own CPU, interrupts and steal, in % of one core', () => {
  // 2 cores, 10 s: 2,000 ticks. 900 busy ticks = 300 the bench's own (3 CPU-seconds), 100 interrupts, 200 steal,
  // so 300 ticks (30 % of one core) ran elsewhere; steal is 20 %.
  assert.deepEqual(outsideLoad(at(0, 0, 0, 0), at(900, 2000, 100, 200), 3), { other_pct: 30, steal_pct: 20 });
  // Rounding and a bench that used a little more than the counters saw: never below zero.
  assert.deepEqual(outsideLoad(at(0, 0, 0, 0), at(100, 2000, 0, 0), 1.2), { other_pct: 0, steal_pct: 0 });
  assert.equal(outsideLoad(null, at(1, 2, 0, 0), 0), null);
  assert.equal(outsideLoad(at(0, 2, 0, 0), at(1, 2, 0, 0), 0), null, 'no time passed');
  assert.equal(outsideLoad(at(0, 0, 0, 0), at(1, 2, 0, 0), null), null, 'own CPU unknown');
});

test('idleVerdict takes the busiest reading (other + steal) against IDLE_LIMIT_PCT; unknown readings are left out', () => {
  assert.deepEqual(idleVerdict([{ other_pct: 1, steal_pct: 0.5 }, null, { other_pct: 3, steal_pct: 2 }]), { max_outside_pct: 5, idle: true });
  assert.deepEqual(idleVerdict([{ other_pct: IDLE_LIMIT_PCT, steal_pct: 0 }]), { max_outside_pct: IDLE_LIMIT_PCT, idle: true });
  assert.deepEqual(idleVerdict([{ other_pct: 4, steal_pct: 0 }, { other_pct: 8, steal_pct: 2.5 }]), { max_outside_pct: 10.5, idle: false });
  assert.equal(idleVerdict([null, null]), null);
});

test('cpuSecondsBetween sums the processes\' deltas and is null when any reading is missing', () => {
  assert.equal(cpuSecondsBetween([1, 2, 3], [1.5, 4, 3]), 2.5);
  assert.equal(cpuSecondsBetween([1, null], [2, 3]), null);
  assert.equal(cpuSecondsBetween([1, 2], [2, null]), null);
});

test('a busy process the bench did not start is seen as load outside it (Linux)', { skip: platform() !== 'linux' && 'reads /proc' }, async () => {
  const hog = spawn(process.execPath, ['-e', 'const end = Date.now() + 3000; while (Date.now() < end);']);
  try {
    await new Promise((r) => setTimeout(r, 300));
    const before = readMachineTicks();
    const own0 = process.cpuUsage();
    await new Promise((r) => setTimeout(r, 1500));
    const after = readMachineTicks();
    const ownUs = process.cpuUsage(own0);
    const load = outsideLoad(before, after, (ownUs.user + ownUs.system) / 1e6);
    assert.ok(load !== null);
    // One process spinning: about one core, less what the machine's scheduling took from it.
    assert.ok(load.other_pct + load.steal_pct > 60, `outside load ${JSON.stringify(load)}`);
  } finally {
    hog.kill();
  }
});
