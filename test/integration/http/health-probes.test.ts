// /health and /ready of the built collector while real threads die: the test-fault hooks
// (src/threads/test-faults.ts, BUTLER_SOS_TEST_FAULTS=1 plus an IPC channel) make a managed thread throw an
// uncaught exception, or busy-loop the main thread.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { startCollector, type CollectorProcess } from '../../support/collector-process.js';
import { freePort } from '../../support/free-port.js';
import { repoRoot } from '../../support/paths.js';
import { freeUdpPort } from '../../support/udp.js';

interface Probe {
  status: number;
  body: { status?: string; reason?: string };
}

async function probe(port: number, path: '/health' | '/ready'): Promise<Probe | null> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(2_000) });
    return { status: res.status, body: (await res.json()) as Probe['body'] };
  } catch {
    return null; // not listening (http thread restarting)
  }
}

async function until(what: string, timeoutMs: number, check: () => Promise<boolean>): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

async function fault(collector: CollectorProcess, msg: Record<string, unknown>): Promise<void> {
  const answer = new Promise<{ ok: boolean; error?: string }>((resolve) => collector.child.once('message', resolve as never));
  collector.child.send(msg);
  const reply = await answer;
  assert.ok(reply.ok, `fault ${JSON.stringify(msg)}: ${reply.error}`);
}

async function collectorWithProbes(): Promise<{ collector: CollectorProcess; port: number; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'bsos-probes-'));
  const config = parse(readFileSync(`${repoRoot()}/config/default.yaml`, 'utf8'))['Butler-SOS'];
  const port = await freePort();
  config.logEvents.udpServerConfig.serverHost = '127.0.0.1';
  config.logEvents.udpServerConfig.portLogEvents = await freeUdpPort();
  config.userEvents.udpServerConfig.serverHost = '127.0.0.1';
  config.userEvents.udpServerConfig.portUserActivityEvents = await freeUdpPort();
  config.dockerHealthCheck = { enable: true, port };
  config.fileDestination.directory = join(dir, 'lineprotocol');
  config.delivery = { spool: { directory: join(dir, 'spool') } };
  config.uptimeMonitor.enable = false;
  const collector = await startCollector(config, { ipc: true, env: { BUTLER_SOS_TEST_FAULTS: '1' } });
  return { collector, port, dir };
}

/** Crashes `thread` and waits until the supervisor saw its crash number `n`. */
async function crash(collector: CollectorProcess, thread: string, n: number): Promise<void> {
  await fault(collector, { fault: 'crash-thread', thread });
  // ManagedThread logs every crash once, with its count: "restarting it", or the crash-loop line that gives up.
  await collector.waitForLog((l) => l.thread === thread && l.crashes === n && /^Thread (ended unexpectedly; restarting it|\S+ failed \d+ times)/.test(String(l.msg)));
}

const statusOf = async (port: number, path: '/health' | '/ready'): Promise<number | null> => (await probe(port, path))?.status ?? null;

test('probes: /ready survives an http-thread crash; a writer crashing in a loop is given up and /health fails', async () => {
  const { collector, port, dir } = await collectorWithProbes();
  try {
    await until('/ready 200 after start-up', 10_000, async () => (await statusOf(port, '/ready')) === 200);
    assert.deepEqual((await probe(port, '/health'))?.body, { statusCode: 200, status: 'ok' });

    await crash(collector, 'http', 1);
    await until('the restarted http thread to answer /ready 200', 15_000, async () => (await statusOf(port, '/ready')) === 200);
    assert.equal(await statusOf(port, '/health'), 200);

    // One crash: restarted, so still alive, and ready again once the new writer runs.
    await crash(collector, 'writer-0', 1);
    assert.equal(await statusOf(port, '/health'), 200, 'a thread being restarted is not a liveness failure');
    await until('/ready 200 after the writer restart', 15_000, async () => (await statusOf(port, '/ready')) === 200);

    // Four more within the minute: the crash loop limit (5) is reached and the writer stays down.
    for (let n = 2; n <= 5; n++) {
      await until('writer-0 running before the next crash', 15_000, async () => (await statusOf(port, '/ready')) === 200);
      await crash(collector, 'writer-0', n);
    }
    await collector.waitForLog((l) => /^Thread writer-0 failed 5 times within 60 s; no longer restarting it/.test(l.msg));
    const health = await probe(port, '/health');
    assert.equal(health?.status, 503);
    assert.match(health?.body.reason ?? '', /thread writer-0 is dead and no longer restarted/);
    const ready = await probe(port, '/ready');
    assert.equal(ready?.status, 503);
    assert.match(ready?.body.reason ?? '', /thread writer-0 is failed/);
  } finally {
    await collector.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('probes: /health fails while the main thread is stuck; /ready fails while the spool directory takes no writes', async () => {
  const { collector, port, dir } = await collectorWithProbes();
  try {
    await until('/ready 200 after start-up', 10_000, async () => (await statusOf(port, '/ready')) === 200);
    const blocked = fault(collector, { fault: 'block-main', ms: 8_000 });
    // The heartbeat is at most 5 s old before the answer turns.
    await until('/health 503 while main is blocked', 7_500, async () => (await statusOf(port, '/health')) === 503);
    const stuck = await probe(port, '/health');
    assert.match(stuck?.body.reason ?? '', /main thread event loop stuck for \d+ ms/);
    await blocked;
    await until('/health 200 once main runs again', 5_000, async () => (await statusOf(port, '/health')) === 200);

    // A file where the spool directory should be: nothing can be spooled.
    const spool = join(dir, 'spool');
    rmSync(spool, { recursive: true, force: true });
    writeFileSync(spool, 'not a directory');
    await until('/ready 503 naming the spool', 5_000, async () => (await statusOf(port, '/ready')) === 503);
    assert.match((await probe(port, '/ready'))?.body.reason ?? '', /spool directory .*spool is not writable \((EEXIST|ENOTDIR)\)/);
    assert.equal(await statusOf(port, '/health'), 200, 'a full or read-only disk is not a reason to restart');
    rmSync(spool, { force: true });
    await until('/ready 200 once the spool directory is back', 5_000, async () => (await statusOf(port, '/ready')) === 200);
  } finally {
    await collector.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
