// App names from the QRS app list reach every event that has an app id. The simulator serves the Qlik Sense
// HTTPS APIs (`sim --api`, client certificates checked) and sends UDP events of the same virtual cluster; the
// built collector polls the app list once (the list never changes afterwards, so a map that is pushed only
// on change must still reach the parse workers) and writes to a real InfluxDB 1.x. Checked there:
// user_events appName, qix-perf log_event app_name, rejected_event_count app_name/app_name_set, and a
// qix-perf monitor filter written by app name that lets exactly those apps through.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { createCluster } from '../../bench/sim/cluster.js';
import { defaultCollectorConfig, useInfluxV1 } from '../support/collector-config.js';
import { startCollector } from '../support/collector-process.js';
import { startInfluxd, type InfluxdHandle } from '../support/influxd.js';
import { sendSimEvents, startApiSim } from '../support/sim-api.js';
import { freeUdpPort } from '../support/udp.js';

const DB = 'butler_app_names';
const NODES = '3';
const SEED = '1';
// The monitor filter lets the qix-perf events of these apps through, by name; every other app's are rejected.
const MONITORED_APPS = 5;

interface Series {
  tags: Record<string, string>;
  value: number;
}

async function grouped(influx: InfluxdHandle, q: string): Promise<Series[]> {
  const res = await influx.query(q, DB);
  return (res.results[0]?.series ?? []).map((s) => ({ tags: s.tags ?? {}, value: Number(s.values[0][1]) }));
}

function collectorConfig(snippet: Record<string, any>, influxPort: number, logPort: number, userPort: number, monitored: string[]): Record<string, any> {
  const base = useInfluxV1(defaultCollectorConfig(logPort, userPort), influxPort, DB);
  base.cert = snippet.cert;
  // Polled once in this test: the default interval (60 s) is longer than the run.
  base.appNames = { ...base.appNames, ...snippet.appNames, extractInterval: 60_000 };
  base.logEvents.enginePerformanceMonitor = {
    ...base.logEvents.enginePerformanceMonitor,
    enable: true,
    appNameLookup: { enable: true },
    monitorFilter: {
      allApps: { enable: false },
      appSpecific: { enable: true, app: [{ include: monitored.map((appName) => ({ appName })) }] },
    },
  };
  return base;
}

test('e2e: app names from the simulated QRS reach user events, qix-perf events, rejected counts and name filters (real InfluxDB 1.x)', { timeout: 180_000 }, async (t) => {
  const influx = await startInfluxd();
  if (!influx) return t.skip('influxd not installed (apt-get install influxdb)');
  const dir = mkdtempSync(join(tmpdir(), 'bsos-app-names-e2e-'));
  const { child: api, snippet } = await startApiSim(dir, ['--nodes', NODES, '--seed', SEED]);
  try {
    const cluster = createCluster({ nodes: Number(NODES), seed: SEED });
    const nameOf = new Map(cluster.apps.map((a) => [a.id, a.name]));
    const monitored = new Set(cluster.apps.slice(0, MONITORED_APPS).map((a) => a.name));
    assert.equal(new Set(nameOf.values()).size, nameOf.size, 'simulated app names are unique');

    const [logPort, userPort] = [await freeUdpPort(), await freeUdpPort()];
    const collector = await startCollector(collectorConfig(snippet, influx.port, logPort, userPort, [...monitored]));
    // The first app list arrives within milliseconds on loopback; it is never polled again in this test.
    await new Promise((r) => setTimeout(r, 2000));
    const sent = sendSimEvents(['--log-port', String(logPort), '--user-port', String(userPort), '--nodes', NODES, '--seed', SEED, '--rate', '2000', '--count', '3000', '--run-id', '11']);
    assert.equal(sent.sent, 3000);
    assert.ok((sent.bySource.user ?? 0) > 100 && (sent.bySource['qix-perf'] ?? 0) > 300, `a meaningful mix: ${JSON.stringify(sent.bySource)}`);
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(await collector.stop(), 0, 'graceful stop exits 0');
    assert.equal(collector.logs.filter((l) => /partial write|field type conflict/i.test(JSON.stringify(l))).length, 0, 'no refused points');

    await t.test('user_events: every event with an app id carries that app\'s name (tag and field)', async () => {
      const byApp = await grouped(influx, 'SELECT count("userFull") FROM user_events GROUP BY "appId", "appName"');
      const withApp = byApp.filter((s) => (s.tags.appId ?? '') !== '');
      assert.ok(withApp.length >= 5, `user events of several apps (${withApp.length})`);
      for (const s of withApp) assert.equal(s.tags.appName, nameOf.get(s.tags.appId), `appName tag of app ${s.tags.appId}`);
      const fields = await influx.rows(`SELECT "appId"::field AS app_id, "appName"::field AS app_name FROM user_events WHERE "appId"::tag != ''`, DB);
      assert.equal(fields.length, withApp.reduce((n, s) => n + s.value, 0), 'one appName field per user event with an app id');
      for (const r of fields) assert.equal(r.app_name, nameOf.get(r.app_id as string), `appName field of app ${r.app_id}`);
    });

    await t.test('qix-perf log_event: the name filter lets exactly the monitored apps through, each point tagged app_name', async () => {
      const accepted = await grouped(influx, `SELECT count(raw_event) FROM log_event WHERE source='qseow-qix-perf' GROUP BY app_id, app_name`);
      assert.ok(accepted.length >= 2, `qix-perf events of the monitored apps were accepted (${accepted.length} apps)`);
      for (const s of accepted) {
        assert.equal(s.tags.app_name, nameOf.get(s.tags.app_id), `app_name tag of app ${s.tags.app_id}`);
        assert.ok(monitored.has(s.tags.app_name), `${s.tags.app_name} is one of the monitored apps`);
      }
    });

    await t.test('rejected_event_count: rejected apps carry their name and app_name_set=true', async () => {
      const rejected = await grouped(influx, 'SELECT sum(counter) FROM rejected_event_count GROUP BY app_id, app_name, app_name_set');
      const withApp = rejected.filter((s) => (s.tags.app_id ?? '') !== '');
      assert.ok(withApp.length >= 10, `rejected events of many apps (${withApp.length})`);
      for (const s of withApp) {
        assert.equal(s.tags.app_name_set, 'true', `app_name_set of app ${s.tags.app_id}`);
        assert.equal(s.tags.app_name, nameOf.get(s.tags.app_id), `app_name of app ${s.tags.app_id}`);
        assert.ok(!monitored.has(s.tags.app_name), `${s.tags.app_name} is monitored, so none of its events are rejected`);
      }
    });
  } finally {
    api.kill('SIGTERM');
    await influx.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
