import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { configKeyReference, keyReferenceMarkdown } from '../../../src/config/key-reference.js';
import { repoRoot } from '../../support/paths.js';

const docs = readFileSync(join(repoRoot(), 'docs', 'configuration.md'), 'utf8');

test('docs/configuration.md lists every key of the schema with its current default', () => {
  const rows = configKeyReference();
  assert.ok(rows.length > 200, `only ${rows.length} keys`);
  const missing = rows.filter((r) => !docs.includes(`| \`${r.path}\` |`)).map((r) => r.path);
  assert.deepEqual(missing, [], 'keys missing from docs/configuration.md; paste keyReferenceMarkdown() output');
  // The whole generated table is in the document, so defaults cannot drift either.
  assert.ok(docs.includes(keyReferenceMarkdown()), 'the key table in docs/configuration.md is out of date (node dist/src/config/write-key-reference.js)');
});

test('the reference marks gated and optional keys', () => {
  const byPath = new Map(configKeyReference().map((r) => [r.path, r.default]));
  assert.equal(byPath.get('mqttConfig.brokerHost'), 'required while mqttConfig.enable');
  assert.equal(byPath.get('influxdbConfig.v2Config.org'), 'required while influxdbConfig.version = 2');
  assert.equal(byPath.get('mqttConfig.brokerPort'), '1883');
  assert.equal(byPath.get('delivery.maxBatchLines'), 'optional');
  assert.equal(byPath.get('serversToMonitor.servers[].serverName'), 'required');
});
