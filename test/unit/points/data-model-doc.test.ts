import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderDataModel } from '../../../src/points/docs.js';
import { ALL_SCHEMAS } from '../../../src/points/index.js';
import { repoRoot } from '../../support/paths.js';

test('docs/data-model.md is what the schemas render (regenerate: node dist/src/points/write-data-model.js)', () => {
  const onDisk = readFileSync(join(repoRoot(), 'docs', 'data-model.md'), 'utf8');
  assert.equal(onDisk, renderDataModel());
});

test('every measurement is documented with its per-version names', () => {
  const doc = renderDataModel();
  for (const schema of ALL_SCHEMAS) assert.ok(doc.includes(`## \`${schema.measurement}\``), schema.measurement);
  assert.ok(doc.includes('| field | `userFull` string | `userFull` string | `userFull_field` string |'));
  assert.ok(doc.includes('| field | `calls` integer | `calls` uinteger | `calls` integer |'));
  assert.ok(doc.includes('| field | — | `session_count` uinteger | `session_count` integer |'));
});
