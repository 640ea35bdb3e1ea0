// WriterHost.reconcile / retire (a configuration reload): unchanged destinations keep running untouched,
// changed ones are replaced without losing what was queued (written, or spooled and replayed by the new
// instance), added ones start, removed ones keep taking what was routed to them until retire().
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../../../src/log/logger.js';
import { WriterHost, type WriterHostConfig } from '../../../src/destinations/writer-host.js';
import type { DestinationPlugin } from '../../../src/destinations/plugin.js';
import { SinkWriteError } from '../../../src/destinations/sink-error.js';
import type { SinkBatch } from '../../../src/destinations/sink.js';
import { planDestinations, destinationFingerprint } from '../../../src/destinations/reconcile.js';
import { fileDestination } from '../../../src/destinations/file/plugin.js';
import type { Config } from '../../../src/config/schema/index.js';
import type { BatchMessage } from '../../../src/threads/messages.js';
import { MemorySink } from './memory-sink.js';

class OutageSink extends MemorySink {
  down = false;
  override write(batch: SinkBatch): Promise<void> {
    if (this.down) return Promise.reject(new SinkWriteError({ kind: 'retryable', details: { message: 'connect ECONNREFUSED' } }));
    return super.write(batch);
  }
}

/** Test config: which ids are enabled and each one's own section (its settings). */
interface TestConfig {
  on: string[];
  delivery?: WriterHostConfig['delivery'];
  [section: string]: unknown;
}
const cfg = (c: TestConfig): WriterHostConfig => c as unknown as WriterHostConfig;

interface TestPlugin extends DestinationPlugin {
  made: OutageSink[];
}

/** A plugin whose settings are its section `s_<id>` (the default: its sections' values). */
function plugin(id: string): TestPlugin {
  const made: OutageSink[] = [];
  return {
    id,
    name: `test ${id}`,
    sections: [`s_${id}`],
    errorTypes: [],
    made,
    enabled: (c) => (c as unknown as TestConfig).on.includes(id),
    takes: () => false,
    encoding: () => ({ key: id, encoders: {} }),
    describe: () => id,
    create: () => {
      const sink = new OutageSink(id);
      made.push(sink);
      return { sink };
    },
  };
}

function msg(dest: string, ...lines: string[]): BatchMessage {
  return { t: 'batch', origin: 'parse', dest, module: 'LOG_EVENTS', count: lines.length, body: Buffer.from(lines.join('\n') + '\n') };
}

test('planDestinations: same settings kept, changed replaced, new added, missing removed', () => {
  const [a, b, c] = [plugin('a'), plugin('b'), plugin('c')];
  const before = cfg({ on: ['a', 'b'], s_a: 1, s_b: 1 });
  const running = new Map([a, b].map((p) => [p.id, destinationFingerprint(p, before)]));
  const changes = planDestinations(running, cfg({ on: ['a', 'c'], s_a: 1, s_c: 1, unrelated: 'changed' }), [a, b, c]);
  assert.deepEqual([changes.keep, changes.replace.map((p) => p.id), changes.add.map((p) => p.id), changes.remove], [['a'], [], ['c'], ['b']]);
  const tuned = planDestinations(running, cfg({ on: ['a', 'b'], s_a: 1, s_b: 1, delivery: { maxBatchLines: 10 } }), [a, b, c]);
  assert.deepEqual(tuned.replace.map((p) => p.id), ['a', 'b'], 'delivery tuning is part of every destination');
});

test('the file destination is replaced when the database its import header names changes (influxdbConfig), not for other InfluxDB settings', () => {
  const base = { fileDestination: { enable: true, directory: '/a' }, influxdbConfig: { version: 1, port: 8086, v1Config: { dbName: 'one' } } } as unknown as Config;
  const fp = (c: Config) => destinationFingerprint(fileDestination, c as unknown as WriterHostConfig);
  const otherPort = structuredClone(base);
  otherPort.influxdbConfig.port = 9999;
  assert.equal(fp(otherPort), fp(base));
  const otherDb = structuredClone(base);
  otherDb.influxdbConfig.v1Config.dbName = 'two';
  assert.notEqual(fp(otherDb), fp(base));
});

test('reconcile keeps, replaces, adds; a removed destination takes batches until retire(); books stay balanced', async () => {
  const [a, b, c, d] = [plugin('a'), plugin('b'), plugin('c'), plugin('d')];
  const registry = [a, b, c, d];
  const delivery = { flushIntervalMs: 10 };
  const host = new WriterHost(cfg({ on: ['a', 'b', 'c'], s_a: 1, s_b: 1, s_c: 1, delivery }), { logger: silentLogger(), reportError: () => undefined, registry });
  await host.start();
  host.accept(msg('a', 'a1'));
  host.accept(msg('b', 'b1'));
  host.accept(msg('c', 'c1'));
  const reconciling = host.reconcile(cfg({ on: ['a', 'b', 'd'], s_a: 1, s_b: 2, s_d: 1, delivery }), registry, 1_000);
  // While the old b writes its queue, batches for b go to the old one or are held for the new one; c still takes its own.
  host.accept(msg('b', 'b2'));
  host.accept(msg('c', 'c2'));
  assert.deepEqual(await reconciling, { kept: ['a'], replaced: ['b'], added: ['d'], leaving: ['c'] });
  assert.deepEqual(host.destinationIds(), ['a', 'b', 'd']);
  assert.equal(a.made.length, 1, 'a untouched');
  assert.equal(a.made[0].stopped, false);
  assert.equal(b.made.length, 2);
  assert.equal(b.made[0].stopped, true, 'old b stopped');
  assert.equal(d.made[0].started, true, 'd started');
  host.accept(msg('c', 'c3'));
  host.accept(msg('d', 'd1'));
  assert.deepEqual(await host.retire(1_000), ['c']);
  assert.equal(c.made[0].stopped, true);
  assert.deepEqual(c.made[0].lines(), ['c1', 'c2', 'c3'], 'every batch routed to c before the switch was written');
  host.accept(msg('c', 'c4'));
  assert.equal(await host.flush(1_000), true);
  assert.deepEqual([...b.made[0].lines(), ...b.made[1].lines()], ['b1', 'b2'], 'b1 and b2 each written once, in order, by the old or the new b');
  assert.deepEqual(b.made[0].lines().slice(0, 1), ['b1'], 'the old b wrote its queue before stopping');
  assert.deepEqual(d.made[0].lines(), ['d1']);
  const s = host.stats();
  assert.deepEqual(s.unroutedBatches, { c: 1 }, 'after retire a batch for c is counted, not silently lost');
  const written = Object.fromEntries(s.destinations.map((x) => [x.id, x.writtenLines]));
  assert.deepEqual(written, { a: 1, b: 2, c: 3, d: 1 }, 'a replaced or removed destination keeps its counts');
  assert.equal(s.receivedLines.parse, 8);
  await host.stop(1_000);
});

test('a replaced destination that is down hands its queue over through the spool; the new instance replays it first', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'bsos-reconcile-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const b = plugin('b');
  const delivery = { flushIntervalMs: 10, backoff: { initialMs: 20, maxMs: 40 }, spool: { directory: dir, graceMs: 60_000, maxBytes: 1 << 20 } };
  const host = new WriterHost(cfg({ on: ['b'], s_b: 'old target', delivery }), { logger: silentLogger(), reportError: () => undefined, registry: [b] });
  await host.start();
  b.made[0].down = true;
  for (let i = 1; i <= 3; i++) host.accept(msg('b', `b${i}`));
  await new Promise((r) => setTimeout(r, 50));
  const result = await host.reconcile(cfg({ on: ['b'], s_b: 'new target', delivery }), [b], 100);
  assert.deepEqual(result.replaced, ['b']);
  assert.deepEqual(b.made[0].lines(), [], 'the old target never accepted a write');
  host.accept(msg('b', 'b4'));
  assert.equal(await host.flush(2_000), true);
  assert.deepEqual(b.made[1].lines(), ['b1', 'b2', 'b3', 'b4'], 'spooled lines replayed by the new instance, before new data');
  const stats = host.stats().destinations[0];
  assert.equal(stats.spooledLines, 3);
  assert.equal(stats.replayedLines, 3);
  assert.equal(stats.writtenLines, 4);
  assert.equal(Object.values(stats.droppedLines).reduce((x, y) => x + y, 0), 0, 'nothing dropped');
  await host.stop(1_000);
});

test('batches held for a replaced destination are bounded like its queue: the oldest go, counted as queue_full', async () => {
  const b = plugin('b');
  const delivery = { flushIntervalMs: 10, maxQueuedLines: 3 };
  const host = new WriterHost(cfg({ on: ['b'], s_b: 1, delivery }), { logger: silentLogger(), reportError: () => undefined, registry: [b] });
  await host.start();
  b.made[0].hold = true; // the old backend hangs: its stop runs out of budget
  host.accept(msg('b', 'b1'));
  await new Promise((r) => setTimeout(r, 30));
  const reconciling = host.reconcile(cfg({ on: ['b'], s_b: 2, delivery }), [b], 100);
  // The new instance is built (asynchronously) before batches are held for it.
  await new Promise((r) => setImmediate(r));
  for (let i = 2; i <= 6; i++) host.accept(msg('b', `b${i}`));
  await reconciling;
  assert.equal(await host.flush(1_000), true);
  assert.deepEqual(b.made[1].lines(), ['b4', 'b5', 'b6']);
  const stats = host.stats().destinations[0];
  assert.equal(stats.droppedLines.queue_full, 2);
  assert.equal(stats.writtenLines + Object.values(stats.droppedLines).reduce((x, y) => x + y, 0) + stats.queuedLines + stats.inFlightLines, 6, 'every line written or counted');
  b.made[0].release();
  await host.stop(1_000);
});
