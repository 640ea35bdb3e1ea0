import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AuditService } from '../../../src/audit/audit-service.js';
import { loadConfigText } from '../../../src/config/load.js';
import { loadUws } from '../../../src/http/uws-loader.js';
import { silentLogger } from '../../../src/log/logger.js';
import type { ErrorReport } from '../../../src/threads/messages.js';
import { AUDIT_TYPES, auditYaml, envelope, postAudit } from '../../support/audit-events.js';
import { startInfluxd } from '../../support/influxd.js';
import { minimalYaml } from '../../unit/config/helpers.js';

// Every v15 event type posted over HTTP (both engines) lands as one audit_event row in a real InfluxDB 1.x
// with the v15 tags and fields; the database is created by the audit connection's own provisioning.

const engines = [
  { engine: 'uws' as const, available: loadUws().ok },
  { engine: 'node' as const, available: true },
];

for (const { engine, available } of engines) {
  test(`${engine}: every event type reaches InfluxDB 1.x as audit_event with the v15 tags and fields`, async (t) => {
    if (!available) {
      if (process.env.CI === 'true' && process.versions.modules === '115') assert.fail('uWebSockets.js must load on Node 20 in CI');
      t.skip(`uWebSockets.js binary does not load on Node ABI ${process.versions.modules}`);
      return;
    }
    const influx = await startInfluxd();
    if (!influx) return t.skip('influxd missing');
    const db = `audit_${engine}`;
    const yaml = minimalYaml(
      auditYaml(0, [
        '        apiToken: tok-123',
        '        destination:',
        '            enable: true',
        '            type: influxdb',
        '            influxdb:',
        '                metadata:',
        `                    host: ${influx.host}`,
        `                    port: ${influx.port}`,
        '                    version: 1',
        '                    writeFrequency: 200',
        '                    staticTags: [{ name: site, value: lab }]',
        '                    v1Config:',
        '                        auth: { enable: false, username: "", password: "" }',
        `                        dbName: ${db}`,
        '                        retentionPolicy: { name: audit, duration: 30d }',
      ]),
    ).replace('port: 0', 'port: 1');
    const config = loadConfigText(yaml, 'audit.yaml', {}).config;
    config.auditEvents.port = 0 as number;
    const reports: ErrorReport[] = [];
    const service = await AuditService.start({ config, logger: silentLogger(), engine, appVersion: '0.1.0', reportError: (r) => reports.push(r) });
    try {
      const base = `http://127.0.0.1:${service.port}`;
      const sent = AUDIT_TYPES.map((type, i) => envelope(type, i, new Date(Date.UTC(2026, 11, 2, 10, 0, i))));
      for (const e of sent) {
        const r = await postAudit(base, e, { Authorization: 'Bearer tok-123' });
        assert.equal(r.status, 202, JSON.stringify(r.body));
      }
      assert.equal((await postAudit(base, sent[0])).status, 401);
      await service.stop(10_000);
      const rows = await influx.rows('SELECT * FROM audit_event', db, 'ms');
      assert.equal(rows.length, AUDIT_TYPES.length);
      const byId = new Map(rows.map((r) => [r.eventId, r]));
      for (const e of sent) {
        const row = byId.get(e.eventId);
        assert.ok(row, `row of ${e.type}`);
        assert.equal(row.time, Date.parse(e.timestamp));
        assert.equal(row.eventType, e.type);
        assert.equal(row.auditEventSchemaVersion, '1');
        assert.equal(row.correlationId, e.correlationId);
        assert.equal(row.userId, e.payload.context!.user);
        assert.equal(row.appName, 'Sales dashboard');
        assert.equal(row.sheetName, 'Overview');
        assert.equal(row.site, 'lab');
      }
      const view = byId.get(sent[AUDIT_TYPES.indexOf('object.view.duration')].eventId)!;
      assert.equal(view.durationMs, 1502);
      assert.equal(view.visible, true);
      assert.equal(view.leftAt, '2026-12-02T10:00:01.500Z');
      const shot = byId.get(sent[AUDIT_TYPES.indexOf('screenshot.url.received')].eventId)!;
      assert.equal(shot.objectType, 'barchart');
      assert.match(String(shot.screenshotUrl), /^https:\/\/sense\.lab\.local\/tempcontent\//);
      assert.equal(JSON.parse(String(shot.objectData)).objectType, 'barchart');
      const sel = byId.get(sent[AUDIT_TYPES.indexOf('selection.state.changed')].eventId)!;
      assert.deepEqual(JSON.parse(String(sel.selectionDetails)), [{ qField: 'Country', qSelectedCount: 2, qSelected: 'Sweden, Norway' }]);
      assert.equal(reports.filter((r) => r.type !== 'AUDIT_API').length, 0);
      assert.equal(reports.filter((r) => r.type === 'AUDIT_API').length, 1);
    } finally {
      await service.stop(1000);
      await influx.stop();
    }
  });
}
