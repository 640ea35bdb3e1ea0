import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AuditApi } from '../../../src/audit/audit-api.js';
import type { AuditEventDatum } from '../../../src/audit/datum.js';
import { loadConfigText } from '../../../src/config/load.js';
import { startAuditServer } from '../../../src/http/audit-server/start.js';
import { loadUws } from '../../../src/http/uws-loader.js';
import { silentLogger } from '../../../src/log/logger.js';
import type { ErrorReport } from '../../../src/threads/messages.js';
import { auditYaml, envelope, postAudit } from '../../support/audit-events.js';
import { FailingAuditQueue } from '../../support/failing-audit-queue.js';
import { minimalYaml } from '../../unit/config/helpers.js';

// 500 on the wire, on both engines: an internal failure while accepting an event (the queue throws) answers v15's
// error envelope, is counted by reason and reported as AUDIT_API, and the server keeps serving. A failure on the
// 413 path too: the engines' callbacks never see an exception (on uWS it would abort the process).

const engines = [
  { engine: 'uws' as const, available: loadUws().ok },
  { engine: 'node' as const, available: true },
];

for (const { engine, available } of engines) {
  test(`${engine}: 500 with the v15 envelope when the queue throws; counted, reported; the next event is accepted`, async (t) => {
    if (!available) {
      if (process.env.CI === 'true' && process.versions.modules === '115') assert.fail('uWebSockets.js must load on Node 20 in CI');
      t.skip(`uWebSockets.js binary does not load on Node ABI ${process.versions.modules}`);
      return;
    }
    const config = loadConfigText(minimalYaml(auditYaml(1, ['        maxBodyBytes: 4096'])), 'a.yaml', {}).config.auditEvents;
    const published: AuditEventDatum[] = [];
    const reports: ErrorReport[] = [];
    const logger = silentLogger();
    const queue = new FailingAuditQueue(config.queue, (d) => published.push(d), (err) => assert.fail(String(err)));
    const api = new AuditApi(config, { logger, queue, appVersion: '0.1.0', reportError: (r) => reports.push(r), tls: false });
    const server = await startAuditServer({ host: '127.0.0.1', port: 0, tls: null, maxBodyBytes: config.maxBodyBytes, handle: (req) => api.handle(req) }, engine, logger);
    try {
      const base = `http://127.0.0.1:${server.port}`;
      const r = await postAudit(base, envelope('object.view.duration', 1));
      assert.equal(r.status, 500);
      assert.deepEqual(Object.keys(r.body).sort(), ['outcome', 'reason', 'receivedAt', 'status']);
      assert.deepEqual({ status: r.body.status, outcome: r.body.outcome, reason: r.body.reason }, { status: 'error', outcome: 'error', reason: 'Internal error while processing event' });
      assert.match(r.headers.get('content-type') ?? '', /^application\/json/);
      assert.equal(r.headers.get('x-frame-options'), 'DENY');

      queue.failIn = 'countDroppedSize';
      queue.failures = 1;
      const big = envelope('audit.event', 2);
      big.payload.event.filler = 'x'.repeat(10_000);
      const r2 = await postAudit(base, big);
      assert.equal(r2.status, 500);
      assert.equal(r2.body.reason, 'Internal error while processing event');

      assert.equal((await postAudit(base, envelope('object.view.duration', 3))).status, 202);
      assert.equal(api.refusals.byReason.internal, 2);
      assert.deepEqual(
        reports.map((x) => [x.type, x.module, x.err?.httpStatus]),
        [
          ['AUDIT_API', 'AUDIT_EVENTS', 500],
          ['AUDIT_API', 'AUDIT_EVENTS', 500],
        ],
      );
      await new Promise((resolve) => setImmediate(resolve));
      assert.equal(published.length, 1);
    } finally {
      await server.close();
    }
  });
}
