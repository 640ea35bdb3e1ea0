import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asyncBufferFromFile, parquetReadObjects } from 'hyparquet';
import { AuditService } from '../../../src/audit/audit-service.js';
import { loadConfigText } from '../../../src/config/load.js';
import { silentLogger } from '../../../src/log/logger.js';
import { AUDIT_TYPES, auditYaml, envelope, postAudit } from '../../support/audit-events.js';
import { minimalYaml } from '../../unit/config/helpers.js';

// Every v15 event type posted over HTTP becomes a Parquet row in <YYYYMMDD>_part<N>.parquet of its UTC day,
// read back with hyparquet's reader (not the writer's code path); objectData goes to one JSON file per event.

test('node: every event type lands in the Parquet part file of its UTC day; objectData as JSON files', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'audit-files-'));
  const parquetDir = join(dir, 'parquet');
  const jsonDir = join(dir, 'json');
  const yaml = minimalYaml(
    auditYaml(1, [
      '        destination:',
      '            enable: true',
      '            type: parquet, json',
      '            parquet:',
      '                metadata:',
      `                    exportDirectory: ${parquetDir}`,
      '                    writeFrequency: 100',
      '                    staticTags: [{ name: site, value: lab }]',
      '            json:',
      '                objectdata:',
      '                    enable: true',
      `                    exportDirectory: ${jsonDir}`,
    ]),
  );
  const config = loadConfigText(yaml, 'audit.yaml', {}).config;
  config.auditEvents.port = 0 as number;
  const service = await AuditService.start({ config, logger: silentLogger(), engine: 'node', appVersion: '0.1.0', reportError: () => assert.fail('no error expected') });
  try {
    const base = `http://127.0.0.1:${service.port}`;
    // Two UTC days: the last five events are after midnight.
    const sent = AUDIT_TYPES.map((type, i) => envelope(type, i, new Date(Date.UTC(2026, 11, 2, 23, 59, 55 + i))));
    for (const e of sent) assert.equal((await postAudit(base, e)).status, 202);
    await service.stop(10_000);
    const files = readdirSync(parquetDir).sort();
    // One part per batch and day; how the posts fell into batches depends on timing, the days do not.
    for (const f of files) assert.match(f, /^2026120[23]_part\d+\.parquet$/);
    assert.deepEqual([...new Set(files.map((f) => f.slice(0, 8)))], ['20261202', '20261203']);
    const rows: Array<Record<string, unknown>> = [];
    for (const f of files) {
      const part = await parquetReadObjects({ file: await asyncBufferFromFile(join(parquetDir, f)) });
      for (const r of part) assert.equal(r.date, f.slice(0, 8), `${f} holds only rows of its day`);
      rows.push(...part);
    }
    assert.equal(rows.length, AUDIT_TYPES.length);
    const byId = new Map(rows.map((r) => [r.eventId, r]));
    for (const e of sent) {
      const row = byId.get(e.eventId)!;
      assert.ok(row, e.type);
      assert.equal(row.eventType, e.type);
      assert.equal(new Date(row.timestamp as Date).getTime(), Date.parse(e.timestamp));
      assert.equal(row.date, e.timestamp.slice(0, 10).replace(/-/g, ''));
      assert.equal(row.userId, e.payload.context!.user);
      assert.equal(row.appName, 'Sales dashboard');
      assert.equal(row.tags, '{"site":"lab"}');
    }
    const view = byId.get(sent[AUDIT_TYPES.indexOf('object.view.duration')].eventId)!;
    assert.equal(view.durationMs, 1502n);
    assert.equal(view.visible, true);
    const shot = sent[AUDIT_TYPES.indexOf('screenshot.url.received')];
    assert.equal(byId.get(shot.eventId)!.objectType, 'barchart');
    const json = readdirSync(jsonDir);
    assert.equal(json.length, 1);
    assert.match(json[0], new RegExp(`_${shot.eventId}_corr-6\\.json$`));
    assert.deepEqual(JSON.parse(readFileSync(join(jsonDir, json[0]), 'utf8')), shot.payload.event.objectData);
  } finally {
    await service.stop(1000);
    rmSync(dir, { recursive: true, force: true });
  }
});
