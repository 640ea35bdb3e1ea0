import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { BroadcastChannel } from 'node:worker_threads';
import { loadUws } from '../../../src/http/uws-loader.js';
import { silentLogger } from '../../../src/log/logger.js';
import { healthPollMessage } from '../../../src/metrics/health-gauges.js';
import { publishCollectorMetrics } from '../../../src/metrics/publish.js';
import { readHealthBody } from '../../../src/pollers/health-body.js';
import { channelNames } from '../../../src/threads/channels.js';
import { ManagedThread } from '../../../src/threads/managed-thread.js';
import type { HttpThreadData } from '../../../workers/http.js';
import { fixturePath } from '../../support/paths.js';
import { parsePromText, samplesOf } from '../../support/prom-text.js';

// The http thread as the supervisor runs it: metric updates over the instance's metrics channel, setReady and
// stop as control calls, start/stop several times in one process without the uv_loop_close abort.

const WORKER = new URL('../../../workers/http.js', import.meta.url);
const server = { host: 'sense1.lab.local:4747', serverName: 'sense1', serverDescription: 'Central node', serverTags: null };

function threadData(instanceId: string): HttpThreadData {
  return {
    instanceId,
    config: {
      prometheus: { enable: true, host: '127.0.0.1', port: 0, nodeMetricsHost: '127.0.0.1', nodeMetricsPort: 0 },
      dockerHealthCheck: { enable: true, port: 0 },
      serversToMonitor: { pollingInterval: 30_000, servers: [server] },
      userSessions: { pollingInterval: 30_000 },
    },
    logLevel: 'error',
    logFormat: 'json',
  };
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  assert.fail(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

test('the http thread serves metrics posted on the metrics channel, readiness, and stops cleanly (3 rounds)', async () => {
  const body = readHealthBody(JSON.parse(readFileSync(fixturePath('spec', 'http', 'healthcheck-from-tests.json'), 'utf8')));
  for (let round = 0; round < 3; round++) {
    const instanceId = `http-thread-${process.pid}-${round}`;
    const channel = new BroadcastChannel(channelNames(instanceId).metrics);
    const thread = new ManagedThread({ name: 'http', file: WORKER, workerData: threadData(instanceId), logger: silentLogger() });
    try {
      await thread.start();
      const ports = await thread.call<{ prometheus: number; docker: number; engine: string }>('ports');
      assert.equal(ports.engine, process.env.BUTLER_SOS_HTTP_ENGINE === 'node' || !loadUws().ok ? 'node' : 'uws');
      const base = `http://127.0.0.1:${ports.prometheus}`;
      assert.equal((await fetch(`http://127.0.0.1:${ports.docker}/ready`)).status, 503);
      assert.equal(await thread.call('setReady', { ready: true }), true);
      assert.equal((await fetch(`http://127.0.0.1:${ports.docker}/ready`)).status, 200);

      channel.postMessage(healthPollMessage(server, body));
      channel.postMessage({ t: 'bogus' });
      publishCollectorMetrics(channel, { threadRestarts: { 'writer-0': 2 } });
      let text = parsePromText('');
      await waitFor(async () => {
        text = parsePromText(await (await fetch(`${base}/metrics`)).text());
        return samplesOf(text, 'butlersos_collector_thread_restarts_total').length > 0 && samplesOf(text, 'butlersos_cpu_total').length > 0;
      }, 5000, 'the posted updates on /metrics');
      assert.equal(samplesOf(text, 'butlersos_cpu_total')[0].value, body.cpu.total);
      assert.equal(samplesOf(text, 'butlersos_mem_free')[0].value, body.mem.free * 1048576);
      assert.equal(samplesOf(text, 'butlersos_collector_thread_restarts_total')[0].value, 2);
      assert.equal(samplesOf(text, 'butlersos_collector_metric_updates_invalid_total')[0].value, 1);
      // A keep-alive connection stays open on purpose: stop must close it too.
      await thread.stop(5000);
      await assert.rejects(fetch(`${base}/health`), 'listen socket closed after stop');
    } finally {
      channel.close();
      await thread.stop(5000);
    }
  }
});

test('a busy port fails thread start-up naming the key, after closing the endpoint it already bound', async () => {
  const blocker = createServer().listen(0, '127.0.0.1');
  await once(blocker, 'listening');
  const busy = (blocker.address() as AddressInfo).port;
  try {
    const data = threadData(`http-busy-${process.pid}`);
    data.config.dockerHealthCheck.port = busy;
    data.dockerHealthHost = '127.0.0.1';
    const thread = new ManagedThread({ name: 'http', file: WORKER, workerData: data, logger: silentLogger() });
    await assert.rejects(thread.start(), /dockerHealthCheck\.port: cannot listen on 127\.0\.0\.1:\d+/);
    await thread.stop(1000);
  } finally {
    blocker.close();
  }
  // Still alive: an abort would have ended this test process.
  await new Promise((r) => setTimeout(r, 200));
});

test('process.exit while the uWS http thread runs: the exit guard closes its sockets (exit code kept)', async (t) => {
  if (!loadUws().ok) {
    t.skip('uWebSockets.js does not load on this Node; the node:http engine has no such hazard');
    return;
  }
  const child = fileURLToPath(new URL('./exit-guard-child.js', import.meta.url));
  const guarded = spawnSync(process.execPath, [child, 'guard'], { encoding: 'utf8', timeout: 30_000, env: { ...process.env, BUTLER_SOS_HTTP_ENGINE: 'uws' } });
  assert.match(guarded.stdout, /served 200/);
  assert.equal(guarded.status, 3, `guarded child: exit ${guarded.status} signal ${guarded.signal}\n${guarded.stderr}`);
  // Without the guard the same exit aborts the process: this is what the guard is for.
  const bare = spawnSync(process.execPath, [child, 'bare'], { encoding: 'utf8', timeout: 30_000, env: { ...process.env, BUTLER_SOS_HTTP_ENGINE: 'uws' } });
  assert.match(bare.stdout, /served 200/);
  assert.notEqual(bare.status, 3);
  assert.match(bare.stderr, /uv_loop_close\(\) while having open handles/);
});
