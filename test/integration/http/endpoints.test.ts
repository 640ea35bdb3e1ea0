import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { HttpService, type HttpServiceConfig } from '../../../src/http/http-service.js';
import { loadUws } from '../../../src/http/uws-loader.js';
import { silentLogger } from '../../../src/log/logger.js';
import { healthPollMessage, sessionPollMessage } from '../../../src/metrics/health-gauges.js';
import { publishCollectorMetrics } from '../../../src/metrics/publish.js';
import { readHealthBody } from '../../../src/pollers/health-body.js';
import { fixturePath } from '../../support/paths.js';
import { parsePromText, samplesOf } from '../../support/prom-text.js';
import { promtoolAvailable, promtoolCheck } from '../../support/promtool.js';

// Both engines (uWebSockets.js and node:http) serve the same endpoints; the scraped /metrics passes a real
// `promtool check metrics`.

const server = { host: 'sense1.lab.local:4747', serverName: 'sense1', serverDescription: 'Central node', serverTags: { server_group: 'DEV' } };

function config(): HttpServiceConfig {
  return {
    prometheus: { enable: true, host: '127.0.0.1', port: 0, nodeMetricsHost: '127.0.0.1', nodeMetricsPort: 0 },
    dockerHealthCheck: { enable: true, port: 0 },
    serversToMonitor: { pollingInterval: 30_000, serverTagsDefinition: ['server_group'], servers: [server] },
    userSessions: { pollingInterval: 30_000 },
  };
}

const engines = [
  { engine: 'uws' as const, available: loadUws().ok },
  { engine: 'node' as const, available: true },
];

for (const { engine, available } of engines) {
  test(`${engine}: /metrics, /health, /ready on the Prometheus port and the Docker health port`, async (t) => {
    if (!available) {
      if (process.env.CI === 'true' && process.versions.modules === '115') assert.fail('uWebSockets.js must load on Node 20 in CI');
      t.skip(`uWebSockets.js binary does not load on Node ABI ${process.versions.modules}`);
      return;
    }
    const service = await HttpService.start({ config: config(), logger: silentLogger(), engine });
    try {
      assert.equal(service.prometheus?.engine, engine);
      const prom = `http://127.0.0.1:${service.prometheus!.port}`;
      const docker = `http://127.0.0.1:${service.docker!.port}`;
      assert.notEqual(service.prometheus!.port, service.docker!.port);

      for (const base of [prom, docker]) {
        const health = await fetch(`${base}/health`);
        assert.equal(health.status, 200);
        assert.match(health.headers.get('content-type') ?? '', /application\/json/);
        assert.deepEqual(await health.json(), { statusCode: 200, status: 'ok' });
        const ready = await fetch(`${base}/ready`);
        assert.equal(ready.status, 503, 'not ready before setReady');
        await ready.body?.cancel();
      }
      service.setReady(true);
      assert.equal((await fetch(`${docker}/ready`)).status, 200);
      assert.equal((await fetch(`${docker}/metrics`)).status, 404, 'docker port serves probes only');
      const head = await fetch(`${prom}/health`, { method: 'HEAD' });
      assert.equal(head.status, 200);
      assert.equal(await head.text(), '');
      assert.equal((await fetch(`${prom}/health`, { method: 'POST', body: 'x' })).status, 405);

      const body = readHealthBody(JSON.parse(readFileSync(fixturePath('spec', 'http', 'healthcheck-constructed-realistic.json'), 'utf8')));
      service.apply(healthPollMessage(server, body));
      service.apply(sessionPollMessage(server, { virtualProxy: '/', sessionHost: 'sense1.lab.local:4243' }, 2));
      const channel = { postMessage: (m: unknown) => service.apply(m) };
      publishCollectorMetrics(channel, {
        rings: { log: { received: 10, receivedBytes: 900, droppedSize: 0, droppedRateLimit: 0, droppedRingFull: 1, droppedSource: 0, datagramsLost: 0, slicesDispatched: 2, sliceRetries: 0, workerCrashes: 0, socketErrors: 0, bytesUsed: 0, capacity: 4096 } },
        destinations: [{ id: 'influxdb', up: true, writtenLines: 9, writtenBatches: 1, retries: 0, failedBatches: 0, droppedLines: { queue_full: 0, rejected: 0, shutdown: 0 }, queuedLines: 0 }],
      });

      const res = await fetch(`${prom}/metrics`);
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
      const text = await res.text();
      const parsed = parsePromText(text);
      assert.equal(samplesOf(parsed, 'butlersos_cpu_total')[0].value, body.cpu.total);
      assert.equal(samplesOf(parsed, 'butlersos_user_session_total')[0].value, 2);
      assert.equal(samplesOf(parsed, 'butlersos_collector_udp_dropped_total').find((s) => s.labels.reason === 'ring_full')?.value, 1);
      assert.ok(samplesOf(parsed, 'process_resident_memory_bytes').length === 1, 'Node default metrics present');
      assert.ok(parsed.type.has('nodejs_eventloop_lag_seconds'));

      if (promtoolAvailable(t)) promtoolCheck(text);

      // The Node.js metrics endpoint (prometheus.nodeMetricsPort): the process metrics alone, as Butler SOS served them.
      assert.equal(service.nodeMetrics?.engine, engine);
      const nodeRes = await fetch(`http://127.0.0.1:${service.nodeMetrics!.port}/metrics`);
      assert.equal(nodeRes.status, 200);
      assert.match(nodeRes.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
      const nodeText = await nodeRes.text();
      const nodeParsed = parsePromText(nodeText);
      assert.equal(samplesOf(nodeParsed, 'process_resident_memory_bytes').length, 1);
      assert.ok(nodeParsed.type.has('nodejs_eventloop_lag_seconds'));
      assert.ok(![...nodeParsed.type.keys()].some((name) => name.startsWith('butlersos_')), 'no butlersos_* series on the Node endpoint');
      if (promtoolAvailable(t)) promtoolCheck(nodeText);
    } finally {
      await service.stop();
    }
    assert.equal((await fetch(`http://127.0.0.1:${service.prometheus!.port}/health`).catch(() => null)) === null, true, 'closed after stop');
  });
}

for (const { engine, available } of engines) {
  test(`${engine}: a port that is in use, also by uWebSockets.js, fails start-up naming the key (dockerHealthCheck.port, prometheus.nodeMetricsPort)`, async (t) => {
    if (!available) return t.skip(`uWebSockets.js binary does not load on Node ABI ${process.versions.modules}`);
    // uWS sets SO_REUSEPORT unless told otherwise: two uWS listeners on one port would share it silently.
    const first = await HttpService.start({ config: config(), logger: silentLogger(), engine });
    const cases: Array<[(cfg: HttpServiceConfig) => void, RegExp]> = [
      [(cfg) => ((cfg.prometheus.enable = false), (cfg.dockerHealthCheck.port = first.docker!.port)), /dockerHealthCheck\.port: cannot listen on 127\.0\.0\.1:\d+/],
      [(cfg) => ((cfg.dockerHealthCheck.enable = false), (cfg.prometheus.nodeMetricsPort = first.nodeMetrics!.port)), /prometheus\.nodeMetricsPort: cannot listen on 127\.0\.0\.1:\d+/],
    ];
    try {
      for (const [change, message] of cases) {
        const cfg = config();
        change(cfg);
        await assert.rejects(HttpService.start({ config: cfg, logger: silentLogger(), engine }), message);
      }
    } finally {
      await first.stop();
    }
  });
}

test('the Docker HEALTHCHECK probe script exits 0 while /health answers and 1 once the endpoint is gone', async () => {
  const cfg = config();
  cfg.prometheus.enable = false;
  const service = await HttpService.start({ config: cfg, logger: silentLogger() });
  const script = fileURLToPath(new URL('../../../src/http/docker-healthcheck.js', import.meta.url));
  const port = String(service.docker!.port);
  // Asynchronous on purpose: the server runs on this thread, a spawnSync would keep it from answering.
  const probe = () =>
    new Promise<number | null>((resolve) => {
      const child = execFile(process.execPath, [script, port], { timeout: 10_000, env: { ...process.env, BUTLER_SOS_HEALTH_HOST: '127.0.0.1' } });
      child.on('exit', (code) => resolve(code));
    });
  try {
    assert.equal(await probe(), 0);
  } finally {
    await service.stop();
  }
  assert.equal(await probe(), 1);
});
