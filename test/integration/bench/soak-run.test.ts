// `npm run bench -- --soak 0.5` end to end (issue 15, item 4): steady load against the real collector for half
// a minute; the JSON has one sample per window with RSS, the heap and event-loop delay of every thread (read
// from the collector's /metrics), and exact per-window loss; the SVG is written. Nothing may be lost at the
// modest default rate. No memory threshold: half a minute is warm-up; the long run is in docs/benchmarks.md.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../../support/paths.js';
import type { SoakSummary } from '../../../bench/soak.js';

test('bench --soak 0.5: samples over time with RSS, heap and event-loop delay per thread, and no loss', { timeout: 180_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'soak-test-'));
  try {
    const jsonFile = join(dir, 'soak.json');
    const svgFile = join(dir, 'soak.svg');
    const res = spawnSync(process.execPath, [join(repoRoot(), 'dist', 'bench', 'run.js'), '--soak', '0.5', '--rate', '2000', '--json', jsonFile, '--svg', svgFile], {
      encoding: 'utf8',
      timeout: 170_000,
    });
    assert.equal(res.status, 0, `bench exited with ${res.status}: ${res.stderr}`);
    const soak = JSON.parse(readFileSync(jsonFile, 'utf8')) as SoakSummary;
    assert.equal(soak.window_s, 5);
    assert.equal(soak.samples.length, 6);
    for (const s of soak.samples) {
      assert.ok(s.sent > 0 && s.rss_mb !== null && s.rss_mb > 0);
      for (const thread of ['main', 'tracker', 'writer-0', 'http', 'parse-0']) {
        assert.ok((s.heap_used_mb[thread] ?? 0) > 0, `heap of ${thread} in ${JSON.stringify(s.heap_used_mb)}`);
        assert.ok(thread in s.event_loop_max_ms, `event-loop delay of ${thread}`);
      }
      assert.equal(s.received + s.kernel_drops, s.sent, 'every datagram received or counted by the kernel');
    }
    assert.equal(soak.sent, soak.samples.reduce((a, s) => a + s.sent, 0));
    assert.equal(soak.lost, 0, `nothing lost: ${JSON.stringify(soak.samples.map((s) => [s.kernel_drops, s.lost_after_socket]))}`);
    assert.equal(soak.written, soak.sent);
    assert.match(readFileSync(svgFile, 'utf8'), /^<svg[\s\S]*RSS[\s\S]*<\/svg>\n$/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
