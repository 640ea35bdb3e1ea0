import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BroadcastChannel } from 'node:worker_threads';
import { QlikApiSim } from '../../../bench/sim/qlik-api/qlik-api-sim.js';
import type { Config } from '../../../src/config/schema/index.js';
import { silentLogger } from '../../../src/log/logger.js';
import type { DestinationRoute } from '../../../src/destinations/routes.js';
import { channelNames } from '../../../src/threads/channels.js';
import { ManagedThread } from '../../../src/threads/managed-thread.js';
import type { AppListMessage, BatchMessage, ErrorReport } from '../../../src/threads/messages.js';
import type { PollerThreadData } from '../../../workers/poller.js';
import { influxV1Config, pollerConfig, tempCerts, testPki, waitFor } from './harness.js';

// The poller thread entry: started like the supervisor starts it, its output heard on the instance's named
// channels (batches per destination writer, errors to the tracker) and the app list on its parent port (the
// supervisor keeps it for the parse workers); a restarted thread sends the list again even though it is unchanged.

const WORKER = new URL('../../../workers/poller.js', import.meta.url);

function threadData(instanceId: string, config: Config, routes: DestinationRoute[], qrsPort: number): PollerThreadData {
  return { instanceId, config, logLevel: 'error', logFormat: 'json', routes, writerCount: 2, parseSlots: 1, qrsPort, requestTimeoutMs: 2000 };
}

test('the poller thread posts batches to each destination writer, errors to the tracker, app names to parsers', async () => {
  const sim = await QlikApiSim.start({ pki: testPki(), cluster: { nodes: 2, seed: 9 } });
  const certs = tempCerts(testPki());
  sim.setBehaviour(2, 'health', { kind: 'status', status: 503 });
  const instanceId = `poller-thread-${process.pid}`;
  const names = channelNames(instanceId);
  const received = { writer0: [] as BatchMessage[], writer1: [] as BatchMessage[], errors: [] as ErrorReport[], apps: [] as AppListMessage[] };
  const channels = [
    [names.writer(0, 'poller'), (m: unknown) => received.writer0.push(m as BatchMessage)],
    [names.writer(1, 'poller'), (m: unknown) => received.writer1.push(m as BatchMessage)],
    [names.tracker, (m: unknown) => received.errors.push(m as ErrorReport)],
  ].map(([name, onMessage]) => {
    const c = new BroadcastChannel(name as string);
    c.onmessage = (e) => (onMessage as (m: unknown) => void)((e as MessageEvent).data);
    return c;
  });
  const config = pollerConfig({
    files: certs.files,
    servers: [
      { host: sim.nodes[0].host, serverName: 'sense1', virtualProxies: ['/'] },
      { host: sim.nodes[1].host, serverName: 'sense2' },
    ],
    sessions: true,
    appNamesHost: '127.0.0.1',
  });
  // InfluxDB 1.x on writer 0, the file destination writing the v2 dialect on writer 1.
  const base = influxV1Config();
  const full = { ...base, ...config, influxdbConfig: { ...base.influxdbConfig, ...config.influxdbConfig } } as Config;
  full.fileDestination = { ...full.fileDestination, enable: true, influxVersion: 2 };
  const routes: DestinationRoute[] = [
    { dest: 'influxdb', writer: 0 },
    { dest: 'file', writer: 1 },
  ];
  const thread = new ManagedThread({ name: 'poller', file: WORKER, workerData: threadData(instanceId, full, routes, sim.qrsPort), logger: silentLogger(), onMessage: (m) => received.apps.push(m as AppListMessage) });
  try {
    await thread.start();
    await waitFor(
      () => received.apps.length === 1 && received.errors.length >= 1 && received.writer0.length >= 2 && received.writer1.length >= 2,
      8000,
      'app names, an error and health + session batches on both writers',
    );
    const stats = await thread.call<{ health: { succeeded: number; failed: number } }>('stats');
    assert.equal(stats.health.succeeded, 1);
    assert.equal(stats.health.failed, 1);
    // What a crash restart does: the same thread file and data in a new Worker. Its first list is sent again.
    await thread.stop();
    await thread.start();
    await waitFor(() => received.apps.length === 2, 8000, 'the restarted poller sends the app list again');
  } finally {
    await thread.stop();
    for (const c of channels) c.close();
    await sim.close();
    certs.cleanup();
  }
  assert.equal(received.apps[0].t, 'app-list');
  assert.equal(received.apps[0].apps.length, sim.cluster.apps.length);
  assert.deepEqual(received.apps[1].apps, received.apps[0].apps);
  assert.deepEqual(new Map(received.apps[0].apps).get(sim.cluster.apps[0].id), sim.cluster.apps[0].name);
  const err = received.errors[0];
  assert.deepEqual([err.type, err.serverName, err.host, err.err?.httpStatus], ['HEALTH_API', 'sense2', sim.nodes[1].host, 503]);
  for (const [batches, dest] of [[received.writer0, 'influxdb'], [received.writer1, 'file']] as const) {
    assert.ok(batches.every((b) => b.t === 'batch' && b.origin === 'poller' && b.dest === dest));
    const health = batches.find((b) => b.module === 'HEALTH_METRICS')!;
    assert.equal(health.serverName, 'sense1');
    assert.equal(health.count, 8);
    assert.deepEqual(Buffer.from(health.body).toString('utf8').split('\n').at(-1), '', 'every record ends with a newline');
    assert.equal(Buffer.from(health.body).toString('utf8').split('\n').length, 9);
    assert.ok(batches.some((b) => b.module === 'PROXY_SESSIONS'));
  }
  // Each destination gets its own dialect: v1 integers vs v2 unsigned for session counts.
  const v1 = Buffer.from(received.writer0.find((b) => b.module === 'HEALTH_METRICS')!.body).toString();
  const v2 = Buffer.from(received.writer1.find((b) => b.module === 'HEALTH_METRICS')!.body).toString();
  assert.match(v1, /^session,.* active=\d+i,total=\d+i \d+$/m);
  assert.match(v2, /^session,.* active=\d+u,total=\d+u \d+$/m);
});

test('a missing certificate file fails the thread start with a message naming the file', async () => {
  const certs = tempCerts(testPki());
  const config = pollerConfig({ files: { ...certs.files, clientCert: '/nonexistent/client.pem' }, servers: [{ host: '127.0.0.1:1', serverName: 's' }] });
  const thread = new ManagedThread({ name: 'poller', file: WORKER, workerData: threadData('missing-cert', { ...influxV1Config(), ...config } as Config, [], 1), logger: silentLogger() });
  try {
    await assert.rejects(thread.start(), /cert\.clientCert: cannot read certificate file "\/nonexistent\/client\.pem"/);
  } finally {
    await thread.stop().catch(() => undefined);
    certs.cleanup();
  }
});
