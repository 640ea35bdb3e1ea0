// Kernel receive-buffer drops on /metrics: the built collector is frozen (SIGSTOP) while a burst larger than
// its small UDP receive buffer arrives, so the kernel drops datagrams it never sees; after SIGCONT,
// butlersos_collector_udp_kernel_drops_total{socket="log"} counts them (Linux /proc/net/udp).
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { startCollector } from '../../support/collector-process.js';
import { freePort } from '../../support/free-port.js';
import { repoRoot } from '../../support/paths.js';
import { parsePromText, samplesOf } from '../../support/prom-text.js';
import { freeUdpPort, sendDatagrams } from '../../support/udp.js';

async function kernelDrops(port: number): Promise<Record<string, number>> {
  const text = parsePromText(await (await fetch(`http://127.0.0.1:${port}/metrics`)).text());
  return Object.fromEntries(samplesOf(text, 'butlersos_collector_udp_kernel_drops_total').map((s) => [s.labels.socket, s.value]));
}

test('kernel receive-buffer drops of the log socket are counted on /metrics', { timeout: 60_000 }, async (t) => {
  if (!existsSync('/proc/net/udp')) return t.skip('needs Linux /proc/net/udp');
  const base = parse(readFileSync(join(repoRoot(), 'config', 'default.yaml'), 'utf8'))['Butler-SOS'];
  const logPort = await freeUdpPort();
  const metricsPort = await freePort();
  Object.assign(base.logEvents.udpServerConfig, { serverHost: '127.0.0.1', portLogEvents: logPort });
  Object.assign(base.userEvents.udpServerConfig, { serverHost: '127.0.0.1', portUserActivityEvents: await freeUdpPort() });
  base.ingest.udpReceiveBufferBytes = 65536;
  base.prometheus = { enable: true, host: '127.0.0.1', port: metricsPort, nodeMetricsHost: '127.0.0.1', nodeMetricsPort: await freePort() };
  base.fileDestination.enable = false;
  base.qlikSenseEvents.influxdb.enable = false;
  const collector = await startCollector(base);
  try {
    assert.deepEqual(await kernelDrops(metricsPort), { log: 0, user: 0 }, 'both sockets reported, nothing dropped yet');
    const datagram = '/qseow-engine/;' + 'x'.repeat(1000);
    collector.child.kill('SIGSTOP');
    try {
      // ~3 MB into a 64 KiB buffer nobody reads: most of it is dropped by the kernel.
      await sendDatagrams(logPort, Array.from({ length: 3000 }, () => datagram), 500);
    } finally {
      collector.child.kill('SIGCONT');
    }
    const deadline = Date.now() + 15_000;
    let drops = await kernelDrops(metricsPort);
    while ((drops.log ?? 0) === 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 500));
      drops = await kernelDrops(metricsPort);
    }
    assert.ok(drops.log > 1000, `kernel drops counted: ${JSON.stringify(drops)}`);
    assert.equal(drops.user, 0, 'the user socket dropped nothing');
  } finally {
    assert.equal(await collector.stop(), 0);
  }
});
