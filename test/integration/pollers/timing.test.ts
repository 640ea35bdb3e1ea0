import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { QlikApiSim, type ApiRequest } from '../../../bench/sim/qlik-api/qlik-api-sim.js';
import { silentLogger } from '../../../src/log/logger.js';
import { categorisePollError } from '../../../src/pollers/poll-error.js';
import { PollerService } from '../../../src/pollers/poller-service.js';
import { MemoryOutput, pollerConfig, pollerOptions, tempCerts, testPki, type TempCerts } from './harness.js';

// Scheduling, measured where it matters: on the simulated Qlik servers' request log. A poll is "on time" when
// the server receives it within a slot tolerance of start + n × interval.

let sim: QlikApiSim;
let certs: TempCerts;

before(async () => {
  sim = await QlikApiSim.start({ pki: testPki(), cluster: { nodes: 20, seed: 11, virtualProxies: ['/hdr', '/sales'] } });
  certs = tempCerts(testPki());
});

after(async () => {
  await sim.close();
  certs.cleanup();
});

/** For each tick n, the latest arrival minus the slot start + n × interval, in ms. */
function lateness(requests: ApiRequest[], t0: number, intervalMs: number, ticks: number): number[] {
  return Array.from({ length: ticks }, (_, n) => {
    const slot = t0 + n * intervalMs;
    const inSlot = requests.filter((r) => r.at >= slot - intervalMs / 2 && r.at < slot + intervalMs / 2);
    return inSlot.length === 0 ? Infinity : Math.max(...inSlot.map((r) => r.at - slot));
  });
}

test('a hanging server does not delay two others; its overlapping polls are skipped and counted', async () => {
  sim.clearRequests();
  sim.setBehaviour(2, 'health', { kind: 'hang' });
  const intervalMs = 300;
  const output = new MemoryOutput();
  const hosts = [0, 1, 2].map((i) => ({ host: sim.nodes[i].host, serverName: `sense${i + 1}` }));
  const service = new PollerService(pollerConfig({ files: certs.files, servers: hosts, intervalMs }), pollerOptions(sim, { requestTimeoutMs: 1000 }), {
    logger: silentLogger(),
    output,
  });
  await service.start();
  await sleep(intervalMs * 6 + 100);
  await service.stop();
  sim.resetBehaviours();

  const t0 = sim.requests({ kind: 'health' })[0].at;
  for (const name of ['sense1', 'sense3']) {
    const log = sim.requests({ kind: 'health', target: name });
    assert.ok(log.length >= 6, `${name}: ${log.length} polls`);
    const late = lateness(log, t0, intervalMs, 6);
    assert.ok(late.every((ms) => ms < intervalMs / 2), `${name} lateness per tick: ${late.join(', ')} ms`);
  }
  const hung = sim.requests({ kind: 'health', target: 'sense2' });
  // Each request hangs for the 1000 ms timeout, so only every fourth tick finds the server free.
  assert.ok(hung.length >= 2 && hung.length <= 3, `sense2 polled ${hung.length} times`);
  const stats = service.stats()!;
  assert.ok(stats.health.skippedOverlap >= 3, `skipped ${stats.health.skippedOverlap}`);
  const timeouts = output.errors.filter((e) => e.serverName === 'sense2');
  assert.ok(timeouts.length >= 1 && timeouts.every((e) => categorisePollError(e.err) === 'timeout'));
  assert.equal(output.errors.filter((e) => e.serverName !== 'sense2').length, 0);
});

test('20 servers × 3 virtual proxies at a 5 s interval: every poll arrives on time', async () => {
  sim.clearRequests();
  const intervalMs = 5000;
  const ticks = 3;
  const servers = sim.nodes.map((n, i) => ({ host: n.host, serverName: `sense${i + 1}`, virtualProxies: ['/', '/hdr', '/sales'] }));
  const output = new MemoryOutput();
  const service = new PollerService(
    pollerConfig({ files: certs.files, servers, intervalMs, sessions: true }),
    pollerOptions(sim, { requestTimeoutMs: 5000 }),
    { logger: silentLogger(), output },
  );
  // The schedule's reference: tick n is due at start + n × interval.
  const t0 = Date.now();
  await service.start();
  await sleep(intervalMs * (ticks - 1) + 1500);
  await service.stop();

  const health = sim.requests({ kind: 'health' });
  const sessions = sim.requests({ kind: 'sessions' });
  assert.equal(health.length, 20 * ticks, 'one health poll per server and tick');
  assert.equal(sessions.length, 20 * 3 * ticks, 'one session poll per server, virtual proxy and tick');
  // Tick 0 opens 80 TLS connections (client and simulator share this process and its CPU); later ticks reuse
  // them. Tolerances are a fifth and a tenth of the interval: far below the interval, far above jitter.
  for (const [kind, log] of [['health', health], ['sessions', sessions]] as const) {
    for (const node of sim.nodes) {
      const mine = log.filter((r) => r.target === node.node.name);
      const late = lateness(mine, t0, intervalMs, ticks);
      assert.ok(late[0] < intervalMs / 5 && late.slice(1).every((ms) => ms < intervalMs / 10), `${kind} ${node.node.name} lateness per tick: ${late.join(', ')} ms`);
    }
  }
  for (const node of sim.nodes) {
    const vps = sessions.filter((r) => r.target === node.node.name).map((r) => r.virtualProxy);
    for (const vp of ['/', '/hdr', '/sales']) assert.equal(vps.filter((v) => v === vp).length, ticks, `${node.node.name} ${vp}`);
  }
  assert.equal(output.errors.length, 0, JSON.stringify(output.errors.slice(0, 3)));
  const stats = service.stats()!;
  assert.equal(stats.health.succeeded, 20 * ticks);
  assert.equal(stats.sessions.succeeded, 60 * ticks);
  assert.equal(stats.health.skippedOverlap + stats.sessions.skippedOverlap, 0);
  const perTick = lateness(health.concat(sessions), t0, intervalMs, ticks);
  console.log(`# 20×3 at 5 s: last request of each tick arrived ${perTick.join(' / ')} ms after its slot`);
});
