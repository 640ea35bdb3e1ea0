// A tiny bench run end to end (simulator child, bare-dgram baseline, sink worker, collector child) must write
// the JSON the issue promises, with plausible values. No timing thresholds: the machine may be busy.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../../support/paths.js';

const STEP_FIELDS = [
  'offered_per_s', 'received_per_s', 'written_per_s', 'kernel_drops', 'ring_drops', 'lost_after_socket',
  'p50_ms', 'p99_ms', 'rss_mb', 'parse_workers', 'writer_workers', 'cpu_us_per_event',
] as const;

function runBench(args: string[]): { json: Record<string, unknown>; svg: string; stdout: string } {
  const dir = mkdtempSync(join(tmpdir(), 'bench-test-'));
  try {
    const jsonFile = join(dir, 'out.json');
    const svgFile = join(dir, 'out.svg');
    const res = spawnSync(process.execPath, [join(repoRoot(), 'dist', 'bench', 'run.js'), ...args, '--keep-going', '--json', jsonFile, '--svg', svgFile], {
      encoding: 'utf8',
      timeout: 120_000,
    });
    assert.equal(res.status, 0, `bench exited with ${res.status}: ${res.stderr}`);
    return { json: JSON.parse(readFileSync(jsonFile, 'utf8')) as Record<string, unknown>, svg: readFileSync(svgFile, 'utf8'), stdout: res.stdout };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function assertShape(json: Record<string, unknown>, expectedSteps: number, parse: number | undefined, writer: number): void {
  for (const key of ['baseline_dgram_per_s', 'max_sustained_per_s', 'ratio_to_baseline']) {
    assert.equal(typeof json[key], 'number', `${key} is a number`);
    assert.ok((json[key] as number) >= 0, `${key} ≥ 0`);
  }
  assert.ok((json.baseline_dgram_per_s as number) > 0, 'the bare receiver received something');
  // CPU per datagram and per event are read from /proc (Linux, where these tests run): a positive number.
  assert.equal(typeof json.baseline_cpu_us_per_dgram, 'number', 'baseline_cpu_us_per_dgram is a number');
  assert.ok((json.baseline_cpu_us_per_dgram as number) >= 0);
  // Whether the machine was otherwise idle (bench/machine-load.ts), also read from /proc.
  for (const key of ['baseline_other_pct', 'baseline_steal_pct', 'machine_outside_max_pct']) {
    assert.equal(typeof json[key], 'number', `${key} is a number`);
    assert.ok((json[key] as number) >= 0, `${key} ≥ 0`);
  }
  assert.equal(typeof json.machine_idle, 'boolean');
  const steps = json.steps as Record<string, unknown>[];
  assert.equal(steps.length, expectedSteps);
  for (const step of steps) {
    for (const field of STEP_FIELDS) assert.ok(field in step, `step has ${field}`);
    if (parse !== undefined) assert.equal(step.parse_workers, parse);
    assert.equal(step.writer_workers, writer);
    const sent = step.sent as number;
    assert.ok(sent > 0, 'the sender sent');
    // Conservation: what was sent was either dropped by the kernel or received; what was received was
    // written or lost after the socket. Nothing appears from nowhere.
    assert.equal((step.received as number) + (step.kernel_drops as number), sent);
    assert.ok((step.written as number) <= (step.received as number) + (step.duplicates as number));
    assert.equal(step.lost_after_socket, Math.max(0, (step.received as number) - (step.written as number)));
    // Once the collector stopped: what arrived after the drain, and what never did, account for the rest.
    assert.equal(typeof step.written_after_drain, 'number');
    assert.equal(typeof step.lost_at_stop, 'number');
    assert.ok((step.lost_at_stop as number) <= (step.lost_after_socket as number));
    if ((step.duplicates as number) === 0) {
      assert.equal((step.written as number) + (step.written_after_drain as number) + (step.lost_at_stop as number), step.received);
    }
    assert.ok((step.written as number) > 0, 'something reached the sink');
    assert.ok((step.p50_ms as number) >= 0 && (step.p99_ms as number) >= (step.p50_ms as number));
    assert.equal(typeof step.cpu_us_per_event, 'number', 'cpu_us_per_event is a number');
    assert.ok((step.cpu_us_per_event as number) >= 0);
    const sendPhase = (step.cpu as { send_phase: Record<string, unknown> }).send_phase;
    for (const key of ['other_pct', 'steal_pct']) assert.ok(typeof sendPhase[key] === 'number' && (sendPhase[key] as number) >= 0, `send_phase.${key}`);
    // The run's verdict covers every step.
    assert.ok((json.machine_outside_max_pct as number) + 0.05 >= (sendPhase.other_pct as number) + (sendPhase.steal_pct as number));
  }
  if ((json.max_sustained_per_s as number) > 0) {
    assert.ok(steps.some((s) => s.lost_after_socket === 0 && s.received_per_s === json.max_sustained_per_s));
  }
}

test('bench --collector mock: a tiny run writes the JSON and SVG with every field', () => {
  const { json, svg, stdout } = runBench([
    '--collector', 'mock', '--ladder', '500,1000', '--duration', '0.5', '--baseline-duration', '0.3', '--parse', '2', '--writer', '1', '--refine', '0',
  ]);
  assertShape(json, 2, 2, 1);
  assert.equal(json.collector, 'mock');
  assert.equal((json.runs as { collector_held_lines_at_stop: unknown }[])[0].collector_held_lines_at_stop, null, 'the mock logs no shutdown summary');
  assert.match(svg, /^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  assert.match(svg, /<polyline /);
  assert.match(stdout, /max_sustained_per_s/);
});

test('bench --refine narrows the highest lossless rate between the ladder\'s last good step and its first lossy one (mock collector that takes 1,500/s)', () => {
  process.env.BENCH_MOCK_MAX_PER_S = '1500';
  let result: ReturnType<typeof runBench>;
  try {
    result = runBench(['--collector', 'mock', '--ladder', '1000,3000', '--duration', '2', '--baseline-duration', '0.3', '--warmup', '0', '--quick', '--audit-duration', '0', '--refine', '3']);
  } finally {
    delete process.env.BENCH_MOCK_MAX_PER_S;
  }
  const steps = result.json.steps as { requested_per_s: number; refine?: boolean; ring_drops: number; lost_after_socket: number }[];
  assert.deepEqual(steps.slice(0, 2).map((s) => [s.requested_per_s, s.refine ?? false]), [[1000, false], [3000, false]]);
  assert.ok(steps[1].ring_drops > 0, 'the mock dropped above its capacity');
  const refined = steps.slice(2);
  assert.equal(refined.length, 3);
  assert.ok(refined.every((s) => s.refine === true && s.requested_per_s > 1000 && s.requested_per_s < 3000));
  // The first refinement halves the ladder's gap; everything at or above 2,000/s is beyond the capacity.
  assert.equal(refined[0].requested_per_s, 2000);
  for (const s of refined.filter((r) => r.requested_per_s >= 2000)) assert.ok(s.ring_drops > 0);
  const best = result.json.max_sustained_per_s as number;
  assert.ok(best > 1000 && best < 2000, `max_sustained_per_s ${best} lies between the capacity's neighbours`);
  assert.match(result.stdout, /refine/);
});

test('bench --sweep runs one collector per worker configuration', () => {
  const { json } = runBench(['--collector', 'mock', '--rate', '500', '--duration', '0.4', '--baseline-duration', '0.3', '--sweep', 'parse=1,2']);
  const runs = json.runs as { parse_workers: number; steps: unknown[] }[];
  assert.deepEqual(runs.map((r) => r.parse_workers), [1, 2]);
  assertShape(json, 2, undefined, 1);
  assert.deepEqual((json.steps as { parse_workers: number }[]).map((s) => s.parse_workers), [1, 2]);
});

test('bench against the real collector (dist/src/main.js): tiny run, JSON shape', (t) => {
  if (!existsSync(join(repoRoot(), 'dist', 'src', 'main.js'))) {
    if (process.env.CI === 'true') assert.fail('dist/src/main.js missing in CI');
    t.skip('dist/src/main.js not built yet');
    return;
  }
  // --keep-going, --refine 0: the shape check needs both steps and no more, even if one of them loses data on a
  // loaded machine.
  const { json } = runBench(['--ladder', '500,1000', '--duration', '0.5', '--baseline-duration', '0.3', '--parse', '1', '--writer', '1', '--keep-going', '--refine', '0']);
  assertShape(json, 2, 1, 1);
  assert.equal(json.collector, 'real');
  // Read from the collector's shutdown summary: a number (0 unless the destination fell behind).
  assert.equal(typeof (json.runs as { collector_held_lines_at_stop: unknown }[])[0].collector_held_lines_at_stop, 'number');
});
