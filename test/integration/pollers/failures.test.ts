import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { QlikApiSim } from '../../../bench/sim/qlik-api/qlik-api-sim.js';
import { silentLogger } from '../../../src/log/logger.js';
import { categorisePollError } from '../../../src/pollers/poll-error.js';
import { PollerService } from '../../../src/pollers/poller-service.js';
import { MemoryOutput, pollerConfig, pollerOptions, tempCerts, testPki, waitFor, type ConfigSpec, type TempCerts } from './harness.js';

// Every failure of a Qlik Sense API call ends as one categorised error report with the tracker's fields, and
// no points. Each case runs one poll against the simulator's real HTTPS endpoints with real certificates.

let sim: QlikApiSim;
let good: TempCerts;
let rogue: TempCerts;

before(async () => {
  const pki = testPki();
  sim = await QlikApiSim.start({ pki, cluster: { nodes: 2, seed: 7 }, untrustedNodes: [2] });
  good = tempCerts(pki, 'good');
  rogue = tempCerts(pki, 'rogue');
});

after(async () => {
  await sim.close();
  good.cleanup();
  rogue.cleanup();
});

async function pollOnce(spec: Partial<ConfigSpec> & { files: ConfigSpec['files'] }, timeoutMs = 2000) {
  const output = new MemoryOutput();
  const config = pollerConfig({ servers: [{ host: sim.nodes[0].host, serverName: 'sense1' }], ...spec });
  const service = new PollerService(config, pollerOptions(sim, { requestTimeoutMs: timeoutMs }), { logger: silentLogger(), output });
  await service.start();
  try {
    await waitFor(() => output.errors.length + output.batches.length > 0, timeoutMs + 3000, 'one poll result');
  } finally {
    await service.stop();
  }
  return { output, stats: service.stats()! };
}

function onlyError(output: MemoryOutput) {
  assert.equal(output.batches.length, 0, 'a failed poll writes no points');
  assert.equal(output.errors.length, 1);
  return output.errors[0];
}

test('wrong client certificate: the server rejects the TLS handshake, reported as a certificate error', async () => {
  const { output, stats } = await pollOnce({ files: rogue.files });
  const e = onlyError(output);
  assert.equal(e.type, 'HEALTH_API');
  assert.equal(e.serverName, 'sense1');
  assert.equal(e.host, sim.nodes[0].host);
  assert.equal(e.err?.requestUrl, `https://${sim.nodes[0].host}/engine/healthcheck`);
  assert.equal(categorisePollError(e.err), 'certificate_error', JSON.stringify(e.err));
  assert.match(e.err?.message ?? '', /client certificate/);
  assert.equal(stats.health.failed, 1);
});

test('untrusted server certificate with rejectUnauthorized: true is refused', async () => {
  const { output } = await pollOnce({ files: good.files, servers: [{ host: sim.nodes[1].host, serverName: 'sense2' }] });
  const e = onlyError(output);
  assert.equal(categorisePollError(e.err), 'certificate_error', JSON.stringify(e.err));
  assert.match(e.err?.message ?? '', /certificate|TLS/i);
});

test('untrusted server certificate is accepted with rejectUnauthorized: false', async () => {
  const { output } = await pollOnce({ files: good.files, rejectUnauthorized: false, servers: [{ host: sim.nodes[1].host, serverName: 'sense2' }] });
  assert.equal(output.errors.length, 0, JSON.stringify(output.errors));
  assert.equal(output.lines('HEALTH_METRICS').length, 8);
});

test('a server that never answers times out with the configured timeout', async () => {
  sim.setBehaviour(1, 'health', { kind: 'hang' });
  try {
    const started = Date.now();
    const { output } = await pollOnce({ files: good.files }, 300);
    const e = onlyError(output);
    assert.equal(categorisePollError(e.err), 'timeout');
    assert.equal(e.err?.code, 'ECONNABORTED');
    assert.equal(e.err?.requestTimeoutMs, 300);
    assert.ok(Date.now() - started < 3000);
  } finally {
    sim.resetBehaviours();
  }
});

test('connection refused carries the socket details', async () => {
  const closed = createServer();
  const port = await new Promise<number>((resolve) => closed.listen(0, '127.0.0.1', () => resolve((closed.address() as { port: number }).port)));
  await new Promise((resolve) => closed.close(resolve));
  const { output } = await pollOnce({ files: good.files, servers: [{ host: `127.0.0.1:${port}`, serverName: 'gone' }] });
  const e = onlyError(output);
  assert.equal(e.err?.code, 'ECONNREFUSED');
  assert.equal(categorisePollError(e.err), 'connection_refused');
  assert.equal(e.err?.remoteAddress, '127.0.0.1');
  assert.equal(e.err?.remotePort, port);
  assert.equal(e.err?.syscall, 'connect');
});

for (const [status, category] of [
  [401, 'auth_error'],
  [500, 'http_5xx'],
] as const) {
  test(`HTTP ${status} is reported with its status`, async () => {
    sim.setBehaviour(1, 'health', { kind: 'status', status });
    try {
      const { output } = await pollOnce({ files: good.files });
      const e = onlyError(output);
      assert.equal(e.err?.httpStatus, status);
      assert.equal(categorisePollError(e.err), category);
    } finally {
      sim.resetBehaviours();
    }
  });
}

test('an HTML login page instead of JSON is an invalid-response error naming the page', async () => {
  sim.setBehaviour(1, 'health', { kind: 'html' });
  try {
    const { output, stats } = await pollOnce({ files: good.files });
    const e = onlyError(output);
    assert.equal(categorisePollError(e.err), 'invalid_response');
    assert.match(e.err?.message ?? '', /HTML.*Qlik Sense - Login/);
    assert.equal(stats.health.failures.invalid_response, 1);
  } finally {
    sim.resetBehaviours();
  }
});

test('JSON of the wrong shape names every missing value', async () => {
  sim.setBehaviour(1, 'health', { kind: 'json', body: { version: '1', mem: { committed: 'x' } } });
  try {
    const { output } = await pollOnce({ files: good.files });
    const e = onlyError(output);
    assert.equal(categorisePollError(e.err), 'invalid_response');
    assert.match(e.err?.message ?? '', /mem\.committed: expected a number, got string/);
    assert.match(e.err?.message ?? '', /apps: expected an object, got missing/);
  } finally {
    sim.resetBehaviours();
  }
});

test('proxy session errors carry the virtual proxy; QRS errors the QRS host', async () => {
  sim.setBehaviour(1, 'sessions', { kind: 'status', status: 500 });
  sim.setBehaviour('qrs', 'apps', { kind: 'status', status: 403 });
  const output = new MemoryOutput();
  const config = pollerConfig({
    files: good.files,
    servers: [{ host: sim.nodes[0].host, serverName: 'sense1', virtualProxies: ['/', '/hdr'] }],
    sessions: true,
    appNamesHost: '127.0.0.1',
  });
  const service = new PollerService(config, pollerOptions(sim), { logger: silentLogger(), output });
  await service.start();
  try {
    await waitFor(() => output.errors.length >= 3, 5000, 'two PROXY_API and one APP_NAMES_EXTRACT error');
  } finally {
    await service.stop();
    sim.resetBehaviours();
  }
  const proxy = output.errors.filter((e) => e.type === 'PROXY_API').sort((a, b) => (a.virtualProxy ?? '').localeCompare(b.virtualProxy ?? ''));
  assert.deepEqual(proxy.map((e) => [e.serverName, e.host, e.virtualProxy, e.err?.httpStatus]), [
    ['sense1', sim.nodes[0].host, '/', 500],
    ['sense1', sim.nodes[0].host, '/hdr', 500],
  ]);
  assert.equal(proxy[1].err?.requestUrl, `https://${sim.nodes[0].host}/qps/hdr/session`, 'query string (xrfkey) stripped');
  const qrs = output.errors.find((e) => e.type === 'APP_NAMES_EXTRACT');
  assert.equal(qrs?.serverName, '127.0.0.1');
  assert.equal(qrs?.err?.httpStatus, 403);
  assert.equal(output.appNameMessages.length, 0);
});
