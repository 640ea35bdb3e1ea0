import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { METRICS } from '../../../../src/destinations/open-telemetry/metric-catalog.js';
import { SEVERITY_TABLE, severityOf } from '../../../../src/destinations/open-telemetry/severity.js';
import { repoRoot } from '../../../support/paths.js';

const doc = readFileSync(join(repoRoot(), 'docs', 'open-telemetry.md'), 'utf8');

test('Qlik levels map onto the OTel severity ranges; unknown levels are UNSPECIFIED', () => {
  assert.deepEqual(['DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'].map(severityOf), [5, 9, 13, 17, 21]);
  assert.equal(severityOf('warn'), 13, 'case-insensitive');
  assert.equal(severityOf(' Error '), 17);
  assert.equal(severityOf('LOUD'), 0);
  assert.equal(severityOf(''), 0);
});

test('docs/open-telemetry.md lists every metric (name, unit, shape) and every severity mapping', () => {
  for (const [name, def] of Object.entries(METRICS)) {
    const row = doc.split('\n').find((l) => l.startsWith(`| \`${name}\` |`));
    assert.ok(row, `${name} has a row`);
    assert.ok(row.includes(`\`${def.unit}\``), `${name}: unit ${def.unit}`);
    assert.ok(row.includes(def.shape), `${name}: ${def.shape}`);
  }
  for (const [level, n] of Object.entries(SEVERITY_TABLE)) assert.match(doc, new RegExp(`\\| ${level} \\| ${n} \\|`), level);
});
