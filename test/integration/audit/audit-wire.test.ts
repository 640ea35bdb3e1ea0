import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AuditService } from '../../../src/audit/audit-service.js';
import { loadConfigText } from '../../../src/config/load.js';
import { loadUws } from '../../../src/http/uws-loader.js';
import { silentLogger } from '../../../src/log/logger.js';
import { runAuditMode } from '../../../bench/sim/audit-mode.js';
import { AUDIT_TYPES, auditYaml, envelope, postAudit } from '../../support/audit-events.js';
import { minimalYaml } from '../../unit/config/helpers.js';

// What only the wire shows, on both engines: the body limit (413 without reading the rest), the CORS preflight,
// test-connection, and the simulator's audit mode against the real server.

const engines = [
  { engine: 'uws' as const, available: loadUws().ok },
  { engine: 'node' as const, available: true },
];

async function start(engine: 'uws' | 'node', extra: string[] = []) {
  const config = loadConfigText(minimalYaml(auditYaml(1, ['        maxBodyBytes: 4096', '        cors:', '            allowedOrigins: [https://sense.lab.local]', ...extra])), 'a.yaml', {}).config;
  config.auditEvents.port = 0 as number;
  return AuditService.start({ config, logger: silentLogger(), engine, appVersion: '0.1.0', reportError: () => {} });
}

for (const { engine, available } of engines) {
  test(`${engine}: 413 for a body over maxBodyBytes, 204 preflight with CORS headers, test-connection, sim --audit`, async (t) => {
    if (!available) {
      if (process.env.CI === 'true' && process.versions.modules === '115') assert.fail('uWebSockets.js must load on Node 20 in CI');
      t.skip(`uWebSockets.js binary does not load on Node ABI ${process.versions.modules}`);
      return;
    }
    const service = await start(engine);
    try {
      const base = `http://127.0.0.1:${service.port}`;
      const big = envelope('audit.event');
      big.payload.event.filler = 'x'.repeat(10_000);
      const r = await postAudit(base, big);
      assert.equal(r.status, 413);
      assert.equal(r.body.outcome, 'dropped');
      const pre = await fetch(`${base}/api/v1/audit-event`, {
        method: 'OPTIONS',
        headers: { Origin: 'https://sense.lab.local', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type, x-audit-qs-version' },
      });
      assert.equal(pre.status, 204);
      assert.equal(pre.headers.get('access-control-allow-origin'), 'https://sense.lab.local');
      assert.match(pre.headers.get('access-control-allow-methods') ?? '', /POST/);
      const tc = await fetch(`${base}/api/v1/test-connection`, { headers: { 'X-Audit-QS-Version': '0.3.1' } });
      assert.equal(tc.status, 200);
      assert.equal(((await tc.json()) as { compatible: boolean }).compatible, true);
      const report = await runAuditMode({ host: '127.0.0.1', port: service.port, token: '', rate: 0, durationS: 20, count: 3 * AUDIT_TYPES.length, concurrency: 4 });
      assert.deepEqual(report.byStatus, { '202': 3 * AUDIT_TYPES.length });
      assert.equal(service.api.accepted, 3 * AUDIT_TYPES.length);
      assert.equal(service.api.refusals.byReason.body_too_large, 1);
    } finally {
      await service.stop(1000);
    }
  });
}

test('sim --audit refuses a host that is not loopback', async () => {
  await assert.rejects(runAuditMode({ host: '192.0.2.10', port: 8195, token: '', rate: 1, durationS: 1, count: 1, concurrency: 1 }), /loopback only/);
});
