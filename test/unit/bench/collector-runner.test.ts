// CollectorRunner reads what the collector still held for its destinations from the shutdown summary it logs
// (src/ops/shutdown-summary.ts): a stand-in process speaks the same contract (ready line, JSON log lines, SIGTERM).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CollectorRunner } from '../../../bench/collector-runner.js';
import { shutdownSummary } from '../../../src/ops/shutdown-summary.js';
import type { DeliveryStats } from '../../../src/destinations/delivery/delivery-stats.js';

function destination(id: string, spoolLines: number, queuedLines: number, inFlightLines: number): DeliveryStats {
  return { id, writtenLines: 10, droppedLines: {}, spooledLines: spoolLines, spoolLines, queuedLines, inFlightLines } as unknown as DeliveryStats;
}

test('heldAtStop sums the spool, queued and in-flight lines of every destination in the shutdown summary', async () => {
  const lines = shutdownSummary([], [destination('influxdb', 120, 7, 3), destination('file', 0, 0, 0)]).map((l) => JSON.stringify({ level: 30, ...l.fields, msg: l.msg }));
  const dir = mkdtempSync(join(tmpdir(), 'bench-runner-'));
  try {
    const entry = join(dir, 'stand-in.mjs');
    // The SIGTERM handler comes first: the runner may stop it as soon as it reads the ready line.
    writeFileSync(entry, [
      `process.on('SIGTERM', () => { for (const l of ${JSON.stringify(lines)}) console.log(l); process.exit(0); });`,
      `console.log(JSON.stringify({ level: 30, msg: 'Butler SOS is ready' }));`,
      `setInterval(() => {}, 1000);`,
    ].join('\n'));
    const runner = await CollectorRunner.start(entry, {}, 10_000, [], 'plain');
    assert.equal(await runner.stop(), 0);
    assert.equal(runner.heldAtStop(), 130);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('heldAtStop is null for a collector that logs no shutdown summary (the mock)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bench-runner-'));
  try {
    const entry = join(dir, 'stand-in.mjs');
    writeFileSync(entry, `process.on('SIGTERM', () => process.exit(0));\nconsole.log(JSON.stringify({ level: 30, msg: 'Butler SOS is ready' }));\nsetInterval(() => {}, 1000);\n`);
    const runner = await CollectorRunner.start(entry, {}, 10_000, [], 'plain');
    await runner.stop();
    assert.equal(runner.heldAtStop(), null);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
