import { test } from 'node:test';
import assert from 'node:assert/strict';
import { auditConfigProblems } from '../../../src/audit/config-check.js';
import { loadConfigText } from '../../../src/config/load.js';
import type { AuditEnvelope } from '../../../src/audit/envelope.js';
import { auditPoint } from '../../../src/destinations/audit-influxdb/audit-point.js';
import { fileRecord } from '../../../src/destinations/audit-files/file-row.js';
import { auditYaml, envelope } from '../../support/audit-events.js';
import { minimalYaml } from '../config/helpers.js';
import { encodeLine } from '../../../src/points/line-protocol.js';

test('audit_event line: v15 tags, typed fields, the envelope timestamp as time', () => {
  const e = envelope('object.view.duration', 3, new Date(Date.UTC(2026, 11, 2, 10, 0, 0))) as AuditEnvelope;
  const line = encodeLine(auditPoint('audit_event', '1', [['site', 'lab']], 1, { event: e, receivedUs: 0 }));
  assert.match(line, /^audit_event,eventType=object\.view\.duration,auditEventSchemaVersion=1,eventId=[0-9a-f-]{36},correlationId=corr-3,selectionTxnId=[0-9a-f-]{36},userId=LAB\\user3,appId=4f6e2a1c-8b3d-4e5f-9a0b-1c2d3e4f5a6b,appName=Sales\\ dashboard,site=lab /);
  assert.match(line, /[ ,]durationMs=1503,/);
  assert.match(line, /,visible=true /);
  assert.ok(line.endsWith(` ${Date.UTC(2026, 11, 2, 10, 0, 0)}000000`));
  const v2 = encodeLine(auditPoint('audit_event', '1', [], 2, { event: e, receivedUs: 0 }));
  assert.match(v2, /visible=T /);
});

test('an event without any field value still makes a point (eventCount=1)', () => {
  const e = envelope('audit.event') as AuditEnvelope;
  e.payload = { event: {} };
  assert.match(encodeLine(auditPoint('audit_event', '1', [], 1, { event: e, receivedUs: 0 })), / eventCount=1 /);
});

test('Parquet record: v15 columns; fractional durations are null; the UTC day names the file', () => {
  const raw = envelope('object.view.duration', 1, new Date(Date.UTC(2026, 11, 31, 23, 59, 59)));
  raw.payload.event.duration = 12.5;
  const e = raw as AuditEnvelope;
  const r = fileRecord({ event: e, receivedUs: 0 }, '{"site":"lab"}');
  assert.equal(r.date, '20261231');
  assert.equal(r.durationMs, null);
  assert.equal(r.tags, '{"site":"lab"}');
  assert.equal(r.userId, 'LAB\\user1');
});

function problems(extra: string[]): string[] {
  return auditConfigProblems(loadConfigText(minimalYaml(auditYaml(8195, extra)), 'a.yaml', {}, { skipVerification: true }).config.auditEvents);
}

test('start-up checks: qvd, screenshots, objectdata and missing TLS files are refused with one line each', () => {
  assert.deepEqual(problems([]), []);
  const p = problems([
    '        tls: { enable: true, cert: /nonexistent/cert.pem, key: "" }',
    '        destination:',
    '            enable: true',
    '            type: influxdb, qvd, sql',
    '            screenshots: { enable: true, downloadTimeoutMs: 5000, storageTargets: [] }',
  ]);
  assert.equal(p.length, 6, p.join('\n'));
  assert.ok(p.some((l) => l.startsWith('Butler-SOS.auditEvents.tls.cert: file /nonexistent/cert.pem does not exist')));
  assert.ok(p.some((l) => l.startsWith('Butler-SOS.auditEvents.tls.key: required')));
  assert.ok(p.some((l) => l === 'Butler-SOS.auditEvents.destination.screenshots.enable: screenshot download is not supported by this edition (settings given: downloadTimeoutMs, storageTargets); set it to false'));
  assert.ok(p.some((l) => /unknown output "sql"/.test(l)));
  assert.ok(p.some((l) => /qvd output is not supported/.test(l)));
  assert.ok(p.some((l) => /influxdb\.metadata: required/.test(l)));
});

test('start-up checks: objectdata storage is refused for a listed output; sections of unlisted outputs do nothing, as in v15', () => {
  const p = problems([
    '        destination:',
    '            enable: true',
    '            type: parquet',
    '            parquet:',
    '                metadata: { exportDirectory: /tmp/audit-pq }',
    '                objectdata: { enable: true, exportDirectory: /tmp/audit-od }',
    '            influxdb:',
    '                metadata: { host: 127.0.0.1 }',
    '                objectdata: { enable: true }',
    '            qvd:',
    '                metadata: { exportDirectory: /tmp/audit-qvd }',
    '                objectdata: { enable: false }',
  ]);
  assert.deepEqual(p, [
    'Butler-SOS.auditEvents.destination.parquet.objectdata.enable: separate objectdata storage (exportDirectory /tmp/audit-od) is not supported by this edition; objectData is in every metadata row',
  ]);
  const shots = problems(['        destination:', '            screenshots: { enable: true }']);
  assert.deepEqual(shots, ['Butler-SOS.auditEvents.destination.screenshots.enable: screenshot download is not supported by this edition; set it to false']);
});
