import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renameSync, writeFileSync } from 'node:fs';
import { issueClientCert } from '../../../bench/sim/qlik-api/pki.js';
import { QlikApiSim } from '../../../bench/sim/qlik-api/qlik-api-sim.js';
import { silentLogger } from '../../../src/log/logger.js';
import { categorisePollError } from '../../../src/pollers/poll-error.js';
import { PollerService } from '../../../src/pollers/poller-service.js';
import { MemoryOutput, pollerConfig, pollerOptions, tempCerts, testPki, waitFor } from './harness.js';

// Qlik certificates are rotated by replacing the exported files in place. The poller must pick the new files
// up without a restart: here it starts with a certificate the server rejects, the files are replaced with a
// valid one, and the simulator must see the new certificate on the following polls.

test('certificate files replaced at run time are used from the next poll on', async () => {
  const pki = testPki();
  const sim = await QlikApiSim.start({ pki, cluster: { nodes: 1, seed: 5 } });
  const certs = tempCerts(pki, 'rogue');
  const output = new MemoryOutput();
  const service = new PollerService(
    pollerConfig({ files: certs.files, servers: [{ host: sim.nodes[0].host, serverName: 'sense1' }], intervalMs: 200 }),
    pollerOptions(sim),
    { logger: silentLogger(), output },
  );
  try {
    await service.start();
    await waitFor(() => output.errors.length >= 1, 3000, 'the first, rejected poll');
    assert.equal(categorisePollError(output.errors[0].err), 'certificate_error');
    assert.equal(output.batches.length, 0);

    const rotated = issueClientCert(pki, 'RotatedClient');
    // Write-then-rename, as deployment tools do, so the poller never reads half a file.
    writeFileSync(certs.files.clientCertKey + '.new', rotated.keyPem);
    writeFileSync(certs.files.clientCert + '.new', rotated.certPem);
    renameSync(certs.files.clientCertKey + '.new', certs.files.clientCertKey);
    renameSync(certs.files.clientCert + '.new', certs.files.clientCert);

    await waitFor(() => output.lines('HEALTH_METRICS').length >= 8, 3000, 'a successful poll with the new certificate');
  } finally {
    await service.stop();
    await sim.close();
    certs.cleanup();
  }
  const accepted = sim.requests({ kind: 'health' });
  assert.ok(accepted.length >= 1);
  assert.ok(accepted.every((r) => r.clientCn === 'RotatedClient'), 'every request that reached HTTP carried the new certificate');
  const stats = service.stats()!;
  assert.ok(stats.certReloads >= 1);
  assert.ok(stats.health.succeeded >= 1);
});
