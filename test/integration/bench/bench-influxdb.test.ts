// `npm run bench -- --influxdb URL` against a real InfluxDB 1.x (influxd on a loopback port): the run must
// report the same-run ceiling (the captured lines replayed straight into that server) and the collector's
// written rate as a fraction of it. No timing thresholds: the machine may be busy.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../../support/paths.js';
import { startInfluxd } from '../../support/influxd.js';

function run(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(repoRoot(), 'dist', 'bench', 'run.js'), ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    const timer = setTimeout(() => child.kill('SIGKILL'), 240_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

test('bench --influxdb: real influxd, the ceiling replay and the written fraction are reported', async (t) => {
  if (!existsSync(join(repoRoot(), 'dist', 'src', 'main.js'))) assert.fail('dist/src/main.js missing: npm run build first');
  const influx = await startInfluxd();
  if (!influx) return t.skip('influxd not installed');
  const dir = mkdtempSync(join(tmpdir(), 'bench-influx-'));
  t.after(async () => {
    await influx.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  const jsonFile = join(dir, 'out.json');
  const res = await run(['--influxdb', influx.url, '--rate', '1000', '--duration', '1', '--baseline-duration', '0.3', '--parse', '1', '--keep-going', '--json', jsonFile]);
  assert.equal(res.code, 0, `bench exited with ${res.code}: ${res.stderr.slice(-2000)}`);
  const json = JSON.parse(readFileSync(jsonFile, 'utf8')) as Record<string, any>;
  const ceiling = json.influxdb_ceiling;
  assert.ok(ceiling, 'influxdb_ceiling present');
  assert.equal(ceiling.error, undefined, `ceiling replay failed: ${ceiling.error}`);
  assert.ok(ceiling.captured_events > 0, 'the sink captured the acknowledged event lines');
  assert.deepEqual(ceiling.runs.map((r: { concurrency: number }) => r.concurrency), [1, 2, 4]);
  for (const r of ceiling.runs) {
    assert.equal(r.failed_requests, 0, 'every replayed write was acknowledged');
    assert.ok(r.events >= ceiling.captured_events, 'each concurrency replays at least one full pass');
    assert.ok(r.events_per_s > 0);
  }
  assert.equal(ceiling.events_per_s, Math.max(...ceiling.runs.map((r: { events_per_s: number }) => r.events_per_s)));
  assert.equal(json.influxdb_written_per_s, Math.max(...json.steps.map((s: { written_per_s: number }) => s.written_per_s)));
  assert.equal(typeof json.influxdb_written_fraction, 'number');
  assert.ok(json.influxdb_written_fraction > 0);
  // The replay databases are dropped again; the collector's own database stays.
  const dbs = await influx.rows('SHOW DATABASES');
  assert.ok(!dbs.some((d) => String(d.name).includes('_ceiling_')), `leftover ceiling databases: ${JSON.stringify(dbs)}`);
  assert.ok(dbs.some((d) => d.name === 'butlersos_bench'));
});
