// Issue 15, item 5: live configuration reload. The built collector receives log events while its
// configuration file changes: a categorisation change applied with SIGHUP, a file with a problem refused
// (the running configuration stays), a change picked up by --watch-config, and a poller target added; the
// file destination's settings change too (it is replaced in the same directory). The UDP socket is never
// closed: every event sent is in the files exactly once, each with the category of the configuration in force
// when it was sent, and the change that needs a restart is named in a warning. Destinations switched under
// load: destination-reload.e2e.test.ts.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse, stringify } from 'yaml';
import { startCollector, type CollectorProcess } from '../support/collector-process.js';
import { repoRoot } from '../support/paths.js';
import { freeUdpPort, sendDatagrams } from '../support/udp.js';
import { startApiSim } from '../support/sim-api.js';

const PER_PHASE = 300;

function datagram(seq: number): string {
  return `/qseow-engine/;${seq % 9999};20240515T143512.001+0200;2024-05-15 14:35:12,001;ERROR;SENSE-RIM1;System.Engine.Engine;LAB\\qlikservice;reload-test-${seq} happened;(null);(null);(null);2024-05-15T14:35:12.000+02:00;c1a9e8d2-3b4f-4a5e-9c6d-7e8f9a0b1c2d;14.187.4;20240515T060102.000+0200;Error;(null);(null)`;
}

function linesOf(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => readFileSync(join(dir, f), 'utf8').split('\n')).filter((l) => l !== '');
}

test('e2e: SIGHUP and --watch-config reload rules and poller targets without losing an event; a bad file is refused', { timeout: 120_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bsos-reload-'));
  const { child: api, snippet } = await startApiSim(dir, ['--nodes', '1'], 300);
  let collector: CollectorProcess | null = null;
  try {
    const base = parse(readFileSync(join(repoRoot(), 'config', 'default.yaml'), 'utf8'))['Butler-SOS'];
    const logPort = await freeUdpPort();
    Object.assign(base.logEvents.udpServerConfig, { serverHost: '127.0.0.1', portLogEvents: logPort });
    Object.assign(base.userEvents.udpServerConfig, { serverHost: '127.0.0.1', portUserActivityEvents: await freeUdpPort() });
    base.logEvents.categorise = { enable: true, rules: [], ruleDefault: { enable: true, category: [{ name: 'phase', value: 'first' }] } };
    base.cert = snippet.cert;
    base.appNames = { ...base.appNames, ...snippet.appNames, enableAppNameExtract: false };
    base.fileDestination = { ...base.fileDestination, directory: join(dir, 'lp') };
    collector = await startCollector(base, { args: ['--watch-config'] });
    const file = join(collector.dir, 'config.yaml');
    const write = (config: unknown) => writeFileSync(file, typeof config === 'string' ? config : stringify({ 'Butler-SOS': config }));
    const logCount = (msg: string) => collector!.logs.filter((l) => l.msg === msg).length;
    const waitForNth = (msg: string, n: number) => collector!.waitForLog(() => logCount(msg) >= n, 15_000);
    let seq = 0;
    const phase = async () => {
      const batch = Array.from({ length: PER_PHASE }, () => datagram(seq++));
      await sendDatagrams(logPort, batch);
      // Parsed (and written) before the next change: a fixed sleep was too short on a busy machine.
      const endAt = Date.now() + 20_000;
      const written = () => (existsSync(join(dir, 'lp')) ? linesOf(join(dir, 'lp')).filter((l) => l.startsWith('log_event,')).length : 0);
      while (written() < seq) {
        assert.ok(Date.now() < endAt, `events up to #${seq - 1} written within 20 s (${written()} written)`);
        await new Promise((r) => setTimeout(r, 100));
      }
    };

    await phase(); // 0..299: first
    base.logEvents.categorise.ruleDefault.category[0].value = 'second';
    base.fileDestination.maxFiles = 31; // applied live: the file destination is replaced
    base.logLevel = 'verbose'; // needs a restart
    write(base);
    collector.child.kill('SIGHUP');
    await waitForNth('Configuration reloaded.', 1);
    const restartWarning = await collector.waitForLog((l) => /take effect only after a restart/.test(l.msg));
    assert.deepEqual(restartWarning.keys, ['logLevel']);
    const reconciled = await collector.waitForLog((l) => l.msg === 'Config reload: destinations reconciled.');
    assert.deepEqual([reconciled.kept, reconciled.replaced, reconciled.added, reconciled.removed], [[], ['file'], [], []]);
    await phase(); // 300..599: second

    write('Butler-SOS:\n  logEvents:\n    udpServerConfig:\n      portLogEvents: not-a-port\n');
    collector.child.kill('SIGHUP');
    const refused = await collector.waitForLog((l) => /^Config reload refused/.test(l.msg));
    assert.ok((refused.problems as string[]).some((p) => p.includes('portLogEvents')), JSON.stringify(refused.problems));
    await phase(); // 600..899: still second

    base.logEvents.categorise.ruleDefault.category[0].value = 'third';
    base.serversToMonitor = { ...base.serversToMonitor, ...snippet.serversToMonitor, pollingInterval: 1000 };
    write(base); // no signal: --watch-config notices
    await waitForNth('Configuration reloaded.', 2);
    await phase(); // 900..1199: third
    await new Promise((r) => setTimeout(r, 1_500)); // a poll round of the new target
    assert.equal(await collector.stop(), 0);
    collector = null;

    const lines = linesOf(join(dir, 'lp'));
    const phaseOf = new Map<number, string>();
    for (const l of lines.filter((x) => x.startsWith('log_event,'))) {
      const n = Number(/reload-test-(\d+) /.exec(l)?.[1]);
      assert.ok(!phaseOf.has(n), `event ${n} written once`);
      phaseOf.set(n, /[,]phase=(\w+)/.exec(l)?.[1] ?? '');
    }
    assert.equal(phaseOf.size, seq, 'every event written');
    const expected = (n: number) => (n < PER_PHASE ? 'first' : n < 3 * PER_PHASE ? 'second' : 'third');
    for (const [n, p] of phaseOf) assert.equal(p, expected(n), `event ${n}`);
    assert.ok(lines.some((l) => l.startsWith('mem,')), 'the poller target added by the reload is polled');
  } finally {
    if (collector) await collector.stop();
    api.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
});
