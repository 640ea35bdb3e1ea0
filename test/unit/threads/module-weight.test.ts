import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';

// Every collector thread is a V8 isolate of its own, so a library a thread imports without using costs its heap
// in that thread (undici ~4 MB, docs/tuning.md "Memory"). The metrics index is what the main, tracker, writer and
// poller threads import, the heartbeat what the main thread's configuration check and the tracker import.
function loadedPackages(modules: string[]): { promClient: number; undici: number } {
  const urls = modules.map((m) => new URL(m, import.meta.url).href);
  const script = `
    import { createRequire } from 'node:module';
    for (const url of ${JSON.stringify(urls)}) await import(url);
    const cached = Object.keys(createRequire(import.meta.url).cache);
    console.log(JSON.stringify({ promClient: cached.filter((k) => k.includes('/prom-client/')).length, undici: cached.filter((k) => k.includes('/undici/')).length }));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as { promClient: number; undici: number };
}

test('the metrics index and the heartbeat load neither prom-client nor undici; the registry does load prom-client', () => {
  assert.deepEqual(loadedPackages(['../../../src/metrics/index.js', '../../../src/ops/heartbeat.js', '../../../src/ops/verify.js']), {
    promClient: 0,
    undici: 0,
  });
  assert.ok(loadedPackages(['../../../src/metrics/metrics-registry.js']).promClient > 0, 'the check sees a CommonJS package that is loaded');
});
