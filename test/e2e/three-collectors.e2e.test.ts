// docs/scaling.md's scale-out, for real: a simulated 12-node cluster split between three collectors (nodes
// 1-4, 5-8, 9-12, as the appenders' remoteAddress would split it), all writing to one real InfluxDB 1.x. Each
// collector tags its events with butler_sos_collector=<name> (logEvents.tags / userEvents.tags). After the
// drains, InfluxDB holds per collector exactly what its share sent, only from its own nodes, and the
// dashboard-style totals (no GROUP BY) are the sums.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { parse } from 'yaml';
import { startCollector, type CollectorProcess } from '../support/collector-process.js';
import { startInfluxd, type InfluxdHandle } from '../support/influxd.js';
import { repoRoot } from '../support/paths.js';
import { freeUdpPort } from '../support/udp.js';

const DB = 'scaleout';
const SIM = join(repoRoot(), 'dist', 'bench', 'sim', 'cli.js');
const SHARES = [
  { name: 'collector-a', range: '1-4', hosts: ['sense1', 'sense2', 'sense3', 'sense4'] },
  { name: 'collector-b', range: '5-8', hosts: ['sense5', 'sense6', 'sense7', 'sense8'] },
  { name: 'collector-c', range: '9-12', hosts: ['sense10', 'sense11', 'sense12', 'sense9'] },
];
const PER_COLLECTOR = 1500;

let influx: InfluxdHandle | null = null;
before(async () => {
  influx = await startInfluxd();
});
after(async () => {
  await influx?.stop();
});

function collectorConfig(name: string, influxPort: number, logPort: number, userPort: number): Record<string, any> {
  const c = parse(readFileSync(join(repoRoot(), 'config', 'default.yaml'), 'utf8'))['Butler-SOS'];
  Object.assign(c.logEvents.udpServerConfig, { serverHost: '127.0.0.1', portLogEvents: logPort });
  Object.assign(c.userEvents.udpServerConfig, { serverHost: '127.0.0.1', portUserActivityEvents: userPort });
  const tag = { name: 'butler_sos_collector', value: name };
  c.logEvents.tags = [...c.logEvents.tags, tag];
  c.userEvents.tags = [...c.userEvents.tags, tag];
  c.uptimeMonitor.storeInInfluxdb.instanceTag = name;
  c.uptimeMonitor.frequency = 'every 1 second';
  c.influxdbConfig = {
    ...c.influxdbConfig,
    enable: true,
    host: '127.0.0.1',
    port: influxPort,
    version: 1,
    v1Config: { auth: { enable: false }, dbName: DB, retentionPolicy: { name: '10d', duration: '10d' } },
  };
  c.fileDestination.enable = false;
  return c;
}

/** count(raw_event) per butler_sos_collector tag value. */
async function countsBy(measurement: string, field: string): Promise<Record<string, number>> {
  const res = await influx!.query(`SELECT count("${field}") FROM "${measurement}" GROUP BY "butler_sos_collector"`, DB);
  return Object.fromEntries((res.results[0].series ?? []).map((s) => [s.tags!.butler_sos_collector, Number(s.values[0][1])]));
}

test('three collectors, a third of a 12-node cluster each, one InfluxDB: per-collector counts match what each share sent, totals add up', { timeout: 300_000 }, async () => {
  assert.ok(influx, 'influxd is installed');
  const collectors: CollectorProcess[] = [];
  const sent: Array<{ log: number; user: number }> = [];
  try {
    const ports: Array<{ log: number; user: number }> = [];
    for (const share of SHARES) {
      const p = { log: await freeUdpPort(), user: await freeUdpPort() };
      ports.push(p);
      collectors.push(await startCollector(collectorConfig(share.name, influx.port, p.log, p.user)));
    }
    for (const [i, share] of SHARES.entries()) {
      const run = spawnSync(
        process.execPath,
        [SIM, '--nodes', '12', '--node-range', share.range, '--log-port', String(ports[i].log), '--user-port', String(ports[i].user), '--rate', '1500', '--count', String(PER_COLLECTOR), '--run-id', String(100 + i), '--json'],
        { encoding: 'utf8', timeout: 60_000 },
      );
      assert.equal(run.status, 0, run.stderr);
      const summary = JSON.parse(run.stdout.trim().split('\n').pop()!) as { sent: number; bySource: Record<string, number>; errors: number };
      assert.equal(summary.sent, PER_COLLECTOR);
      assert.equal(summary.errors, 0);
      sent.push({ log: summary.sent - (summary.bySource.user ?? 0), user: summary.bySource.user ?? 0 });
    }
    // SIGTERM drains each collector: everything received is written before it exits.
    for (const c of collectors) assert.equal(await c.stop(), 0);

    const logCounts = await countsBy('log_event', 'raw_event');
    const userCounts = await countsBy('user_events', 'userFull');
    for (const [i, share] of SHARES.entries()) {
      assert.equal(logCounts[share.name], sent[i].log, `${share.name}: one log_event point per log datagram its nodes sent`);
      assert.equal(userCounts[share.name], sent[i].user, `${share.name}: one user_events point per user datagram its nodes sent`);
      const hosts = await influx.rows(`SHOW TAG VALUES FROM "log_event" WITH KEY = "host" WHERE "butler_sos_collector" = '${share.name}'`, DB);
      assert.deepEqual(hosts.map((h) => h.value).sort(), share.hosts, `${share.name} received only its own nodes`);
    }
    // What a dashboard without a collector filter shows: the sum over the collectors.
    const total = await influx.rows('SELECT count("raw_event") FROM "log_event"', DB);
    assert.equal(Number(total[0].count), sent.reduce((n, s) => n + s.log, 0));
    const allHosts = await influx.rows('SHOW TAG VALUES FROM "log_event" WITH KEY = "host"', DB);
    assert.equal(allHosts.length, 12, 'all 12 nodes, each seen by exactly one collector');
    const memory = await influx.rows('SHOW TAG VALUES FROM "butlersos_memory_usage" WITH KEY = "butler_sos_instance"', DB);
    assert.deepEqual(memory.map((m) => m.value).sort(), SHARES.map((s) => s.name), 'each collector reports its own memory under its instance tag');
  } finally {
    for (const c of collectors) if (c.child.exitCode === null) await c.stop();
  }
});
