// The file destination's files load with the real `influx -import` (Debian's influxdb-client) into a real
// influxd 1.x, as config/default.yaml promises: every rotated file, 0 failed inserts, every point there.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { startCollector } from '../../support/collector-process.js';
import { startInfluxd } from '../../support/influxd.js';
import { repoRoot } from '../../support/paths.js';
import { freeUdpPort } from '../../support/udp.js';

const INFLUX_CLI = process.env.INFLUX_BIN ?? '/usr/bin/influx';
const SIM = join(repoRoot(), 'dist', 'bench', 'sim', 'cli.js');

test('influx -import loads every file of the file destination: 0 failed, the expected point count (real influx CLI, real influxd 1.x)', async (t) => {
  if (!existsSync(INFLUX_CLI)) {
    if (process.env.CI === 'true') assert.fail(`influx CLI not found at ${INFLUX_CLI} (CI=true: required)`);
    t.skip(`influx CLI not found at ${INFLUX_CLI}`);
    return;
  }
  const influxd = await startInfluxd();
  if (influxd === null) return t.skip('influxd not installed');
  const data = mkdtempSync(join(tmpdir(), 'bsos-import-'));
  try {
    // config/default.yaml as shipped, on loopback ports, small files so the run rotates.
    const base = parse(readFileSync(join(repoRoot(), 'config', 'default.yaml'), 'utf8'))['Butler-SOS'];
    const [logPort, userPort] = [await freeUdpPort(), await freeUdpPort()];
    base.logEvents.udpServerConfig = { ...base.logEvents.udpServerConfig, serverHost: '127.0.0.1', portLogEvents: logPort };
    base.userEvents.udpServerConfig = { ...base.userEvents.udpServerConfig, serverHost: '127.0.0.1', portUserActivityEvents: userPort };
    base.logEvents.sendToInfluxdb = { enable: true };
    base.fileDestination = { ...base.fileDestination, directory: data, maxFileBytes: 64 * 1024, maxFiles: 1000 };
    const collector = await startCollector(base);
    const sim = spawnSync(process.execPath, [SIM, '--log-port', String(logPort), '--user-port', String(userPort), '--count', '1500', '--rate', '3000', '--json'], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    assert.equal(sim.status, 0, sim.stderr);
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(await collector.stop(), 0);

    const files = readdirSync(data).filter((f) => f.endsWith('.lp')).sort();
    assert.ok(files.length >= 2, `the run rotated: ${files.join(', ')}`);
    const db = base.influxdbConfig.v1Config.dbName as string;
    let pointLines = 0;
    for (const file of files) {
      const text = readFileSync(join(data, file), 'utf8');
      assert.ok(text.startsWith(`# DML\n# CONTEXT-DATABASE: ${db}\n`), `${file} starts with the import header`);
      pointLines += text.split('\n').filter((l) => l !== '' && !l.startsWith('#')).length;
    }
    await influxd.query(`CREATE DATABASE "${db}"`);
    let inserted = 0;
    for (const file of files) {
      const imported: { status: number | null; stdout: string; stderr: string } = spawnSync(INFLUX_CLI, ['-host', influxd.host, '-port', String(influxd.port), '-import', `-path=${join(data, file)}`, '-precision=ns'], {
        encoding: 'utf8',
        timeout: 60_000,
      });
      const out = `${imported.stdout}${imported.stderr}`;
      assert.equal(imported.status, 0, out);
      const m = /Processed (\d+) inserts\s+\S+ \S+ Failed (\d+) inserts/.exec(out);
      assert.ok(m, out);
      assert.equal(Number(m[2]), 0, `${file}: ${out}`);
      inserted += Number(m[1]);
    }
    assert.equal(inserted, pointLines);
    // Every point is distinct in the database (no two share series and time), so all of them are queryable.
    const sent = JSON.parse(sim.stdout.trim().split('\n').pop()!) as { bySource: Record<string, number> };
    const rows = await influxd.rows('SELECT count("userFull") FROM "user_events"', db);
    assert.equal(rows[0]?.count, sent.bySource.user);
  } finally {
    await influxd.stop();
    rmSync(data, { recursive: true, force: true });
  }
});
