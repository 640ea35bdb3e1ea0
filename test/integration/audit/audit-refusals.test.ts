import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { freePort } from '../../support/free-port.js';
import { repoRoot } from '../../support/paths.js';
import { freeUdpPort } from '../../support/udp.js';

// Audit.qs settings this edition cannot carry out stop the built collector at start, one line each naming the
// key (docs/compatibility.md, docs/audit-events.md#not-supported), before anything listens.

test('the built collector refuses qvd, screenshots and objectdata storage at start with one line each', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bsos-audit-refuse-'));
  try {
    const file = join(dir, 'config.yaml');
    const auditPort = await freePort();
    writeFileSync(
      file,
      stringify({
        'Butler-SOS': {
          logEvents: { udpServerConfig: { serverHost: '127.0.0.1', portLogEvents: await freeUdpPort() } },
          userEvents: { udpServerConfig: { serverHost: '127.0.0.1', portUserActivityEvents: await freeUdpPort() } },
          auditEvents: {
            enable: true,
            host: '127.0.0.1',
            port: auditPort,
            destination: {
              enable: true,
              type: 'parquet, qvd',
              parquet: { metadata: { exportDirectory: join(dir, 'pq') }, objectdata: { enable: true, exportDirectory: join(dir, 'od') } },
              qvd: { metadata: { exportDirectory: join(dir, 'qvd') } },
              screenshots: { enable: true, auth: { mode: 'qpsTicket' } },
            },
          },
        },
      }),
    );
    const run = spawnSync(process.execPath, [join(repoRoot(), 'dist', 'src', 'main.js'), '-c', file], { cwd: dir, encoding: 'utf8', timeout: 30_000 });
    assert.equal(run.status, 1, run.stdout + run.stderr);
    const lines = run.stderr.split('\n').filter((l) => l.includes('Butler-SOS.auditEvents.'));
    assert.deepEqual(lines, [
      `${file}: Butler-SOS.auditEvents.destination.screenshots.enable: screenshot download is not supported by this edition (settings given: auth); set it to false`,
      `${file}: Butler-SOS.auditEvents.destination.type: qvd output is not supported by this edition (no maintained QVD writer library); remove qvd`,
      `${file}: Butler-SOS.auditEvents.destination.parquet.objectdata.enable: separate objectdata storage (exportDirectory ${join(dir, 'od')}) is not supported by this edition; objectData is in every metadata row`,
    ]);
    assert.match(run.stderr, /Not started: the configuration has 3 problem\(s\)/);
    assert.ok(!/AUDIT API: listening/.test(run.stdout), 'nothing listens');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
