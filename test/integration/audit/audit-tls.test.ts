import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { AuditService } from '../../../src/audit/audit-service.js';
import { loadConfigText } from '../../../src/config/load.js';
import { loadUws } from '../../../src/http/uws-loader.js';
import { silentLogger } from '../../../src/log/logger.js';
import { AUDIT_QS_VERSION, auditYaml, envelope } from '../../support/audit-events.js';
import { minimalYaml } from '../../unit/config/helpers.js';

// auditEvents.tls on both engines: a fresh self-signed certificate (openssl), a client that trusts only it,
// 202 over HTTPS with HSTS; the token is still required.

const engines = [
  { engine: 'uws' as const, available: loadUws().ok },
  { engine: 'node' as const, available: true },
];

for (const { engine, available } of engines) {
  test(`${engine}: HTTPS with auditEvents.tls accepts events and sends HSTS`, async (t) => {
    if (!available) {
      if (process.env.CI === 'true' && process.versions.modules === '115') assert.fail('uWebSockets.js must load on Node 20 in CI');
      t.skip(`uWebSockets.js binary does not load on Node ABI ${process.versions.modules}`);
      return;
    }
    const dir = mkdtempSync(join(tmpdir(), 'audit-tls-'));
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
    const yaml = minimalYaml(auditYaml(1, ['        apiToken: t0k', '        tls:', '            enable: true', `            cert: ${join(dir, 'cert.pem')}`, `            key: ${join(dir, 'key.pem')}`]));
    const config = loadConfigText(yaml, 'a.yaml', {}).config;
    config.auditEvents.port = 0 as number;
    const service = await AuditService.start({ config, logger: silentLogger(), engine, appVersion: '0.1.0', reportError: () => {} });
    const agent = new Agent({ connect: { ca: readFileSync(join(dir, 'cert.pem'), 'utf8') } });
    try {
      const url = `https://127.0.0.1:${service.port}/api/v1/audit-event`;
      const post = (auth: string) =>
        request(url, { method: 'POST', dispatcher: agent, headers: { 'content-type': 'application/json', 'x-audit-qs-version': AUDIT_QS_VERSION, authorization: auth }, body: JSON.stringify(envelope('navigation.sheet.loaded')) });
      const ok = await post('Bearer t0k');
      assert.equal(ok.statusCode, 202);
      assert.match(String(ok.headers['strict-transport-security']), /max-age=31536000/);
      assert.equal(((await ok.body.json()) as { status: string }).status, 'accepted');
      const denied = await post('Bearer nope');
      assert.equal(denied.statusCode, 401);
      await denied.body.dump();
    } finally {
      await agent.close();
      await service.stop(1000);
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
