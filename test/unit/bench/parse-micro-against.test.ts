// `parse-micro --against`: two builds' parse side in one process, alternating. Run here against this build itself
// (the same module graph: both sides parse the same datagrams with the same code), and against a directory
// without a build, which must be refused by name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../../support/paths.js';
import { datagrams } from '../../../bench/parse-input.js';
import { sliceParserRound } from '../../../bench/parse-round.js';

const TOOL = join(repoRoot(), 'dist', 'bench', 'parse-micro.js');

test('sliceParserRound parses every datagram it is given, round after round', () => {
  const all = datagrams(2000);
  const round = sliceParserRound(1, 64);
  assert.equal(round(all), 2000);
  assert.equal(round(all), 2000);
});

test('--against this build: medians of both and a per-pair ratio near 1', () => {
  const r = spawnSync(process.execPath, [TOOL, '--against', repoRoot(), '--events', '2000', '--rounds', '6'], { encoding: 'utf8', timeout: 120_000 });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /A \(.+\) [\d.]+ µs\/event, B \(this build\) [\d.]+ µs\/event/);
  const m = /B\/A per pair: median ([\d.]+), quartiles ([\d.]+)–([\d.]+) over 4 pairs/.exec(r.stdout);
  assert.ok(m, r.stdout);
  const median = Number(m[1]);
  assert.ok(median > 0.5 && median < 2, `the same code against itself: ${median}`);
});

test('--against a directory without a build: exit 2 and the file it looked for', () => {
  const dir = mkdtempSync(join(tmpdir(), 'parse-micro-'));
  try {
    const r = spawnSync(process.execPath, [TOOL, '--against', dir, '--events', '1000', '--rounds', '3'], { encoding: 'utf8', timeout: 60_000 });
    assert.equal(r.status, 2);
    assert.match(r.stderr, new RegExp(`parse-micro: .*${join(dir, 'dist', 'bench', 'parse-round.js').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
